package io.botswarm.bench;

import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botswarm.bot.Emotion;
import io.botswarm.bot.Holding;
import io.botswarm.bot.Memory;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.bot.Stance;
import io.botswarm.generation.ChatLine;
import io.botswarm.generation.DraftRequest;
import io.botswarm.generation.DraftResult;
import io.botswarm.generation.GenerationSettings;
import io.botswarm.generation.LlmGenerator;
import io.botswarm.generation.MemoryRetrieval;
import io.botswarm.generation.OfflineGenerator;
import io.botswarm.generation.OpenAiClient;
import io.botswarm.latency.Latencies;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * {@code scripts/bench generation}: drafts per second against an OpenAI-compatible endpoint with a
 * fixed latency as the client's concurrency grows, offline drafts per second, and memory retrieval
 * time for a bot with many memories. The endpoint is a stub on 127.0.0.1 started here.
 */
public final class GenerationBenchmark {

  public record Options(Duration latency, List<Integer> concurrencies, int rounds, int memories) {}

  private final ActorSystem<?> system;
  private final Options options;
  private final PrintWriter out;

  public GenerationBenchmark(ActorSystem<?> system, Options options, PrintWriter out) {
    this.system = system;
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    out.printf(
        "# generation benchmark%n%n- machine: %d cores, JVM max heap %d MiB%n%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    List<DraftRequest> requests = requests(60);
    endpoint(requests);
    offline(requests);
    retrieval();
    out.flush();
  }

  /** Each concurrency level gets {@code rounds} times as many drafts as it has slots, at once. */
  private void endpoint(List<DraftRequest> requests) throws Exception {
    HttpServer server = LlmStub.start(0, options.latency());
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/");
      out.printf(
          "| endpoint latency %d ms: concurrency | drafts | seconds | drafts/s | fallbacks |%n|---:|---:|---:|---:|---:|%n",
          options.latency().toMillis());
      for (int concurrency : options.concurrencies()) {
        var settings =
            new GenerationSettings.OpenAi(
                base,
                "bench",
                Optional.empty(),
                options.latency().multipliedBy(10),
                200,
                0.7,
                concurrency,
                concurrency * options.rounds(),
                1000,
                Duration.ofSeconds(30),
                0);
        var generator =
            new LlmGenerator(
                system,
                settings,
                new OpenAiClient(settings, new ObjectMapper()),
                new OfflineGenerator(1));
        int n = concurrency * options.rounds();
        long start = System.nanoTime();
        List<CompletableFuture<DraftResult>> all = new ArrayList<>();
        for (int i = 0; i < n; i++)
          all.add(generator.draft(requests.get(i % requests.size())).toCompletableFuture());
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long fallbacks =
            all.stream()
                .map(CompletableFuture::join)
                .filter(r -> r instanceof DraftResult.Draft d && d.source().startsWith("offline"))
                .count();
        out.printf(
            "| %d | %d | %.2f | %.1f | %d |%n", concurrency, n, seconds, n / seconds, fallbacks);
        out.flush();
      }
      out.println();
    } finally {
      server.stop(0);
    }
  }

  private void offline(List<DraftRequest> requests) {
    var generator = new OfflineGenerator(1);
    for (int i = 0; i < 20_000; i++) generator.write(requests.get(i % requests.size())); // warm-up
    long start = System.nanoTime();
    int n = 0;
    while (System.nanoTime() - start < 3_000_000_000L) {
      generator.write(requests.get(n % requests.size()));
      n++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "| offline generator | drafts/s |%n|---|---:|%n| one thread, %d different bots | %,.0f |%n%n",
        requests.size(), n / seconds);
  }

  private void retrieval() {
    Random rnd = new Random(7);
    String[] vocabulary =
        ("bitcoin ethereum gold oil rates inflation chips nvidia tesla apple bonds yield dollar "
                + "euro yen crash rally moon dump scam hodl stake mining halving etf regulation sec fed cut hike jobs "
                + "earnings guidance buyback dividend split merger lisbon osaka coffee weather football music")
            .split(" ");
    Instant now = Instant.parse("2026-05-01T12:00:00Z");
    List<Memory> memories = new ArrayList<>();
    for (int i = 0; i < options.memories(); i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 6 + rnd.nextInt(10); w++)
        text.append(vocabulary[rnd.nextInt(vocabulary.length)]).append(' ');
      Instant used = now.minusSeconds(rnd.nextInt(30 * 86_400));
      memories.add(
          new Memory(i, MemoryType.CONVERSATION, text.toString(), rnd.nextDouble(), used, used));
    }
    var retrieval = new MemoryRetrieval(new MemoryRetrieval.Weights(1, 1, 1), Duration.ofHours(24));
    long indexStart = System.nanoTime();
    var index = new MemoryRetrieval.Index(memories);
    double indexMs = (System.nanoTime() - indexStart) / 1e6;
    String[] queries = new String[200];
    for (int q = 0; q < queries.length; q++)
      queries[q] =
          vocabulary[rnd.nextInt(vocabulary.length)]
              + " and "
              + vocabulary[rnd.nextInt(vocabulary.length)]
              + " today? "
              + vocabulary[rnd.nextInt(vocabulary.length)];
    for (int i = 0; i < 2000; i++)
      retrieval.top(index, queries[i % queries.length], now, 5); // warm-up
    int runs = 5000;
    var latencies = new Latencies();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      retrieval.top(index, queries[i % queries.length], now, 5);
      latencies.record(Duration.ofNanos(System.nanoTime() - t));
    }
    out.printf(
        "| memory retrieval, top 5 of %,d memories (%d queries) | µs |%n|---|---:|%n",
        options.memories(), runs);
    out.printf(
        "| p50 | %.0f |%n| p99 | %.0f |%n| max | %.0f |%n| building the word index once | %.0f |%n%n",
        latencies.percentileMillis(50) * 1000,
        latencies.percentileMillis(99) * 1000,
        latencies.percentileMillis(100) * 1000,
        indexMs * 1000);
  }

  private static List<DraftRequest> requests(int count) {
    Instant now = Instant.parse("2026-05-01T12:00:00Z");
    var question =
        new ChatLine(1, "Bob", "", "Is bitcoin going to crash or is gold the better bet?", now);
    List<DraftRequest> out = new ArrayList<>();
    var generator = new PersonaGenerator(3);
    for (int i = 0; i < count; i++) {
      var b = generator.blueprint(i);
      out.add(
          new DraftRequest(
              b.botId(),
              b.persona(),
              new Emotion(b.mood(), b.moodIntensity(), now),
              b.stances().stream()
                  .map(
                      s ->
                          new Stance(
                              s.topic(), s.position(), s.confidence(), s.rationale(), now, now))
                  .toList(),
              b.holdings().stream()
                  .map(h -> new Holding(h.symbol(), h.quantity(), h.price(), now))
                  .toList(),
              List.of(new Memory(1, MemoryType.FACT, b.facts().get(0), 0.9, now, now)),
              List.of(question),
              Optional.of(question),
              i));
    }
    return out;
  }
}
