package io.botswarm.bench;

import io.botswarm.readmodel.MessageArchive;
import io.botswarm.readmodel.QueryProfiler;
import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.Databases;
import io.botswarm.store.SchemaMigrations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/bench queries}: the original design's ten queries against the read model on a
 * streaming replica, at growing numbers of messages: p50/p95/p99 over many runs with random bots
 * and chats, and the plan each query uses. Seeds its own database on the bench server.
 */
public final class QueriesBenchmark {

  /**
   * @param archiveOlderThan when present, messages older than this move to the archive before each
   *     size is measured: the hot path against a growing archive
   */
  public record Options(
      List<Integer> sizes,
      int runs,
      int bots,
      int chats,
      java.util.Optional<java.time.Duration> archiveOlderThan) {}

  private final String primaryServerUrl;
  private final String replicaServerUrl;
  private final DatabaseSettings settings;
  private final Options options;
  private final PrintWriter out;

  public QueriesBenchmark(
      String primaryServerUrl,
      String replicaServerUrl,
      DatabaseSettings settings,
      Options options,
      PrintWriter out) {
    this.primaryServerUrl = primaryServerUrl;
    this.replicaServerUrl = replicaServerUrl;
    this.settings = settings;
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    String primary =
        BenchUrls.freshDatabase(
            primaryServerUrl, settings.user(), settings.password(), "queries_bench");
    SchemaMigrations.migrate(primary, settings.user(), settings.password());
    String replica = BenchUrls.withDatabase(replicaServerUrl, "queries_bench");
    try (var databases = Databases.create(primary, List.of(replica), settings, 2)) {
      out.printf(
          "# read model queries on the replica%n%n- %d bots, %d chats, %d runs of each query per size, random bot and chat each run%n"
              + "- primary %s, replica %s%n%n",
          options.bots(), options.chats(), options.runs(), primary, replica);
      seedProfiles(databases);
      int have = 0;
      var profiler = new QueryProfiler(databases, options.runs());
      List<QueryProfiler.Profile> profiles = List.of();
      for (int size : options.sizes()) {
        long start = System.nanoTime();
        seedMessages(databases, have, size);
        have = size;
        String archived = "";
        if (options.archiveOlderThan().isPresent()) {
          long t = System.nanoTime();
          var result =
              MessageArchive.archive(
                  databases.primary(),
                  java.time.Instant.now().minus(options.archiveOlderThan().get()),
                  50_000);
          archived =
              String.format(
                  "; %,d moved to the archive in %.1f s",
                  result.moved(), (System.nanoTime() - t) / 1e9);
        }
        databases.write(c -> c.createStatement().execute("ANALYZE"));
        String lsn = databases.primaryLsn();
        awaitReplica(databases, lsn);
        // Counted on the replica, so only once it has replayed the move.
        if (options.archiveOlderThan().isPresent())
          archived +=
              String.format(
                  ": %,d hot, %,d archived",
                  profiler.rows("messages"), profiler.rows("messages_archive"));
        out.printf(
            "## %,d messages (seeded and replicated in %.1f s%s)%n%n| query | p50 ms | p95 ms | p99 ms | rows |%n|---|---:|---:|---:|---:|%n",
            size, (System.nanoTime() - start) / 1e9, archived);
        profiles = profiler.profile();
        for (var p : profiles)
          out.printf(
              "| %s | %.2f | %.2f | %.2f | %d |%n",
              p.query().name(), p.p50(), p.p95(), p.p99(), p.rows());
        out.println();
        out.flush();
      }
      out.printf("## Plans at %,d messages (EXPLAIN ANALYZE, BUFFERS, on the replica)%n%n", have);
      for (var p : profiles) {
        out.printf("**%s**%n```%n", p.query().name());
        p.plan().forEach(out::println);
        out.printf("```%n");
      }
      out.flush();
    }
  }

  private void seedProfiles(Databases databases) {
    int bots = options.bots();
    int chats = options.chats();
    databases.write(
        c -> {
          var st = c.createStatement();
          st.execute(
              "INSERT INTO bots SELECT 'b' || i, 'b' || i || '_bot', 'Bot ' || i, 'bio', 'dry', i % 10 <> 0, 'CALM', 0.5, now(), now()"
                  + " FROM generate_series(0, "
                  + (bots - 1)
                  + ") i");
          st.execute(
              "INSERT INTO chats SELECT 'c' || i, 'Chat ' || i, i % 5 <> 0, 0.5, ARRAY['b1','b2'], now()"
                  + " FROM generate_series(0, "
                  + (chats - 1)
                  + ") i");
          st.execute(
              "INSERT INTO bot_stances SELECT 'b' || b, 'topic' || t, 0.5, 0.5, 'why', now() + interval '6 hours', now() - (t || ' minutes')::interval"
                  + " FROM generate_series(0, "
                  + (bots - 1)
                  + ") b, generate_series(1, 5) t");
          st.execute(
              "INSERT INTO bot_holdings SELECT 'b' || b, 'SYM' || t, 10, 100, now() - (t || ' minutes')::interval"
                  + " FROM generate_series(0, "
                  + (bots - 1)
                  + ") b, generate_series(1, 3) t");
          st.execute(
              "INSERT INTO settings SELECT 'setting.' || i, 'value', now() FROM generate_series(1, 20) i");
          return null;
        });
  }

  /**
   * Messages {@code from} to {@code to}: spread over 30 days, the newest in the last minutes; four
   * in five by a bot, one in five by a person.
   */
  private void seedMessages(Databases databases, int from, int to) {
    int bots = options.bots();
    int chats = options.chats();
    databases.write(
        c ->
            c.createStatement()
                .executeUpdate(
                    "INSERT INTO messages (chat_id, telegram_message_id, bot_id, speaker, text, reply_to_message_id, created_at)"
                        + " SELECT 'c' || (i % "
                        + chats
                        + "), i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'b' || (i % "
                        + bots
                        + ") END,"
                        + " 'speaker', md5(i::text) || ' ' || md5((i * 7)::text), NULL,"
                        + " now() - ((2592000.0 * ("
                        + to
                        + " - i)) / "
                        + to
                        + " || ' seconds')::interval"
                        + " FROM generate_series("
                        + (from + 1)
                        + ", "
                        + to
                        + ") i"));
  }

  private static void awaitReplica(Databases databases, String lsn) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      boolean caughtUp =
          databases.read(
              c -> {
                try (var st = c.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
                  st.setString(1, lsn);
                  var rs = st.executeQuery();
                  return rs.next() && rs.getBoolean(1);
                }
              });
      if (caughtUp) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("the replica did not catch up within a minute");
  }

  /** Sizes as people write them: 10000, 10k, 1M. */
  public static List<Integer> parse(List<String> sizes) {
    List<Integer> out = new ArrayList<>();
    for (String s : sizes)
      out.add(Integer.parseInt(s.replace("_", "").replace("k", "000").replace("M", "000000")));
    return out;
  }
}
