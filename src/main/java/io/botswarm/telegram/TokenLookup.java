package io.botswarm.telegram;

import akka.actor.typed.ActorSystem;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A bot's token on this node, for its gateway, the transport and the webhook endpoint. Only a bot
 * of the swarm has one: the lookup asks the bot entity first (without blocking) and finds nothing
 * for a bot that is unknown or removed, whatever tokens the node holds under that name (a key of
 * the tokens file that a definition's {@code file:KEY} names is no bot). For a bot of the swarm,
 * the reference its definition declares ({@code env:NAME}, {@code file:KEY}) decides; without one,
 * the lookup by bot id ({@link BotTokens#token}). What a lookup found is kept in memory for the
 * node's life, because the environment and the tokens file do not change under a running node; a
 * miss is kept too, so that it is reported once rather than at every wake. Nothing of it is
 * journaled.
 */
final class TokenLookup {

  /** What a lookup found: a token, nothing where the node looked, or no bot at all. */
  sealed interface Found permits Token, Missing, NoBot {}

  /**
   * @param ref the reference it came from, null for the lookup by bot id
   * @param source where it came from, for messages ("the environment variable ANNA_TOKEN")
   */
  record Token(String token, String ref, String source) implements Found {
    @Override
    public String toString() {
      return "a token from " + source;
    }
  }

  /**
   * @param detail what the node looked for and where, to show in the gateway's status
   */
  record Missing(String detail) implements Found {}

  /**
   * The swarm has no such bot (never registered, or removed): nothing polls for it.
   *
   * @param detail which of the two, for messages
   */
  record NoBot(String detail) implements Found {}

  private final BotTokens tokens;
  private final Function<String, CompletionStage<Bot.BotDescription>> describe;
  private final Map<String, Found> lastFound = new ConcurrentHashMap<>();
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  /**
   * @param describe what the bot entity says of a bot: whether it is in the swarm, and the token
   *     reference its definition declares
   */
  TokenLookup(BotTokens tokens, Function<String, CompletionStage<Bot.BotDescription>> describe) {
    this.tokens = tokens;
    this.describe = describe;
  }

  /** Asks the bot entities of {@code system}. */
  static TokenLookup create(ActorSystem<?> system, BotTokens tokens) {
    var bots = new BotClient(system);
    return new TokenLookup(tokens, bots::describe);
  }

  /**
   * Looks the token up afresh, asking the bot whether it is in the swarm and which reference its
   * definition names (either may have changed since the last lookup). Fails only when the bot
   * entity did not answer.
   */
  CompletionStage<Found> find(String botId) {
    return describe
        .apply(botId)
        .thenApply(
            d -> {
              Found found =
                  switch (d.status()) {
                    case UNKNOWN -> new NoBot("bot " + botId + " is not in the swarm");
                    case REMOVED -> new NoBot("bot " + botId + " was removed from the swarm");
                    case ACTIVE -> resolve(botId, d.declared().map(BotSpec::tokenRef).orElse(null));
                  };
              lastFound.put(botId, found);
              return found;
            });
  }

  /** As {@link #find}, but a token found before is taken as it is, without asking the bot. */
  CompletionStage<Found> findKnown(String botId) {
    return known(botId)
        .<CompletionStage<Found>>map(CompletableFuture::completedFuture)
        .orElseGet(() -> find(botId));
  }

  /**
   * A token found without asking anyone: what the last lookup on this node found, or, for a bot not
   * looked up here yet, the token by bot id.
   */
  Optional<Token> known(String botId) {
    var last = lastFound.get(botId);
    if (last != null) return last instanceof Token t ? Optional.of(t) : Optional.empty();
    return tokens.token(botId).map(t -> new Token(t, null, tokens.source(botId)));
  }

  /** What the last lookup of a bot on this node found when it found no token: no bot, or none. */
  Optional<Found> missed(String botId) {
    var last = lastFound.get(botId);
    return last instanceof Token ? Optional.empty() : Optional.ofNullable(last);
  }

  /** Bots whose token this node found. */
  Set<String> resolvedIds() {
    return lastFound.entrySet().stream()
        .filter(e -> e.getValue() instanceof Token)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /**
   * Whether a gateway should log this miss: not when the same miss of the same bot was logged on
   * this node before (a gateway without a token is woken again and again).
   */
  boolean firstReport(String botId, Missing missing) {
    return !missing.detail().equals(reported.put(botId, missing.detail()));
  }

  private Found resolve(String botId, String ref) {
    try {
      return tokens
          .resolve(botId, ref)
          .<Found>map(r -> new Token(r.token(), ref, r.source()))
          .orElseGet(() -> new Missing(missing(botId, ref)));
    } catch (IllegalArgumentException malformed) {
      // The message names the reference and where its value came from, never the value.
      return new Missing(malformed.getMessage());
    }
  }

  private String missing(String botId, String ref) {
    return ref == null
        ? "no token on this node (set " + tokens.where(botId, null) + ")"
        : "no token on this node: its definition names "
            + ref
            + ", and "
            + tokens.where(botId, ref)
            + " is not set here";
  }
}
