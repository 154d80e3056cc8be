package io.botswarm.journal;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.botswarm.store.DatabaseUnavailableException;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Read-only access to a journal: events by persistence id through akka-persistence-query's JDBC
 * read journal (akka-stream), and the few questions the read journal cannot answer (counts, first
 * and last timestamps, raw rows for {@code verify}) through plain SQL on the same tables.
 *
 * <p>Runs its own small local actor system: no cluster, no writes, no migrations, so it can be
 * pointed at a replica or at a copy of production.
 */
public final class JournalSource implements AutoCloseable {

  /** One event as the tools show it: where it sits in the journal, and what it says. */
  public record Entry(String persistenceId, long sequenceNr, Instant timestamp, Object event) {}

  /** One persistence id in the journal. */
  public record IdSummary(
      String persistenceId, long events, long highestSequenceNr, Instant first, Instant last) {}

  /** A journal row as stored, for checks that must see what could not be deserialized. */
  public record RawRow(
      String persistenceId,
      long sequenceNr,
      Instant timestamp,
      int serializerId,
      String manifest,
      byte[] payload) {}

  private final String url;
  private final String user;
  private final String password;
  private final ActorSystem<Void> system;
  private final JdbcReadJournal readJournal;
  private final Serialization serialization;
  private final ObjectMapper json;

