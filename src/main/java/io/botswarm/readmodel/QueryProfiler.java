package io.botswarm.readmodel;

import io.botswarm.readmodel.ReadModelQueries.Parameter;
import io.botswarm.readmodel.ReadModelQueries.Query;
import io.botswarm.store.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Profiles the read side's queries where they run, on the replicas: each many times with bot and
 * chat ids drawn from the data, its plan with EXPLAIN (ANALYZE, BUFFERS), and whether it can use
 * the index it is meant to use. The index check plans with sequential scans discouraged, so that a
 * small table (where a scan is rightly cheaper) does not hide a missing index.
 */
public final class QueryProfiler {

  /**
   * One query's timings in milliseconds, the rows its last run gave, its plan, and the index it
   * should use but cannot.
   */
  public record Profile(
      Query query,
      double p50,
      double p95,
      double p99,
      int rows,
      List<String> plan,
      Optional<String> missing) {}

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
      double[] millis = new double[runs];
      int rows = 0;
      for (int i = 0; i < runs; i++) {
        var values = values(bots, chats, rnd);
        long start = System.nanoTime();
        rows = databases.read(c -> ReadModelQueries.run(c, q, values));
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(millis);
      var values = values(bots, chats, rnd);
      List<String> plan = databases.read(c -> ReadModelQueries.plan(c, q, values, true));
      Optional<String> missing =
          q.indexes().isEmpty()
              ? Optional.empty()
              : databases.read(c -> missingIndex(c, q, values));
      profiles.add(
          new Profile(q, pct(millis, 50), pct(millis, 95), pct(millis, 99), rows, plan, missing));
    }
    return profiles;
  }

  /** The plan without sequential scans where avoidable; empty if it uses one of q's indexes. */
  private static Optional<String> missingIndex(Connection c, Query q, Map<Parameter, String> values)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      c.createStatement().execute("SET LOCAL enable_seqscan = off");
      List<String> plan = ReadModelQueries.plan(c, q, values, false);
      String text = String.join("\n", plan);
      for (String index : q.indexes())
        if (text.contains(" using " + index + " ") || text.contains(" on " + index))
          return Optional.empty();
      return Optional.of(
          String.join(" or ", q.indexes())
              + " is not used: "
              + plan.stream()
                  .map(String::trim)
                  .filter(l -> l.contains("Scan"))
                  .findFirst()
                  .orElse(text));
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
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

  private static double pct(double[] sorted, double p) {
    return sorted[
        Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1))];
  }
}
