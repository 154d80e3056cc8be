package io.botswarm.bench;

import akka.serialization.Serialization;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.typesafe.config.Config;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotSettings;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.journal.BotKind;
import io.botswarm.journal.JournalInspector;
import io.botswarm.journal.JournalSource;
import io.botswarm.journal.Verifier;
import io.botswarm.store.SchemaMigrations;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/bench journal}: how fast the journal tools read. Seeds a fresh database with valid
 * bot histories (one long one, many short ones), then times {@code replay} of the long one through
 * the read journal and {@code verify} over all of them. Prints a Markdown report.
 */
public final class JournalBenchmark {

  public record Options(int longHistory, int entities, int eventsPerEntity, int writers) {}

  private final String serverUrl;
  private final String user;
  private final String password;
  private final Config config;
  private final Options options;
  private final PrintWriter out;

  /**
   * @param serverUrl any database URL on the server; the benchmark makes its own database there
   */
  public JournalBenchmark(
      String serverUrl,
      String user,
      String password,
      Config config,
      Options options,
      PrintWriter out) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    this.config = config;
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    String url = BenchUrls.freshDatabase(serverUrl, user, password, "journal_bench");
    SchemaMigrations.migrate(url, user, password);
    try (JournalSource source = JournalSource.open(url, user, password, config)) {
      BotSettings settings = BotSettings.fromConfig(config.resolve().getConfig("botswarm.bot"));
      var inspector = new JournalInspector(source, List.of(new BotKind(settings)));
      long total = (long) options.entities() * options.eventsPerEntity() + options.longHistory();
      out.printf(
          "# journal benchmark%n%n- %,d events: one bot with %,d, %,d bots with %,d each%n",
          total, options.longHistory(), options.entities(), options.eventsPerEntity());
      out.printf(
          "- database: %s%n- machine: %d cores, JVM max heap %d MiB%n%n",
          url, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
      out.flush();

      long seedStart = System.nanoTime();
      seed(url, source.serialization());
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      out.printf("seeded in %.1f s (%,.0f events/s)%n%n", seedSeconds, total / seedSeconds);
      out.flush();

      var target = inspector.resolve("bench_long_bot");
      // The first replay pays for class loading and JIT; later ones show the steady rate.
      double[] replaySeconds = new double[3];
      for (int i = 0; i < replaySeconds.length; i++) {
        long replayStart = System.nanoTime();
        inspector.replayTo(target, target.highestSequenceNr());
        replaySeconds[i] = (System.nanoTime() - replayStart) / 1e9;
      }
      double bestReplay = Math.min(replaySeconds[1], replaySeconds[2]);
      long replayed = target.highestSequenceNr();

      var report = new Verifier(inspector).verify(Optional.empty(), n -> {});
      double verifySeconds = report.took().toNanos() / 1e9;
      out.printf("| tool | events | seconds | events/s |%n|---|---:|---:|---:|%n");
      out.printf(
          "| replay, first run (read journal, one bot) | %,d | %.2f | %,.0f |%n",
          replayed, replaySeconds[0], replayed / replaySeconds[0]);
      out.printf(
          "| replay, best of runs 2 and 3 | %,d | %.2f | %,.0f |%n",
          replayed, bestReplay, replayed / bestReplay);
      out.printf(
          "| verify (all %,d entities) | %,d | %.2f | %,.0f |%n%n",
          report.entities(), report.events(), verifySeconds, report.events() / verifySeconds);
      out.printf(
          "verify: %s%n",
          report.clean() ? "no violations" : report.violations().size() + " violations");
      out.flush();
    }
  }

  /** Writes the histories over several connections at once, in batches. */
  private void seed(String url, Serialization serialization) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(options.writers());
    try {
      List<Future<?>> done = new ArrayList<>();
      done.add(
          pool.submit(() -> write(url, serialization, "bench_long_bot", 0, options.longHistory())));
      for (int w = 0; w < options.writers(); w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = writer; i < options.entities(); i += options.writers())
                    write(url, serialization, "bench_bot_" + i, i + 1, options.eventsPerEntity());
                  return null;
                }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdown();
    }
  }

  private Void write(String url, Serialization serialization, String botId, int seed, int events)
      throws Exception {
    try (Connection conn = DriverManager.getConnection(url, user, password);
        var st =
            conn.prepareStatement(
                "INSERT INTO event_journal (persistence_id, sequence_number, writer,"
                    + " write_timestamp, adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
                    + " VALUES (?, ?, 'bench', ?, '', ?, ?, ?)")) {
      conn.setAutoCommit(false);
      String pid = Bot.persistenceId(botId).id();
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      for (int seq = 1; seq <= events; seq++) {
        Instant at = start.plusSeconds(seq);
        Bot.Event event = event(botId, seed, seq, at);
        Serializer serializer = serialization.findSerializerFor(event);
        st.setString(1, pid);
        st.setLong(2, seq);
        st.setLong(3, at.toEpochMilli());
        st.setInt(4, serializer.identifier());
        st.setString(5, Serializers.manifestFor(serializer, event));
        st.setBytes(6, serializer.toBinary(event));
        st.addBatch();
        if (seq % 500 == 0 || seq == events) {
          st.executeBatch();
          conn.commit();
        }
      }
    }
    return null;
  }

  /** A valid history: same-side stance moves, buys, memories kept under the cap, feelings. */
  private static Bot.Event event(String botId, int seed, int seq, Instant at) {
    if (seq == 1)
      return new Bot.BotRegistered(botId, new PersonaGenerator(seed).blueprint(0).persona(), at);
    return switch (seq % 4) {
      case 0 ->
          new Bot.StanceChanged(
              botId,
              "topic" + seq % 6,
              seq < 10 ? null : 0.4,
              0.2 + (seq % 7) / 10.0,
              0.6,
              "step " + seq,
              at.plusSeconds(21_600),
              at);
      case 1 ->
          new Bot.HoldingChanged(
              botId,
              "SYM" + seq % 5,
              BigDecimal.valueOf(seq / 20),
              BigDecimal.valueOf(seq / 20 + 1),
              new BigDecimal("101.5"),
              new BigDecimal("101.50000000"),
              at);
      case 2 ->
          seq % 8 == 2
              ? new Bot.MemoryRecorded(
                  botId, seq, MemoryType.CONVERSATION, "heard something at step " + seq, 0.5, at)
              : new Bot.MemoryEvicted(botId, seq - 4, 0.5, at);
      default ->
          new Bot.EmotionChanged(
              botId, Mood.NEUTRAL, 0, Mood.values()[1 + seq % 8], 0.6, "tick", at);
    };
  }
}
