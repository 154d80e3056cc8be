package io.botswarm.telegram;

import akka.actor.typed.ActorSystem;
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
 * A bot's token on this node, for its gateway, the transport and the webhook endpoint: by bot id
 * ({@link BotTokens#token}), or else from the reference the bot's definition declares ({@code
 * env:NAME}, {@code file:KEY}), asked of the bot entity without blocking and resolved here. What a
 * reference led to is kept in memory for the node's life, because the environment and the token
 * file do not change under a running node; a miss is kept too, so that it is reported once rather
 * than at every wake. Nothing of it is journaled.
 */
final class TokenLookup {

  /** What a lookup found: a token, or nothing where the node looked. */
  sealed interface Found permits Token, Missing {}

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

  private final BotTokens tokens;
  private final Function<String, CompletionStage<String>> declaredRef;
  private final Map<String, Found> byReference = new ConcurrentHashMap<>();
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  /**
   * @param declaredRef the token reference a bot's definition declares, null when it names none
   */
  TokenLookup(BotTokens tokens, Function<String, CompletionStage<String>> declaredRef) {
    this.tokens = tokens;
    this.declaredRef = declaredRef;
  }

  /** Asks the bot entities of {@code system} for their declared references. */
  static TokenLookup create(ActorSystem<?> system, BotTokens tokens) {
    var bots = new BotClient(system);
    return new TokenLookup(
        tokens,
        botId ->
            bots.describe(botId).thenApply(d -> d.declared().map(BotSpec::tokenRef).orElse(null)));
  }

  /**
   * Looks the token up afresh: by bot id at once, else from the bot's declared reference (which may
   * have changed since the last lookup). Fails only when the bot entity did not answer.
   */
  CompletionStage<Found> find(String botId) {
    var byId = byId(botId);
    if (byId.isPresent()) return CompletableFuture.completedFuture(byId.get());
    return declaredRef
        .apply(botId)
        .thenApply(
            ref -> {
              Found found = resolve(botId, ref);
              byReference.put(botId, found);
              return found;
            });
  }

  /** As {@link #find}, but a token found before is taken as it is, without asking the bot. */
  CompletionStage<Found> findKnown(String botId) {
    return known(botId)
        .<CompletionStage<Found>>map(CompletableFuture::completedFuture)
        .orElseGet(() -> find(botId));
  }

  /** The token this node has for the bot by its id. */
  Optional<Token> byId(String botId) {
    return tokens.token(botId).map(t -> new Token(t, null, tokens.source(botId)));
  }

  /** A token found without asking anyone: by bot id, or from a reference resolved before. */
  Optional<Token> known(String botId) {
    var byId = byId(botId);
    if (byId.isPresent()) return byId;
    return byReference.get(botId) instanceof Token t ? Optional.of(t) : Optional.empty();
  }

  /** What the last lookup of a bot without a token by id missed, if it missed. */
  Optional<Missing> missed(String botId) {
    return byReference.get(botId) instanceof Missing m ? Optional.of(m) : Optional.empty();
  }

  /** Bots whose token this node found by their declared reference. */
  Set<String> resolvedIds() {
    return byReference.entrySet().stream()
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
