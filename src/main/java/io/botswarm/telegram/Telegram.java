package io.botswarm.telegram;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Telegram on a node: the gateways of the tokens this node has, woken now and every half minute
 * (sharding runs each one once in the cluster, wherever it lands), the webhook endpoint in webhook
 * mode, and the transport its coordinators post through.
 */
public final class Telegram {

  private static final Duration WAKE_EVERY = Duration.ofSeconds(30);

  private Telegram() {}

  /**
   * Starts Telegram when the node has bot tokens; empty when it has none (the caller's transport is
   * used then).
   *
   * @param owned what the node closes when it stops
   */
  public static Optional<ChatTransport> start(
      ActorSystem<?> system,
      BotTokens tokens,
      TelegramSettings settings,
      List<AutoCloseable> owned) {
    if (tokens.isEmpty()) return Optional.empty();
    var config = system.settings().config();
    var http = TelegramApi.httpClient(settings.callTimeout());
    owned.add(
        () -> {
          http.dispatcher().cancelAll();
          http.dispatcher().executorService().shutdown();
          http.connectionPool().evictAll();
        });
    var inbound = new Inbound(new ChatClient(system));
    TelegramGateway.init(
        system,
        new TelegramGateway.Services(tokens, settings, http, inbound),
        config.getInt("botswarm.bot.snapshot-every"));
    if (settings.mode() == TelegramSettings.Mode.WEBHOOK)
      owned.add(WebhookEndpoint.start(system, settings.webhook(), tokens, inbound));
    var sharding = ClusterSharding.get(system);
    system
        .scheduler()
        .scheduleAtFixedRate(
            Duration.ZERO,
            WAKE_EVERY,
            () ->
                tokens
                    .botIds()
                    .forEach(
                        id ->
                            sharding
                                .entityRefFor(TelegramGateway.ENTITY_KEY, id)
                                .tell(TelegramGateway.Wake.INSTANCE)),
            system.executionContext());
    return Optional.of(new TelegramTransport(system, tokens, settings));
  }
}
