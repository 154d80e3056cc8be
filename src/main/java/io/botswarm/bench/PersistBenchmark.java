package io.botswarm.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSettings;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.bot.Profile;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.latency.Latencies;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * {@code scripts/bench persist}: how fast bots journal events, against the ceiling of the same rows
 * written by plain JDBC over the same connections; and how long a bot with a long history takes to
 * recover, with and without snapshots. Prints a Markdown report.
 */
public final class PersistBenchmark {

  public record Options(int bots, int eventsPerBot, int recoveryEvents, int recoveryRuns) {}

  private final SwarmNode node;
  private final Options options;
  private final PrintWriter out;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);

  public PersistBenchmark(SwarmNode node, Options options, PrintWriter out) {
    this.node = node;
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    var config = node.system().settings().config();
    int poolSize = config.getInt("botswarm.db.pool-size");
    int batchSize = config.getInt("jdbc-journal.batchSize");
    long total = (long) options.bots() * options.eventsPerBot();
    out.printf("# persist benchmark (run %s)%n%n", runId);
    out.printf(
        "- %d bots x %d events = %d events; pool of %d connections; journal batch size %d%n",
        options.bots(), options.eventsPerBot(), total, poolSize, batchSize);
    out.printf(
        "- database: %s%n- machine: %d cores, JVM max heap %d MiB%n%n",
        node.databaseUrl(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    out.flush();

    double journal = journalRate();
    double raw = rawJdbcRate(poolSize, batchSize, total);
    out.printf("| write path | events/s |%n|---|---:|%n");
    out.printf("| journal (%,d sharded bots, persist + tag) | %,.0f |%n", options.bots(), journal);
    out.printf(
        "| plain JDBC batches of %d over %d connections (ceiling) | %,.0f |%n",
        batchSize, poolSize, raw);
    out.printf("| ratio journal / ceiling | %.2f |%n%n", journal / raw);
    out.flush();

    recovery();
  }

  /** Every bot persists its events one after another; all bots at once. */
  private double journalRate() throws SQLException {
    var client = new BotClient(node.system());
    var generator = new PersonaGenerator(7);
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<?>> registrations = new ArrayList<>();
    for (int i = 0; i < options.bots(); i++) {
      var b = generator.blueprint(i);
      String id = "bench-" + runId + "-" + i;
      ids.add(id);
      registrations.add(client.register(id, b.persona()).toCompletableFuture());
    }
    CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).join();

    long rowsBefore = journalRows();
    long start = System.nanoTime();
    List<CompletableFuture<?>> writers = new ArrayList<>();
    for (String id : ids)
      writers.add(writeEvents(client, id, options.eventsPerBot()).toCompletableFuture());
    CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long written = journalRows() - rowsBefore;
    return written / seconds;
  }

  /** Same-side stance moves and trades: exactly one event per command. */
  private static CompletionStage<?> writeEvents(BotClient client, String id, int count) {
    CompletionStage<?> chain = CompletableFuture.completedFuture(null);
    for (int i = 0; i < count; i++) {
      int n = i;
      chain =
          chain.thenCompose(
              x ->
                  n % 2 == 0
                      ? client.takeStance(
                          id, "topic" + (n % 5), 0.1 + (n % 9) / 10.0, 0.6, "step " + n)
                      : client.trade(
                          id, "SYM" + (n % 4), BigDecimal.ONE, new BigDecimal(100 + n % 7)));
    }
    return chain;
  }

  /** The journal's own rows (event + tag) for a typical event, by plain JDBC batches. */
  private double rawJdbcRate(int connections, int batchSize, long total) throws Exception {
    var sample =
        new Bot.StanceChanged(
            "bench-raw", "topic1", 0.2, 0.3, 0.6, "step 1", Instant.now(), Instant.now());
    Serializer serializer =
        SerializationExtension.get(Adapter.toClassic(node.system())).findSerializerFor(sample);
    byte[] payload = serializer.toBinary(sample);
    String manifest = Serializers.manifestFor(serializer, sample);
    var db = node.system().settings().config().getConfig("botswarm.db");
    long perConnection = total / connections;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      long start = System.nanoTime();
      List<Future<Long>> results = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        String pid = "RawBench|" + runId + "-" + c;
        results.add(
            pool.submit(
                () -> {
                  try (Connection conn =
                      DriverManager.getConnection(
                          node.databaseUrl(), db.getString("user"), db.getString("password"))) {
                    return insertRaw(
                        conn,
                        pid,
                        perConnection,
                        batchSize,
                        serializer.identifier(),
                        manifest,
                        payload);
                  }
                }));
      }
      long rows = 0;
      for (Future<Long> f : results) rows += f.get();
      return rows / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static long insertRaw(
      Connection conn,
      String pid,
      long rows,
      int batchSize,
      int serId,
      String manifest,
      byte[] payload)
      throws SQLException {
    conn.setAutoCommit(false);
    var journal =
        conn.prepareStatement(
            "INSERT INTO event_journal (persistence_id, sequence_number, writer, write_timestamp, adapter_manifest,"
                + " event_ser_id, event_ser_manifest, event_payload) VALUES (?, ?, 'raw', ?, '', ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS);
    var tag = conn.prepareStatement("INSERT INTO event_tag (event_id, tag) VALUES (?, 'bench')");
    long seq = 0;
    while (seq < rows) {
      int n = (int) Math.min(batchSize, rows - seq);
      for (int i = 0; i < n; i++) {
        journal.setString(1, pid);
        journal.setLong(2, ++seq);
        journal.setLong(3, System.currentTimeMillis());
        journal.setInt(4, serId);
        journal.setString(5, manifest);
        journal.setBytes(6, payload);
        journal.addBatch();
      }
      journal.executeBatch();
      try (var keys = journal.getGeneratedKeys()) {
        while (keys.next()) {
          tag.setLong(1, keys.getLong("ordering"));
          tag.addBatch();
        }
      }
      tag.executeBatch();
      conn.commit();
    }
    return seq;
  }

  /** One bot with a long history, recovered from snapshot + tail and from events only. */
  private void recovery() throws Exception {
    ActorSystem<Void> system = node.system();
    BotSettings settings = BotSettings.create(system);
    String id = "bench-recovery-" + runId;
    ActorRef<Bot.Command> writer =
        system.systemActorOf(
            Bot.create(id, settings, Clock.systemUTC()), "writer-" + runId, Props.empty());
    Duration timeout = Duration.ofSeconds(60);
    AskPattern.<Bot.Command, StatusReply<Profile>>ask(
            writer,
            r -> new Bot.Register(new PersonaGenerator(1).blueprint(0).persona(), r),
            timeout,
            system.scheduler())
        .toCompletableFuture()
        .join();
    // Pipelined: the entity stashes while it persists, so order is kept and batches fill up.
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 1; i < options.recoveryEvents(); i++) {
      int n = i;
      IntFunction<CompletionStage<?>> send =
          k ->
              switch (k % 3) {
                case 0 ->
                    AskPattern.<Bot.Command, StatusReply<Bot.Recorded>>ask(
                        writer,
                        r ->
                            new Bot.RecordMemory(
                                MemoryType.CONVERSATION, "heard #" + n, (n % 97) / 100.0, r),
                        timeout,
                        system.scheduler());
                case 1 ->
                    AskPattern.<Bot.Command, StatusReply<Profile>>ask(
                        writer,
                        r -> new Bot.FeelEmotion(Mood.values()[1 + n % 8], 0.5, "tick", r),
                        timeout,
                        system.scheduler());
                default ->
                    AskPattern.<Bot.Command, StatusReply<Profile>>ask(
                        writer,
                        r ->
                            new Bot.TakeStance(
                                "topic" + (n % 11), 0.2 + (n % 7) / 10.0, 0.5, "n" + n, r),
                        timeout,
                        system.scheduler());
              };
      pending.add(send.apply(n).toCompletableFuture());
      if (pending.size() >= 1000) {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        pending.clear();
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    Adapter.toClassic(system).stop(Adapter.toClassic(writer));

    Latencies withSnapshots = timeRecoveries(id, settings, "snap");
    Latencies eventsOnly = timeRecoveries(id, settings.withRecoverFromSnapshots(false), "events");
    out.printf(
        "| recovery of a bot with %,d events (%d runs) | median ms | best ms |%n|---|---:|---:|%n",
        options.recoveryEvents(), options.recoveryRuns());
    out.printf(
        "| snapshot (every %d events) + tail | %.1f | %.1f |%n",
        settings.snapshotEvery(),
        withSnapshots.percentileMillis(50),
        withSnapshots.percentileMillis(0));
    out.printf(
        "| events only | %.1f | %.1f |%n%n",
        eventsOnly.percentileMillis(50), eventsOnly.percentileMillis(0));
    out.flush();
  }

  private Latencies timeRecoveries(String id, BotSettings settings, String label) {
    ActorSystem<Void> system = node.system();
    Latencies recoveries = new Latencies();
    for (int i = 0; i < options.recoveryRuns(); i++) {
      long start = System.nanoTime();
      ActorRef<Bot.Command> bot =
          system.systemActorOf(
              Bot.create(id, settings, Clock.systemUTC()),
              label + "-" + runId + "-" + i,
              Props.empty());
      AskPattern.<Bot.Command, StatusReply<Profile>>ask(
              bot, Bot.GetProfile::new, Duration.ofSeconds(60), system.scheduler())
          .toCompletableFuture()
          .join();
      recoveries.record(Duration.ofNanos(System.nanoTime() - start));
      Adapter.toClassic(system).stop(Adapter.toClassic(bot));
    }
    return recoveries;
  }

  private long journalRows() throws SQLException {
    var db = node.system().settings().config().getConfig("botswarm.db");
    try (var conn =
            DriverManager.getConnection(
                node.databaseUrl(), db.getString("user"), db.getString("password"));
        var rs = conn.createStatement().executeQuery("SELECT count(*) FROM event_journal")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
