package io.botswarm.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.admin.AdminClient;
import io.botswarm.latency.Latencies;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The whole swarm under load, from the outside: people post into the sandbox's chats at a steady
 * rate, and everything is measured where a user would see it. Answer latency is the time from a
 * person's message to the first bot message that replies to it, both as the sandbox saw them (its
 * live feed); throughput is bot messages a second on the sandbox; the nodes' own figures
 * (coordinator decisions, queries, pools, heap, CPU, journal writes, 429s) come from their {@code
 * /metrics}, as differences between a scrape before and after the run. Alongside, a reader asks the
 * nodes' read API for chat histories, bots' messages and profiles, as a dashboard would: the
 * history queries run on the replicas, and their latency is in the report by query.
 */
public final class LoadBenchmark {

  public record Options(
      URI sandbox,
      List<URI> metrics,
      List<URI> apis,
      double readsPerSecond,
      Duration duration,
      double postsPerSecond,
      Optional<Path> killPidFile,
      Duration killAfter,
      Path reportDir,
      String label,
      int bots,
      List<String> questions,
      boolean hostile,
      Optional<AdminClient> admin) {}

  private static final Duration WINDOW = Duration.ofSeconds(5);

  /**
   * How long the hostile mix waits for answers after the last post: a draft may wait for its slot
   * up to {@code max-deferral} (30 s).
   */
  private static final Duration GRACE = Duration.ofSeconds(45);

