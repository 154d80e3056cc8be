package io.botswarm.bot;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The typed facade over bot entities for callers outside actors (the CLI, HTTP routes, tests): one
 * method per command, each an ask with the configured timeout. A rejected command fails the stage
 * with {@code StatusReply.ErrorMessage} carrying the bot's reason.
 */
public final class BotClient {

  private final ClusterSharding sharding;
  private final Duration timeout;

  public BotClient(ActorSystem<?> system) {
    this(system, BotSettings.create(system).askTimeout());
  }

  /** With its own timeout, for callers that may meet shards on the move (populating a cluster). */
  public BotClient(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  public CompletionStage<Profile> register(String botId, Persona persona) {
    return bot(botId).askWithStatus(replyTo -> new Bot.Register(persona, replyTo), timeout);
  }

  public CompletionStage<Profile> setEnabled(String botId, boolean enabled) {
    return bot(botId).askWithStatus(replyTo -> new Bot.SetEnabled(enabled, replyTo), timeout);
  }

  public CompletionStage<Profile> feel(String botId, Mood mood, double intensity, String cause) {
    return bot(botId)
        .askWithStatus(replyTo -> new Bot.FeelEmotion(mood, intensity, cause, replyTo), timeout);
  }

  public CompletionStage<Profile> takeStance(
      String botId, String topic, double position, double confidence, String rationale) {
    return bot(botId)
        .askWithStatus(
            replyTo -> new Bot.TakeStance(topic, position, confidence, rationale, replyTo),
            timeout);
  }

  public CompletionStage<Profile> trade(
      String botId, String symbol, BigDecimal quantity, BigDecimal price) {
    return bot(botId)
        .askWithStatus(replyTo -> new Bot.Trade(symbol, quantity, price, replyTo), timeout);
  }

  public CompletionStage<Bot.Recorded> remember(
      String botId, MemoryType type, String content, double relevance) {
    return bot(botId)
        .askWithStatus(replyTo -> new Bot.RecordMemory(type, content, relevance, replyTo), timeout);
  }

  public CompletionStage<Profile> touchMemories(String botId, List<Long> memoryIds) {
    return bot(botId).askWithStatus(replyTo -> new Bot.TouchMemories(memoryIds, replyTo), timeout);
  }

  /**
   * The bot takes in a chat message ({@code ownMessage}: one it said itself); the answer says what
   * the message changed.
   */
  public CompletionStage<Bot.Heard> hear(
      String botId, String speaker, String text, boolean ownMessage) {
    return bot(botId)
        .askWithStatus(replyTo -> new Bot.Hear(speaker, text, ownMessage, replyTo), timeout);
  }

  public CompletionStage<Profile> profile(String botId) {
    return bot(botId).askWithStatus(Bot.GetProfile::new, timeout);
  }

  /**
   * Makes the bot what {@code spec} declares (registering it if need be); with {@code dryRun}, only
   * says what that would journal.
   */
  public CompletionStage<Bot.SpecApplied> applySpec(String botId, BotSpec spec, boolean dryRun) {
    return bot(botId).askWithStatus(replyTo -> new Bot.ApplySpec(spec, dryRun, replyTo), timeout);
  }

  /** Takes the bot out of the swarm, keeping its journal; a removed bot stays removed. */
  public CompletionStage<Bot.SpecApplied> remove(String botId) {
    return bot(botId).askWithStatus(Bot.Remove::new, timeout);
  }

  /** The bot's status, declared spec and live profile, for a bot in any state. */
  public CompletionStage<Bot.BotDescription> describe(String botId) {
    return bot(botId).askWithStatus(Bot.Describe::new, timeout);
  }

  private EntityRef<Bot.Command> bot(String botId) {
    return sharding.entityRefFor(Bot.ENTITY_KEY, botId);
  }
}