  private JournalSource(String url, String user, String password, ActorSystem<Void> system) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.system = system;
    this.readJournal =
        PersistenceQuery.get(Adapter.toClassic(system))
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    this.serialization = SerializationExtension.get(Adapter.toClassic(system));
    this.json =
        JacksonObjectMapperProvider.get(Adapter.toClassic(system))
            .getOrCreate("jackson-json", Optional.empty());
  }

  /**
   * Opens the journal at {@code url}, failing with one clear sentence when the database cannot be
   * reached or holds no journal.
   *
   * @param base the node configuration (unresolved) whose serialization and migrations to use
   */
  public static JournalSource open(String url, String user, String password, Config base) {
    try (Connection conn = connect(url, user, password);
        var st = conn.createStatement()) {
      st.executeQuery("SELECT 1 FROM event_journal LIMIT 1").close();
    } catch (SQLException e) {
      String why =
          e.getSQLState() != null && e.getSQLState().equals("42P01")
              ? "there is no journal there (no event_journal table)"
              : e.getMessage();
      throw new DatabaseUnavailableException("cannot read the journal at " + url + ": " + why, e);
    }
    Config config =
        ConfigFactory.parseMap(
                Map.of(
                    "akka.actor.provider",
                    "local",
                    "akka.loglevel",
                    "WARNING",
                    "akka.coordinated-shutdown.run-by-jvm-shutdown-hook",
                    "off",
                    "botswarm.db.url",
                    url,
                    "botswarm.db.user",
                    user,
                    "botswarm.db.password",
                    password,
                    "botswarm.db.pool-size",
                    2,
                    // Large pages: replay reads one entity from end to end.
                    "jdbc-read-journal.max-buffer-size",
                    10000))
            .withFallback(base)
            .resolve();
    return new JournalSource(
        url, user, password, ActorSystem.create(Behaviors.empty(), "botswarm-journal", config));
  }

  public String url() {
    return url;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** The mapper of the journal's own serializer: events print as they are stored. */
  public ObjectMapper json() {
    return json;
  }

  public Serialization serialization() {
    return serialization;
  }

  /** Events {@code from..to} (inclusive) as they are now. */
  public Source<Entry, NotUsed> events(String persistenceId, long from, long to) {
    return readJournal
        .currentEventsByPersistenceId(persistenceId, from, to)
        .map(JournalSource::entry);
  }

  /** Events from {@code from} on, following new ones as they are written (never completes). */
  public Source<Entry, NotUsed> follow(String persistenceId, long from) {
    return readJournal
        .eventsByPersistenceId(persistenceId, from, Long.MAX_VALUE)
        .map(JournalSource::entry);
  }

  /**
   * Runs {@code events} to the end, handing each entry to {@code each}. An event that cannot be
   * deserialized fails with {@link UnreadableEventException} naming it.
   */
  public void forEach(String persistenceId, Source<Entry, NotUsed> events, Consumer<Entry> each) {
    AtomicLong last = new AtomicLong(0);
    try {
      events
          .runForeach(
              e -> {
                last.set(e.sequenceNr());
                each.accept(e);
              },
              system)
          .toCompletableFuture()
          .join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof JournalException j) throw j;
      throw new UnreadableEventException(
          persistenceId, nextSequenceNr(persistenceId, last.get()), cause);
    }
  }

  private static Entry entry(EventEnvelope e) {
    return new Entry(
        e.persistenceId(), e.sequenceNr(), Instant.ofEpochMilli(e.timestamp()), e.event());
  }

  /** Persistence ids with their counts, filtered by entity type and by a part of the id. */
  public List<IdSummary> list(Optional<String> type, Optional<String> idContains, int limit) {
    String sql =
        "SELECT persistence_id, count(*), max(sequence_number), min(write_timestamp), max(write_timestamp)"
            + " FROM event_journal WHERE persistence_id LIKE ? AND persistence_id LIKE ?"
            + " GROUP BY persistence_id ORDER BY persistence_id LIMIT ?";
    return query(
        sql,
        st -> {
          st.setString(1, type.map(t -> likeEscape(t) + "|%").orElse("%"));
          st.setString(2, idContains.map(s -> "%" + likeEscape(s) + "%").orElse("%"));
          st.setInt(3, limit);
        },
        rs ->
            new IdSummary(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5))));
  }

  /** The highest sequence number of {@code persistenceId}; 0 when it has no events. */
  public long highestSequenceNr(String persistenceId) {
    List<Long> max =
        query(
            "SELECT coalesce(max(sequence_number), 0) FROM event_journal WHERE persistence_id = ?",
            st -> st.setString(1, persistenceId),
            rs -> rs.getLong(1));
    return max.get(0);
  }

  /** The persistence ids whose id part (after the '|') is {@code entityId}, of any type. */
  public List<String> idsEndingWith(String entityId) {
    return query(
        "SELECT DISTINCT persistence_id FROM event_journal WHERE persistence_id LIKE ?",
        st -> st.setString(1, "%|" + likeEscape(entityId)),
        rs -> rs.getString(1));
  }

  /** The highest sequence number written at or before {@code at}; 0 when none was. */
  public long sequenceNrAt(String persistenceId, Instant at) {
    return query(
            "SELECT coalesce(max(sequence_number), 0) FROM event_journal WHERE persistence_id = ? AND write_timestamp <= ?",
            st -> {
              st.setString(1, persistenceId);
              st.setLong(2, at.toEpochMilli());
            },
            rs -> rs.getLong(1))
        .get(0);
  }

  public long countEvents(Optional<String> type) {
    return query(
            "SELECT count(*) FROM event_journal WHERE persistence_id LIKE ?",
            st -> st.setString(1, type.map(t -> likeEscape(t) + "|%").orElse("%")),
            rs -> rs.getLong(1))
        .get(0);
  }

  /**
   * Streams every row of the given type in persistence id and sequence order, with a cursor, so
   * that millions of rows pass in constant memory.
   */
  public void forEachRow(Optional<String> type, Consumer<RawRow> each) {
    try (Connection conn = connect(url, user, password)) {
      conn.setAutoCommit(false);
      try (PreparedStatement st =
          conn.prepareStatement(
              "SELECT persistence_id, sequence_number, write_timestamp, event_ser_id, event_ser_manifest, event_payload"
                  + " FROM event_journal WHERE persistence_id LIKE ? ORDER BY persistence_id, sequence_number")) {
        st.setFetchSize(2000);
        st.setString(1, type.map(t -> likeEscape(t) + "|%").orElse("%"));
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next())
            each.accept(
                new RawRow(
                    rs.getString(1),
                    rs.getLong(2),
                    Instant.ofEpochMilli(rs.getLong(3)),
                    rs.getInt(4),
                    rs.getString(5),
                    rs.getBytes(6)));
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the journal at " + url + ": " + e.getMessage(), e);
    }
  }

  private long nextSequenceNr(String persistenceId, long after) {
    return query(
            "SELECT coalesce(min(sequence_number), ?) FROM event_journal WHERE persistence_id = ? AND sequence_number > ?",
            st -> {
              st.setLong(1, after + 1);
              st.setString(2, persistenceId);
              st.setLong(3, after);
            },
            rs -> rs.getLong(1))
        .get(0);
  }

  private interface Binder {
    void bind(PreparedStatement st) throws SQLException;
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    try (Connection conn = connect(url, user, password);
        PreparedStatement st = conn.prepareStatement(sql)) {
      binder.bind(st);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) out.add(mapper.map(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot read the journal at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every read on a busy machine may meet a connection attempt that times out or is cut while the
   * server starts its backend; such an attempt is made again, for up to this long in all.
   */
  static final Duration CONNECT_PATIENCE = Duration.ofSeconds(30);

  /**
   * A connection to the journal's database. An attempt that failed on the way (timed out, cut off)
   * is made again until {@link #CONNECT_PATIENCE} has passed; a refusal (nothing listens there, the
   * database is down) or a login the server rejected fails at once.
   */
  static Connection connect(String url, String user, String password) throws SQLException {
    long deadline = System.nanoTime() + CONNECT_PATIENCE.toNanos();
    while (true) {
      try {
        return DriverManager.getConnection(url, user, password);
      } catch (SQLException e) {
        boolean cutShort =
            e.getCause() instanceof SocketTimeoutException || e.getCause() instanceof EOFException;
        if (!cutShort || System.nanoTime() > deadline) throw e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
