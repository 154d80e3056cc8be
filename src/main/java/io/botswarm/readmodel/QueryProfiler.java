package io.botswarm.readmodel;

import io.botswarm.latency.Latencies;
import io.botswarm.readmodel.ReadModelQueries.Parameter;
import io.botswarm.readmodel.ReadModelQueries.Query;
import io.botswarm.store.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Profiles the read side's queries where they run, on the replicas: each many times with bot and
 * chat ids drawn from the data, its plan with EXPLAIN (ANALYZE, BUFFERS), and whether it can use
 * the index it is meant to use. The index check plans with sequential scans discouraged, so that a
 * small table (where a scan is rightly cheaper) does not hide a missing index. Where the planner
 * prefers another index on this data (a backward scan of the time index when a swarm has a dozen
 * chats, or when the last hour holds few rows), the query's own index must at least exist and be
 * valid on this server; one that was dropped, or never built, is missing.
 */
public final class QueryProfiler {

  /**
   * One query's timings in milliseconds, the rows its last run gave, its plan, the index it uses
   * (as said to a person), and what is wrong when it cannot use the index it should.
   */
  public record Profile(
      Query query,
      double p50,
      double p95,
      double p99,
      int rows,
      List<String> plan,
      String index,
      Optional<String> missing) {}

  /** How a query uses its index: a line for the table, and the failure when it cannot. */
  private record IndexUse(String index, Optional<String> missing) {}

  private final Databases databases;
  private final int runs;

  public QueryProfiler(Databases databases, int runs) {
    this.databases = databases;
    this.runs = runs;
  }

  /** How many rows a read-model table has: profiles of a nearly empty one say little. */
  public long rows(String table) {
    return databases.read(
        c -> {
          try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  public List<Profile> profile() {
    List<String> bots = ids("SELECT id FROM bots ORDER BY random() LIMIT 1000");
    List<String> chats = ids("SELECT id FROM chats ORDER BY random() LIMIT 1000");
    Random rnd = new Random(1);
    List<Profile> profiles = new ArrayList<>();
    for (Query q : ReadModelQueries.ALL) {
      Latencies latencies = new Latencies();
      int rows = 0;
      for (int i = 0; i < runs; i++) {
        var values = values(bots, chats, rnd);
        long start = System.nanoTime();
        rows = databases.read(c -> ReadModelQueries.run(c, q, values));
        latencies.record(Duration.ofNanos(System.nanoTime() - start));
      }
      var values = values(bots, chats, rnd);
      List<String> plan = databases.read(c -> ReadModelQueries.plan(c, q, values, true));
      IndexUse use =
          q.indexes().isEmpty()
              ? new IndexUse("(whole table)", Optional.empty())
              : databases.read(c -> indexUse(c, q, values));
      profiles.add(
          new Profile(
              q,
              latencies.percentileMillis(50),
              latencies.percentileMillis(95),
              latencies.percentileMillis(99),
              rows,
              plan,
              use.index(),
              use.missing()));
    }
    return profiles;
  }

  /** Which of q's indexes its plan uses, without sequential scans where avoidable. */
  private static IndexUse indexUse(Connection c, Query q, Map<Parameter, String> values)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (var st = c.createStatement()) {
      st.execute("SET LOCAL enable_seqscan = off");
      List<String> plan = ReadModelQueries.plan(c, q, values, false);
      Optional<String> used = used(plan, q);
      if (used.isPresent()) return new IndexUse(used.get(), Optional.empty());
      String chosen = scanLine(plan);
      Optional<String> present = present(c, q);
      if (present.isPresent())
        return new IndexUse(
            present.get()
                + " (valid; on this data the planner prefers "
                + chosen.replaceFirst(".* using (\\S+) .*", "$1")
                + ")",
            Optional.empty());
      return new IndexUse(
          "MISSING",
          Optional.of(
              String.join(" or ", q.indexes())
                  + " does not exist or is not valid here; the plan: "
                  + chosen));
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  /** The first of q's indexes that exists on this server, built and valid. */
  private static Optional<String> present(Connection c, Query q) throws SQLException {
    try (var st =
        c.prepareStatement(
            "SELECT i.indexrelid::regclass::text FROM pg_index i"
                + " WHERE i.indexrelid::regclass::text = ANY (?) AND i.indisvalid AND i.indisready")) {
      st.setArray(1, c.createArrayOf("text", q.indexes().toArray()));
      try (var rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static Optional<String> used(List<String> plan, Query q) {
    String text = String.join("\n", plan);
    return q.indexes().stream()
        .filter(index -> text.contains(" using " + index + " ") || text.contains(" on " + index))
        .findFirst();
  }

  /** The plan's first scan, e.g. "Index Scan Backward using ix_messages_created_at on messages". */
  private static String scanLine(List<String> plan) {
    return plan.stream()
        .map(l -> l.trim().replaceFirst("^->\\s*", ""))
        .filter(l -> l.contains("Scan"))
        .findFirst()
        .orElse(String.join(" ", plan));
  }

  private List<String> ids(String sql) {
    return databases.read(
        c -> {
          List<String> ids = new ArrayList<>();
          try (var rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) ids.add(rs.getString(1));
          }
          return ids;
        });
  }

  private static Map<Parameter, String> values(List<String> bots, List<String> chats, Random rnd) {
    return Map.of(
        Parameter.BOT,
        bots.isEmpty() ? "none" : bots.get(rnd.nextInt(bots.size())),
        Parameter.CHAT,
        chats.isEmpty() ? "none" : chats.get(rnd.nextInt(chats.size())));
  }
}
