package io.botswarm.bot;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The {@code botswarm.bot} configuration block, read and checked once.
 *
 * @param reflectAfter conversation memories a bot keeps before it condenses some into a reflection
 * @param reflectBatch how many of the oldest conversation memories one reflection condenses
 * @param snapshotEvery events between snapshots; 0 turns snapshots off
 * @param recoverFromSnapshots off replays every event from the start (for debugging a snapshot)
 */
public record BotSettings(
    int memoryCap,
    int reflectAfter,
    int reflectBatch,
    Duration stanceCooldown,
    Duration emotionHalfLife,
    int snapshotEvery,
    int keepSnapshots,
    boolean recoverFromSnapshots,
    Duration askTimeout) {

  public static BotSettings create(ActorSystem<?> system) {
    return fromConfig(system.settings().config().getConfig("botswarm.bot"));
  }

  /** Reads the block, failing with a {@link ConfigException} that names the bad key. */
  public static BotSettings fromConfig(Config c) {
    int memoryCap = c.getInt("memory-cap");
    if (memoryCap < 1) throw bad(c, "memory-cap", "must be at least 1");
    int reflectBatch = c.getInt("reflect-batch");
    if (reflectBatch < 2) throw bad(c, "reflect-batch", "must be at least 2");
    int reflectAfter = c.getInt("reflect-after");
    if (reflectAfter < reflectBatch || reflectAfter >= memoryCap)
      throw bad(c, "reflect-after", "must be at least reflect-batch and below memory-cap");
    int snapshotEvery = c.getInt("snapshot-every");
    if (snapshotEvery < 0) throw bad(c, "snapshot-every", "must be 0 (off) or more");
    int keepSnapshots = c.getInt("keep-snapshots");
    if (keepSnapshots < 1) throw bad(c, "keep-snapshots", "must be at least 1");
    return new BotSettings(
        memoryCap,
        reflectAfter,
        reflectBatch,
        positive(c, "stance-cooldown"),
        positive(c, "emotion-half-life"),
        snapshotEvery,
        keepSnapshots,
        c.getBoolean("recover-from-snapshots"),
        positive(c, "ask-timeout"));
  }

  public BotSettings withSnapshotEvery(int events) {
    return new BotSettings(
        memoryCap,
        reflectAfter,
        reflectBatch,
        stanceCooldown,
        emotionHalfLife,
        events,
        keepSnapshots,
        recoverFromSnapshots,
        askTimeout);
  }

  public BotSettings withRecoverFromSnapshots(boolean on) {
    return new BotSettings(
        memoryCap,
        reflectAfter,
        reflectBatch,
        stanceCooldown,
        emotionHalfLife,
        snapshotEvery,
        keepSnapshots,
        on,
        askTimeout);
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) throw bad(c, key, "must be a positive duration");
    return d;
  }

  private static ConfigException bad(Config c, String key, String why) {
    return new ConfigException.BadValue(c.origin(), "botswarm.bot." + key, why);
  }
}
