package io.botswarm.readmodel;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import com.typesafe.config.Config;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Runs {@link MessageArchive} every {@code botswarm.archive.every}, once in the cluster (a sharded
 * daemon process of one, so it moves with its node and never runs twice at a time), on the blocking
 * JDBC dispatcher.
 */
public final class ArchiveSchedule {

  /** The {@code botswarm.archive} block. */
  public record Settings(boolean enabled, Duration olderThan, Duration every, int batch) {
    public static Settings fromConfig(Config c) {
      return new Settings(
          c.getBoolean("enabled"),
          c.getDuration("older-than"),
          c.getDuration("every"),
          Math.max(1, c.getInt("batch")));
    }
  }

  private interface Message {}

  private enum Run implements Message {
    INSTANCE
  }

  private record Done(MessageArchive.Result result, Throwable error) implements Message {}

  private ArchiveSchedule() {}

  public static void init(ActorSystem<?> system, DataSource primary, Clock clock) {
    Settings settings =
        Settings.fromConfig(system.settings().config().getConfig("botswarm.archive"));
    if (!settings.enabled()) return;
    ShardedDaemonProcess.get(system)
        .init(
            Message.class,
            "message-archive",
            1,
            i -> behavior(primary, settings, clock),
            ShardedDaemonProcessSettings.create(system),
            Optional.empty());
  }

  private static Behavior<Message> behavior(DataSource primary, Settings settings, Clock clock) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Run.INSTANCE, Duration.ZERO, settings.every());
                  Executor blocking =
                      ctx.getSystem()
                          .dispatchers()
                          .lookup(
                              DispatcherSelector.fromConfig(
                                  "akka.projection.jdbc.blocking-jdbc-dispatcher"));
                  return new Archiver(ctx, primary, settings, clock, blocking).idle();
                }));
  }

  private record Archiver(
      ActorContext<Message> ctx,
      DataSource primary,
      Settings settings,
      Clock clock,
      Executor blocking) {

    Behavior<Message> idle() {
      return Behaviors.receive(Message.class)
          .onMessageEquals(
              Run.INSTANCE,
              () -> {
                Instant cutoff = clock.instant().minus(settings.olderThan());
                ctx.pipeToSelf(
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            return MessageArchive.archive(primary, cutoff, settings.batch());
                          } catch (SQLException e) {
                            throw new CompletionException(e);
                          }
                        },
                        blocking),
                    Done::new);
                return running();
              })
          .onMessage(Done.class, done -> Behaviors.same())
          .build();
    }

    /** One run at a time: ticks during a slow run are dropped, not queued. */
    Behavior<Message> running() {
      return Behaviors.receive(Message.class)
          .onMessageEquals(Run.INSTANCE, Behaviors::same)
          .onMessage(
              Done.class,
              done -> {
                if (done.error() != null)
                  ctx.getLog()
                      .warn(
                          "archiving messages failed; next run in {}: {}",
                          settings.every(),
                          done.error().getMessage());
                else if (done.result().moved() + done.result().alreadyArchived() > 0)
                  ctx.getLog()
                      .info(
                          "archived {} messages older than {} in {} batches",
                          done.result().moved(),
                          settings.olderThan(),
                          done.result().batches());
                return idle();
              })
          .build();
    }
  }
}
