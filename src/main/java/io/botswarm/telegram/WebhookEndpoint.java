package io.botswarm.telegram;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.stream.Materializer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.http.HttpEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Every node's webhook endpoint, {@code POST /telegram/<bot id>}: Telegram (through a load
 * balancer) delivers a bot's updates to any node. A request without the configured {@code
 * X-Telegram-Bot-Api-Secret-Token} is refused (the telegrambots webhook server does not check it),
 * and one for a bot the swarm does not have or this node finds no token for (by bot id or its
 * definition's reference) is 404; an update is answered 200 once its coordinator has it, 503 when
 * it could not be reached (Telegram delivers it again), and 200 when it cannot be parsed (logged: a
 * retry would not mend it).
 */
public final class WebhookEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final String PREFIX = "/telegram/";

  private final HttpEndpoint endpoint;
  private final byte[] secret;
  private final TokenLookup tokens;
  private final Inbound inbound;

  private WebhookEndpoint(
      ActorSystem<?> system,
      TelegramSettings.Webhook settings,
      TokenLookup tokens,
      Inbound inbound) {
    this.secret = settings.secret().orElseThrow().getBytes(StandardCharsets.UTF_8);
    this.tokens = tokens;
    this.inbound = inbound;
    Materializer materializer = Materializer.matFromSystem(system);
    this.endpoint =
        HttpEndpoint.bind(
            system,
            "the Telegram webhook endpoint",
            settings.hostname(),
            settings.port(),
            classic -> request -> handle(request, materializer));
  }

  static WebhookEndpoint start(
      ActorSystem<?> system,
      TelegramSettings.Webhook settings,
      TokenLookup tokens,
      Inbound inbound) {
    return new WebhookEndpoint(system, settings, tokens, inbound);
  }

  public int port() {
    return endpoint.port();
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, Materializer materializer) {
    String path = request.getUri().path();
    if (!request.method().equals(HttpMethods.POST) || !path.startsWith(PREFIX))
      return done(StatusCodes.NOT_FOUND);
    String given =
        request.getHeader("X-Telegram-Bot-Api-Secret-Token").map(h -> h.value()).orElse("");
    if (!MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
      request.discardEntityBytes(materializer);
      log.warn("webhook: a request to {} without the right secret token was refused", path);
      return done(StatusCodes.UNAUTHORIZED);
    }
    String botId = path.substring(PREFIX.length());
    return tokens
        .findKnown(botId)
        .handle(
            (found, error) -> {
              if (error != null) {
                request.discardEntityBytes(materializer);
                log.warn(
                    "webhook: bot {}: its token could not be looked up: {}",
                    botId,
                    error.toString());
                return done(StatusCodes.SERVICE_UNAVAILABLE);
              }
              if (!(found instanceof TokenLookup.Token)) {
                request.discardEntityBytes(materializer);
                return done(StatusCodes.NOT_FOUND);
              }
              return deliver(request, botId, materializer);
            })
        .thenCompose(response -> response);
  }

  private CompletionStage<HttpResponse> deliver(
      HttpRequest request, String botId, Materializer materializer) {
    return request
        .entity()
        .toStrict(10_000, materializer)
        .thenCompose(
            body -> {
              Update update;
              try {
                update = JSON.readValue(body.getData().utf8String(), Update.class);
              } catch (Exception e) {
                log.warn(
                    "webhook: bot {} got a malformed update, skipped: {}",
                    botId,
                    e.getClass().getSimpleName());
                return done(StatusCodes.OK);
              }
              return inbound
                  .deliver(botId, List.of(update))
                  .thenApply(d -> HttpResponse.create().withStatus(StatusCodes.OK))
                  .exceptionally(
                      e -> {
                        log.warn(
                            "webhook: bot {} update {} not delivered, Telegram will retry: {}",
                            botId,
                            update.getUpdateId(),
                            e.toString());
                        return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE);
                      });
            });
  }

  private static CompletionStage<HttpResponse> done(akka.http.javadsl.model.StatusCode status) {
    return CompletableFuture.completedFuture(HttpResponse.create().withStatus(status));
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
