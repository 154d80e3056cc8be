package io.botswarm.telegram;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.botswarm.chat.ChatTransport;
import io.botswarm.generation.Generator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Coordinators post through the gateway of the bot that speaks, wherever in the cluster it runs. A
 * bot without a token here (by bot id or the reference its definition names), or not in the swarm,
 * fails at once; an answer that does not come back in time is an unknown outcome (the gateway may
 * still have posted it), never a failure.
 */
public final class TelegramTransport implements ChatTransport {

  /** The most parts a long text is split into: a chat is not flooded by one bot's essay. */
  public static final int MAX_PARTS = 4;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final TokenLookup tokens;
  private final TelegramSettings settings;
  private final Optional<HttpClient> verdicts;

  public TelegramTransport(ActorSystem<?> system, BotTokens tokens, TelegramSettings settings) {
    this(system, TokenLookup.create(system, tokens), settings);
  }

  TelegramTransport(ActorSystem<?> system, TokenLookup tokens, TelegramSettings settings) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.tokens = tokens;
    this.settings = settings;
    this.verdicts =
        settings.sandboxVerdicts()
            ? Optional.of(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build())
            : Optional.empty();
  }

  @Override
  public CompletionStage<Outcome> send(Outgoing message) {
    return tokens
        .findKnown(message.botId())
        .handle(
            (found, error) ->
                error != null
                    ? CompletableFuture.<Outcome>completedFuture(
                        new Failed(
                            "bot "
                                + message.botId()
                                + ": its token could not be looked up: "
                                + error.getMessage()))
                    : found instanceof TokenLookup.Missing missing
                        ? CompletableFuture.<Outcome>completedFuture(
                            new Failed("bot " + message.botId() + ": " + missing.detail()))
                        : found instanceof TokenLookup.NoBot noBot
                            ? CompletableFuture.<Outcome>completedFuture(new Failed(noBot.detail()))
                            : viaGateway(message))
        .thenCompose(outcome -> outcome);
  }

  private CompletionStage<Outcome> viaGateway(Outgoing message) {
    Instant deadline = Instant.now().plus(settings.sendDeadline());
    // Longer than the gateway's own deadline plus one call, so that its answer normally wins.
    Duration wait = settings.sendDeadline().plus(settings.callTimeout()).plusSeconds(5);
    return AskPattern.<TelegramGateway.Command, Outcome>ask(
            sharding.entityRefFor(TelegramGateway.ENTITY_KEY, message.botId()),
            r ->
                new TelegramGateway.Send(
                    message.chatId(),
                    message.text(),
                    message.replyToMessageId(),
                    deadline,
                    r,
                    message.threadId()),
            wait,
            system.scheduler())
        .exceptionally(
            e -> new Unknown("no answer from the gateway of bot " + message.botId() + " in time"));
  }

  /** With {@code long-text = split}, up to {@link #MAX_PARTS} messages' worth, sent in parts. */
  @Override
  public int maxText() {
    return settings.splitLongText() ? MAX_PARTS * Generator.MAX_TEXT : Generator.MAX_TEXT;
  }

  @Override
  public void typing(String chatId, String botId, long threadId) {
    // Best effort: a bot whose token this node has not found yet shows no "typing…" this time.
    if (tokens.known(botId).isPresent())
      sharding
          .entityRefFor(TelegramGateway.ENTITY_KEY, botId)
          .tell(new TelegramGateway.Typing(chatId, threadId));
  }

  @Override
  public void held(String chatId, String botId, String verdict, String detail) {
    verdicts.ifPresent(
        http ->
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(settings.apiUrl() + "/sandbox/verdicts"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"chat_id\":"
                                + chatId
                                + ",\"bot\":"
                                + quoted(botId)
                                + ",\"verdict\":"
                                + quoted(verdict)
                                + ",\"detail\":"
                                + quoted(detail)
                                + "}"))
                    .build(),
                HttpResponse.BodyHandlers.discarding()));
  }

  private static String quoted(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }
}
