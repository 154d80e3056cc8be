package io.botswarm.readmodel;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.Offset;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.eventsourced.javadsl.EventSourcedProvider;
import akka.projection.javadsl.ExactlyOnceProjection;
import akka.projection.javadsl.SourceProvider;
import akka.projection.jdbc.javadsl.JdbcHandler;
import akka.projection.jdbc.javadsl.JdbcProjection;
import io.botswarm.bot.Bot;
import io.botswarm.chat.ChatCoordinator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs the read model's projections: one per tag slice of each entity type, spread over the cluster
 * as sharded daemon processes, each exactly-once (offset and rows in one transaction on the
 * primary). They read the journal from the primary too, through the journal's own read journal:
 * {@code eventsByTag} takes a gap for a missing event after a while, so a lagging replica must
 * never feed it.
 */
public final class ReadModel {

  /** Every tag a projection of the read model follows. */
  public static final List<String> TAGS =
      java.util.stream.Stream.concat(Bot.TAGS.stream(), ChatCoordinator.TAGS.stream()).toList();

  private ReadModel() {}

  public static void init(ActorSystem<?> system, DataSource primary) {
    ProjectionStopNoise.filterSystemOut();
    Supplier<HikariJdbcSession> sessions = () -> new HikariJdbcSession(primary);
    start(system, "bots", Bot.TAGS, sessions, BotProjectionHandler::new);
    start(system, "chats", ChatCoordinator.TAGS, sessions, ChatProjectionHandler::new);
  }

  private static <E> void start(
      ActorSystem<?> system,
      String name,
      List<String> tags,
      Supplier<HikariJdbcSession> sessions,
      Supplier<JdbcHandler<EventEnvelope<E>, HikariJdbcSession>> handler) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            "read-model-" + name,
            tags.size(),
            i ->
                ProjectionBehavior.create(projection(system, name, tags.get(i), sessions, handler)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static <E> ExactlyOnceProjection<Offset, EventEnvelope<E>> projection(
      ActorSystem<?> system,
      String name,
      String tag,
      Supplier<HikariJdbcSession> sessions,
      Supplier<JdbcHandler<EventEnvelope<E>, HikariJdbcSession>> handler) {
    SourceProvider<Offset, EventEnvelope<E>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.exactlyOnce(
        ProjectionId.of("read-model-" + name, tag), source, sessions, handler, system);
  }
}
