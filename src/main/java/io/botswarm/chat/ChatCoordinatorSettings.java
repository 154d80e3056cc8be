package io.botswarm.chat;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/** The {@code botswarm.chat} block: default limits, the over-limit policy, dedup and turns. */
public record ChatCoordinatorSettings(
    ChatLimits limits,
    Duration maxDeferral,
    int maxDeferred,
    Duration dedupWindow,
    int dedupMessages,
    double nearDuplicate,
    int maxResponders,
    double botReplyChance,
    int maxBotChain,
    Duration starterEvery,
    Duration tick,
    Duration draftRetryFor,
    int history,
    int snapshotEvery,
    Duration answerWindow,
    Backlog backlog) {

  /**
   * What the chat gets after messages older than {@code answer-window} (queued while the swarm was
   * down): they are journaled and heard either way.
   */
  public enum Backlog {
    /** Nobody answers them. */
    SILENT,
    /** One bot answers the latest of them, once the backlog has settled (a tick without more). */
    ANSWER_LATEST
  }

  public static ChatCoordinatorSettings create(ActorSystem<?> system) {
    return fromConfig(system.settings().config().getConfig("botswarm.chat"));
  }

  public static ChatCoordinatorSettings fromConfig(Config c) {
    double near = c.getDouble("dedup.near-threshold");
    if (near <= 0 || near > 1) throw bad(c, "dedup.near-threshold", "must be in (0, 1]");
    double chance = c.getDouble("turns.bot-reply-chance");
    if (chance < 0 || chance > 1) throw bad(c, "turns.bot-reply-chance", "must be in [0, 1]");
    return new ChatCoordinatorSettings(
        ChatLimits.fromConfig(c.getConfig("limits")),
        c.getDuration("over-limit.max-deferral"),
        Math.max(0, c.getInt("over-limit.max-deferred")),
        c.getDuration("dedup.window"),
        Math.max(1, c.getInt("dedup.window-messages")),
        near,
        Math.max(0, c.getInt("turns.max-responders")),
        chance,
        Math.max(0, c.getInt("turns.max-bot-chain")),
        c.getDuration("turns.starter-every"),
        c.getDuration("turns.tick"),
        c.getDuration("turns.draft-retry-for"),
        Math.max(1, c.getInt("history")),
        Math.max(0, c.getInt("snapshot-every")),
        positive(c, "backlog.answer-window"),
        backlog(c));
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) throw bad(c, key, "must be a positive duration, e.g. 10m");
    return d;
  }

  private static Backlog backlog(Config c) {
    String policy = c.getString("backlog.policy");
    return switch (policy) {
      case "silent" -> Backlog.SILENT;
      case "answer-latest" -> Backlog.ANSWER_LATEST;
      default -> throw bad(c, "backlog.policy", "is '" + policy + "'; use silent or answer-latest");
    };
  }

  private static ConfigException bad(Config c, String key, String why) {
    return new ConfigException.BadValue(c.origin(), "botswarm.chat." + key, why);
  }
}