  private final Options options;
  private final PrintWriter out;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  // What the sandbox's feed showed, by the sandbox's clock (milliseconds).
  // People's messages waiting for an answer, by chat and message id: a message id is unique in its
  // chat only (the sandbox, like Telegram, numbers each chat's messages on their own).
  private final Map<String, Long> humanAt = new ConcurrentHashMap<>();
  private final AtomicLong humansSeen = new AtomicLong();
  private final List<Long> humanPosts = Collections.synchronizedList(new ArrayList<>());
  private final List<long[]> answers = Collections.synchronizedList(new ArrayList<>());
  private final List<long[]> botMessages = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong floods = new AtomicLong();
  private final AtomicInteger postFailures = new AtomicInteger();
  private final Map<String, double[]> poolPeaks = new ConcurrentHashMap<>();
  // The reader's view of the read API: latencies (ms) and answers other than 200, by request.
  private final Map<String, Latencies> reads = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> readErrors = new ConcurrentHashMap<>();
  private final List<String> botsSeen = Collections.synchronizedList(new ArrayList<>());
  // Under the hostile mix, every event of the feed in order, for the checks.
  private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());

  public LoadBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the load; false when a check of the hostile mix failed. */
  public boolean run() throws Exception {
    settle();
    JsonNode snapshot = get("/sandbox/chats");
    List<Long> chats = new ArrayList<>();
    for (JsonNode c : snapshot.path("chats")) chats.add(c.path("id").asLong());
    if (chats.isEmpty())
      throw new IllegalStateException("the sandbox at " + options.sandbox() + " has no chats");
    Optional<HostileMix> hostile =
        options.hostile()
            ? Optional.of(
                new HostileMix(
                    http, options.sandbox(), snapshot, options.admin(), options.questions(), out))
            : Optional.empty();
    List<Scrape> before = scrapeAll();
    JsonNode statsBefore = get("/sandbox/stats");
    Thread feed = new Thread(this::follow, "load-feed");
    feed.setDaemon(true);
    feed.start();
    Thread.sleep(500);
    // The hostile mix's controls may wait (an apply, an offset reset): two more threads for them.
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(hostile.isPresent() ? 4 : 2);
    AtomicInteger turn = new AtomicInteger();
    long periodMicros = (long) (1_000_000 / options.postsPerSecond());
    long started = System.currentTimeMillis();
    Runnable posting =
        hostile.isPresent()
            ? hostile.get()::post
            : () -> post(chats.get(Math.floorMod(turn.getAndIncrement(), chats.size())));
    timers.scheduleAtFixedRate(posting, 0, periodMicros, TimeUnit.MICROSECONDS);
    hostile.ifPresent(mix -> mix.schedule(timers, options.duration()));
    timers.scheduleAtFixedRate(this::samplePools, 1, 5, TimeUnit.SECONDS);
    if (options.readsPerSecond() > 0 && !options.apis().isEmpty()) {
      AtomicInteger readTurn = new AtomicInteger();
      timers.scheduleAtFixedRate(
          () -> read(chats, readTurn.getAndIncrement()),
          250_000,
          (long) (1_000_000 / options.readsPerSecond()),
          TimeUnit.MICROSECONDS);
    }
    AtomicLong killedAt = new AtomicLong();
    options
        .killPidFile()
        .ifPresent(
            file ->
                timers.schedule(
                    () -> killedAt.set(kill(file)),
                    options.killAfter().toMillis(),
                    TimeUnit.MILLISECONDS));

    List<Window> windows = new ArrayList<>();
    long end = started + options.duration().toMillis();
    int answered = 0, bots = 0;
    while (System.currentTimeMillis() < end) {
      Thread.sleep(WINDOW.toMillis());
      List<long[]> all = snapshot(answers);
      List<long[]> newAnswers = all.subList(answered, all.size());
      int botsNow = snapshot(botMessages).size();
      Latencies waited = latencies(newAnswers);
      Window w =
          new Window(
              (System.currentTimeMillis() - started) / 1000.0,
              humansSeen.get() + botsNow,
              (botsNow - bots) / (double) WINDOW.toSeconds(),
              waited.percentileMillis(50),
              waited.percentileMillis(95),
              waited.percentileMillis(99));
      answered += newAnswers.size();
      bots = botsNow;
      windows.add(w);
      out.printf(
          Locale.ROOT,
          "  %5.0f s  %7d messages  %6.1f bot msg/s  answer p50 %s p99 %s  429s %d%n",
          w.at(),
          w.messages(),
          w.botPerSecond(),
          ms(w.p50()),
          ms(w.p99()),
          floods.get());
      out.flush();
    }
    timers.shutdownNow();
    long finished = System.currentTimeMillis();
    // Answers to the last posts that are already on their way; the hostile mix's checks wait
    // for every answer that may still come.
    if (hostile.isPresent()) {
      out.printf("  waiting %d s for the last answers%n", GRACE.toSeconds());
      out.flush();
    }
    Thread.sleep(hostile.isPresent() ? GRACE.toMillis() : 1_000);
    feed.interrupt();
    List<Scrape> after = scrapeAll();
    JsonNode statsAfter = get("/sandbox/stats");
    List<HostileChecks.Check> checks =
        hostile.isPresent() ? hostileChecks(hostile.get(), before, after) : List.of();
    report(
        chats,
        before,
        after,
        statsBefore,
        statsAfter,
        windows,
        started,
        finished,
        killedAt.get(),
        checks);
    return checks.stream().allMatch(HostileChecks.Check::pass);
  }

  private List<HostileChecks.Check> hostileChecks(
      HostileMix mix, List<Scrape> before, List<Scrape> after) {
    HostileChecks.Metrics metrics =
        new HostileChecks.Metrics(
            delta(before, after, "botswarm_telegram_sends_refused_total", "kind", "cannot_post"),
            delta(before, after, "botswarm_telegram_sends_refused_total", "code", "held"),
            delta(before, after, "botswarm_telegram_offset_rebased_total", null, null));
    List<HostileChecks.Check> checks =
        new ArrayList<>(HostileChecks.of(snapshot(events), mix.swarmBots(), mix.done(), metrics));
    checks.add(
        new HostileChecks.Check(
            "the driver's posts and controls the sandbox refused",
            String.valueOf(mix.failures() + postFailures.get()),
            mix.failures() + postFailures.get() == 0));
    return checks;
  }

  /**
   * A counter's growth over the run on every node, of the series whose {@code label} is {@code
   * value}.
   */
  private static double delta(
      List<Scrape> before, List<Scrape> after, String name, String label, String value) {
    double sum = 0;
    for (int i = 0; i < after.size(); i++) {
      java.util.function.Predicate<Map<String, String>> filter =
          label == null ? l -> true : l -> value.equals(l.get(label));
      sum += after.get(i).sum(name, filter) - before.get(i).sum(name, filter);
    }
    return sum;
  }

  /**
   * Waits until the swarm is settled: the nodes' Bot API calls stopped failing for 10 s. A cluster
   * whose nodes just joined moves gateways, and each moved gateway calls getMe and setWebhook (or
   * starts polling) again; with thousands of bots that storm, not the load, would be measured.
   */
  private void settle() throws InterruptedException {
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
    double before = telegramErrors();
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(10_000);
      double now = telegramErrors();
      if (now == before) return;
      out.printf(
          Locale.ROOT, "  settling: %.0f failed Bot API calls in the last 10 s%n", now - before);
      out.flush();
      before = now;
    }
    out.println("  not settled after 10 minutes; measuring anyway");
  }

  private double telegramErrors() {
    return scrapeAll().stream().mapToDouble(s -> s.sum("botswarm_telegram_errors_total")).sum();
  }

  private record Window(
      double at, long messages, double botPerSecond, double p50, double p95, double p99) {}

  // --- driving and watching --------------------------------------------------------------------

  private void post(long chat) {
    String body =
        json.createObjectNode()
            .put("from", "Load")
            .put(
                "text",
                options
                    .questions()
                    .get((int) Math.floorMod(System.nanoTime(), options.questions().size())))
            .toString();
    http.sendAsync(
            HttpRequest.newBuilder(
                    options.sandbox().resolve("/sandbox/chats/" + chat + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (answer, error) -> {
              if (error != null || answer.statusCode() != 200) postFailures.incrementAndGet();
            });
  }

  /**
   * One request to a node's read API, nodes and chats in turn: mostly chat histories (one in ten
   * with the archive), then a bot's messages or profile, of bots the histories showed.
   */
  private void read(List<Long> chats, int turn) {
    URI api = options.apis().get(Math.floorMod(turn, options.apis().size()));
    long chat = chats.get(Math.floorMod(turn * 7, chats.size()));
    String bot;
    synchronized (botsSeen) {
      bot = botsSeen.isEmpty() ? null : botsSeen.get(Math.floorMod(turn * 13, botsSeen.size()));
    }
    int kind = Math.floorMod(turn, 10);
    String name, path;
    if (bot != null && kind == 8) {
      name = "GET /bots/<id>/messages";
      path = "/bots/" + bot + "/messages";
    } else if (bot != null && kind == 9) {
      name = "GET /bots/<id>";
      path = "/bots/" + bot;
    } else if (kind == 7) {
      name = "GET /chats/<id>/messages?archive=true";
      path = "/chats/" + chat + "/messages?archive=true";
    } else {
      name = "GET /chats/<id>/messages";
      path = "/chats/" + chat + "/messages";
    }
    long start = System.nanoTime();
    http.sendAsync(
            HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (answer, error) -> {
              long millis = (System.nanoTime() - start) / 1_000_000;
              reads.computeIfAbsent(name, n -> new Latencies()).recordMillis(millis);
              if (error != null || answer.statusCode() != 200) {
                readErrors.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                return;
              }
              if (name.startsWith("GET /chats")) learnBots(answer.body());
            });
  }

  private void learnBots(String history) {
    try {
      for (JsonNode m : json.readTree(history).path("messages")) {
        String bot = m.path("bot_id").asText("");
        if (!bot.isEmpty() && !botsSeen.contains(bot) && botsSeen.size() < 10_000)
          botsSeen.add(bot);
      }
    } catch (IOException malformed) {
      // Counted as read; a history the reader cannot parse teaches it no bots.
    }
  }

  /** Reads the sandbox's live feed until interrupted. */
  private void follow() {
    try {
      HttpResponse<Stream<String>> feed =
          http.send(
              HttpRequest.newBuilder(options.sandbox().resolve("/sandbox/events")).build(),
              HttpResponse.BodyHandlers.ofLines());
      feed.body()
          .filter(l -> l.startsWith("data: "))
          .forEach(
              l -> {
                if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("done");
                seen(l.substring(6));
              });
    } catch (IOException | InterruptedException | IllegalStateException stopped) {
      // The run is over (or the sandbox went away, which the report shows as missing answers).
    }
  }

  private void seen(String data) {
    JsonNode e;
    try {
      e = json.readTree(data);
    } catch (IOException malformed) {
      return;
    }
    if (options.hostile()) events.add(e);
    long at = e.path("at").asLong();
    switch (e.path("type").asText()) {
      case "message" -> {
        JsonNode m = e.path("message");
        long id = m.path("message_id").asLong();
        long chat = m.path("chat").path("id").asLong();
        // An anonymous admin's message comes from a stand-in bot, on behalf of the group.
        if (!m.path("from").path("is_bot").asBoolean() || m.has("sender_chat")) {
          humanAt.put(chat + ":" + id, at);
          humansSeen.incrementAndGet();
          humanPosts.add(at);
          return;
        }
        botMessages.add(new long[] {at, chat});
        long replyTo = m.path("reply_to_message").path("message_id").asLong(0);
        Long asked = humanAt.remove(chat + ":" + replyTo);
        // The first answer to a person's message: later ones are the conversation going on.
        if (asked != null) answers.add(new long[] {at, at - asked});
      }
      case "flood" -> floods.incrementAndGet();
      default -> {}
    }
  }

  private void samplePools() {
    for (int node = 0; node < options.metrics().size(); node++) {
      try {
        Scrape s = Scrape.of(http, options.metrics().get(node));
        for (String pool : s.labelValues("botswarm_db_pool_max", "pool")) {
          double max = s.sum("botswarm_db_pool_max", l -> pool.equals(l.get("pool")));
          double active = s.sum("botswarm_db_pool_active", l -> pool.equals(l.get("pool")));
          double pending = s.sum("botswarm_db_pool_pending", l -> pool.equals(l.get("pool")));
          poolPeaks.merge(
              "node " + (node + 1) + " " + pool,
              new double[] {active, max, pending},
              (a, b) -> new double[] {Math.max(a[0], b[0]), b[1], Math.max(a[2], b[2])});
        }
      } catch (Exception e) {
        // A node that does not answer (killed, or busy) is missing from this sample only.
      }
    }
  }

  private long kill(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      long at = System.currentTimeMillis();
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      out.printf("  killed pid %d (%s) with SIGKILL%n", pid, pidFile.getFileName());
      out.flush();
      return at;
    } catch (IOException | NumberFormatException e) {
      out.println("  could not kill: " + e.getMessage());
      return 0;
    }
  }

  private List<Scrape> scrapeAll() {
    List<Scrape> scrapes = new ArrayList<>();
    for (URI m : options.metrics()) {
      try {
        scrapes.add(Scrape.of(http, m));
      } catch (Exception e) {
        scrapes.add(new Scrape(List.of()));
      }
    }
    return scrapes;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return json.readTree(
        http.send(
                HttpRequest.newBuilder(options.sandbox().resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  // --- the report -------------------------------------------------------------------------------

  private void report(
      List<Long> chats,
      List<Scrape> before,
      List<Scrape> after,
      JsonNode statsBefore,
      JsonNode statsAfter,
      List<Window> windows,
      long started,
      long finished,
      long killedAt,
      List<HostileChecks.Check> checks)
      throws IOException {
    double seconds = (finished - started) / 1000.0;
    List<long[]> inRun = snapshot(botMessages).stream().filter(b -> b[0] <= finished).toList();
    Latencies latencies = latencies(snapshot(answers));
    long humans =
        statsAfter.path("humanMessages").asLong() - statsBefore.path("humanMessages").asLong();
    long rateLimited =
        statsAfter.path("rateLimited").asLong() - statsBefore.path("rateLimited").asLong();
    StringBuilder r = new StringBuilder();
    r.append("# Load: ").append(options.label()).append("\n\n");
    r.append(
        String.format(
            Locale.ROOT,
            "- %d bots in %d chats on %d node(s), people posting %.1f messages/s for %.0f s%n",
            options.bots(),
            chats.size(),
            options.metrics().size(),
            options.postsPerSecond(),
            seconds));
    r.append(
        String.format(
            Locale.ROOT,
            "- machine: %d cores, %d GiB, %s%n%n",
            Runtime.getRuntime().availableProcessors(),
            ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize()
                >> 30,
            Instant.ofEpochMilli(started)));
    r.append("| measure | value |\n|---|---:|\n");
    row(
        r,
        "people's messages posted",
        humans + (postFailures.get() > 0 ? " (" + postFailures.get() + " posts failed)" : ""));
    row(r, "bot messages on the sandbox", String.valueOf(inRun.size()));
    row(r, "bot messages/s", String.format(Locale.ROOT, "%.2f", inRun.size() / seconds));
    row(
        r,
        "Telegram's ceiling for these chats (20/min per group)",
        String.format(Locale.ROOT, "%.2f/s", chats.size() * 20 / 60.0));
    row(r, "people's messages answered", latencies.count() + " of " + humans);
    row(
        r,
        "answer latency p50 / p95 / p99",
        ms(latencies.percentileMillis(50))
            + " / "
            + ms(latencies.percentileMillis(95))
            + " / "
            + ms(latencies.percentileMillis(99)));
    row(r, "429s from the sandbox (flood limit)", String.valueOf(rateLimited));
    double events = 0;
    Scrape.Histogram decisions = null;
    for (int i = 0; i < after.size(); i++) {
      events +=
          after.get(i).sum("botswarm_journal_write_seconds_count")
              - before.get(i).sum("botswarm_journal_write_seconds_count");
      Scrape.Histogram d =
          after.get(i).histogramSince(before.get(i), "botswarm_chat_decision_seconds", l -> true);
      decisions = decisions == null ? d : merge(decisions, d);
    }
    double drafted = 0, fallbacks = 0;
    for (int i = 0; i < after.size(); i++) {
      drafted +=
          after.get(i).sum("botswarm_generation_latency_seconds_count")
              - before.get(i).sum("botswarm_generation_latency_seconds_count");
      fallbacks +=
          after.get(i).sum("botswarm_generation_fallbacks_total")
              - before.get(i).sum("botswarm_generation_fallbacks_total");
    }
    row(
        r,
        "drafts written, of them fallbacks to the offline generator",
        String.format(Locale.ROOT, "%.0f, %.0f", drafted, fallbacks));
    row(
        r,
        "events journaled (timed writes)",
        String.format(Locale.ROOT, "%.0f (%.0f/s)", events, events / seconds));
    if (decisions != null && decisions.count() > 0)
      row(
          r,
          "coordinator decisions p50 / p95 / p99 (" + (long) decisions.count() + ")",
          ms(decisions.quantile(0.5) * 1000)
              + " / "
              + ms(decisions.quantile(0.95) * 1000)
              + " / "
              + ms(decisions.quantile(0.99) * 1000));
    if (killedAt > 0) {
      // People's messages of the 30 s after the kill: when the last of them was answered, and
      // how many never were (an answer on its way through the dead node is recorded unknown).
      long windowEnd = killedAt + 30_000;
      long posted =
          snapshot(humanPosts).stream().filter(t -> t > killedAt && t <= windowEnd).count();
      List<long[]> afterKill =
          snapshot(answers).stream()
              .filter(a -> a[0] - a[1] > killedAt && a[0] - a[1] <= windowEnd)
              .toList();
      long lastAnswer = afterKill.stream().mapToLong(a -> a[0]).max().orElse(killedAt);
      Latencies waited = latencies(afterKill);
      row(
          r,
          "people's messages of the 30 s after the kill: answered, latency p50 / max",
          afterKill.size()
              + " of "
              + posted
              + ", "
              + ms(waited.percentileMillis(50))
              + " / "
              + ms(waited.percentileMillis(100)));
      row(r, "from the kill to the last of those answers", ms(lastAnswer - killedAt));
    }
    r.append("\n| node | heap mean | CPU mean (process) |\n|---|---:|---:|\n");
    Map<String, Scrape.Histogram> queries = new java.util.TreeMap<>();
    for (int i = 0; i < after.size(); i++) {
      Scrape a = after.get(i), b = before.get(i);
      if (a.samples().isEmpty()) {
        r.append("| ").append(i + 1).append(" | (gone) | |\n");
        continue;
      }
      double heap =
          a.histogramSince(b, "jvm_memory_used_bytes", l -> "heap".equals(l.get("region"))).mean();
      double cpu =
          a.histogramSince(b, "process_cpu_usage", l -> "combined".equals(l.get("mode"))).mean();
      r.append(
          String.format(
              Locale.ROOT, "| %d | %.0f MiB | %.0f %% |%n", i + 1, heap / (1 << 20), cpu));
      for (String q : a.labelValues("botswarm_db_query_seconds_count", "query")) {
        Scrape.Histogram h =
            a.histogramSince(b, "botswarm_db_query_seconds", l -> q.equals(l.get("query")));
        if (h.count() > 0) queries.merge(q, h, LoadBenchmark::merge);
      }
    }
    r.append("\n| read-side query (all nodes, their metrics) | count | p50 / p95 / p99 |\n");
    r.append("|---|---:|---|\n");
    if (queries.isEmpty()) r.append("| none ran | | |\n");
    queries.forEach(
        (q, h) ->
            r.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %s / %s / %s |%n",
                    q,
                    (long) h.count(),
                    ms(h.quantile(0.5) * 1000),
                    ms(h.quantile(0.95) * 1000),
                    ms(h.quantile(0.99) * 1000))));
    if (!reads.isEmpty()) {
      r.append(
          String.format(
              Locale.ROOT,
              "%n| read API, as the reader saw it (%.1f requests/s) | count | not 200 | p50 / p95 / p99 |%n",
              options.readsPerSecond()));
      r.append("|---|---:|---:|---|\n");
      new java.util.TreeMap<>(reads)
          .forEach(
              (name, all) ->
                  r.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %d | %d | %s / %s / %s |%n",
                          name,
                          all.count(),
                          readErrors.getOrDefault(name, new AtomicInteger()).get(),
                          ms(all.percentileMillis(50)),
                          ms(all.percentileMillis(95)),
                          ms(all.percentileMillis(99)))));
    }
    r.append("\n| pool (peak during the run) | active / max | pending |\n|---|---:|---:|\n");
    poolPeaks.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                r.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.0f / %.0f | %.0f |%n",
                        e.getKey(),
                        e.getValue()[0],
                        e.getValue()[1],
                        e.getValue()[2])));
    if (!checks.isEmpty()) {
      r.append("\n## Hostile groups: checks\n\n| check | value | result |\n|---|---|---|\n");
      for (HostileChecks.Check c : checks)
        r.append("| ")
            .append(c.name())
            .append(" | ")
            .append(c.value())
            .append(" | ")
            .append(c.pass() ? "PASS" : "**FAIL**")
            .append(" |\n");
      List<String> notAsked = new ArrayList<>();
      for (String reason :
          after.stream()
              .flatMap(a -> a.labelValues("botswarm_drafts_not_asked_total", "reason").stream())
              .distinct()
              .sorted()
              .toList())
        notAsked.add(
            String.format(
                Locale.ROOT,
                "%s %.0f",
                reason,
                delta(before, after, "botswarm_drafts_not_asked_total", "reason", reason)));
      r.append(
              "\nBots not asked for a draft as they could not post (botswarm_drafts_not_asked_total): ")
          .append(notAsked.isEmpty() ? "none" : String.join(", ", notAsked))
          .append(".\n");
    }
    String slug = options.label().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
    Path chart = options.reportDir().resolve("load-" + slug + "-latency.svg");
    SvgChart.write(
        chart,
        "Answer latency, " + options.label(),
        "messages in the chats so far",
        "ms",
        List.of(
            series("p50", windows, Window::p50),
            series("p95", windows, Window::p95),
            series("p99", windows, Window::p99)));
    r.append("\nLatency against messages so far: `").append(chart).append("`\n");
    Path runs = options.reportDir().resolve("load-runs.csv");
    if (!Files.exists(runs))
      Files.writeString(
          runs, "label,bots,chats,nodes,bot_messages_per_second,p50_ms,p99_ms,rate_limited\n");
    Files.writeString(
        runs,
        String.format(
            Locale.ROOT,
            "%s,%d,%d,%d,%.2f,%.0f,%.0f,%d%n",
            slug,
            options.bots(),
            chats.size(),
            options.metrics().size(),
            inRun.size() / seconds,
            latencies.percentileMillis(50),
            latencies.percentileMillis(99),
            rateLimited),
        StandardOpenOption.APPEND);
    throughputChart(runs);
    Path report = options.reportDir().resolve("load-" + slug + ".md");
    Files.writeString(report, r);
    out.println();
    out.print(r);
    out.println("\nwritten to " + report);
    out.flush();
  }

  /** Throughput against bots over every recorded run, one line per node count. */
  private void throughputChart(Path runs) throws IOException {
    Map<Integer, List<SvgChart.Point>> byNodes = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(runs).subList(1, Files.readAllLines(runs).size())) {
      String[] f = line.split(",");
      byNodes
          .computeIfAbsent(Integer.parseInt(f[3]), n -> new ArrayList<>())
          .add(new SvgChart.Point(Double.parseDouble(f[1]), Double.parseDouble(f[4])));
    }
    List<SvgChart.Series> series = new ArrayList<>();
    byNodes.forEach(
        (nodes, points) -> {
          points.sort(java.util.Comparator.comparingDouble(SvgChart.Point::x));
          series.add(new SvgChart.Series(nodes + " node(s)", points));
        });
    SvgChart.write(
        options.reportDir().resolve("load-throughput.svg"),
        "Bot messages/s against bots (all recorded runs)",
        "bots",
        "bot messages/s",
        series);
  }

  private static SvgChart.Series series(
      String name, List<Window> windows, java.util.function.ToDoubleFunction<Window> value) {
    return new SvgChart.Series(
        name,
        windows.stream()
            .map(w -> new SvgChart.Point(w.messages(), value.applyAsDouble(w)))
            .toList());
  }

  private static Scrape.Histogram merge(Scrape.Histogram a, Scrape.Histogram b) {
    var merged = new java.util.TreeMap<>(a.cumulative());
    b.cumulative().forEach((le, count) -> merged.merge(le, count, Double::sum));
    return new Scrape.Histogram(merged, a.sum() + b.sum());
  }

  private static void row(StringBuilder r, String measure, String value) {
    r.append("| ").append(measure).append(" | ").append(value).append(" |\n");
  }

  private static <T> List<T> snapshot(List<T> list) {
    synchronized (list) {
      return new ArrayList<>(list);
    }
  }

  /** The answers' latencies: the second of each pair, in milliseconds. */
  private static Latencies latencies(List<long[]> answers) {
    Latencies latencies = new Latencies();
    answers.forEach(a -> latencies.recordMillis(a[1]));
    return latencies;
  }

  private static String ms(double millis) {
    return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.0f ms", millis);
  }
}
