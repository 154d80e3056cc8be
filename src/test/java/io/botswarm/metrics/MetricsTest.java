package io.botswarm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.Incoming;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.readmodel.ReadModelQueries;
import io.botswarm.telegram.BotTokens;
import io.botswarm.telegram.Telegram;
import io.botswarm.telegram.TelegramGateway;
import io.botswarm.telegram.TelegramSettings;
import io.botswarm.telegram.TelegramTransport;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import kamon.Kamon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node's /metrics, scraped for real: valid format, moving counters, no identifying labels. */
class MetricsTest {

  static TelegramWorld world;
  static String chat;
  static String bot;
  static final String TEXT = "Zanzibar quokka question about saffron";
  static SwarmNode node;
  static int port;

  @BeforeAll
  static void start() {
    port = TestDatabase.freePort();
    // One message a second per chat, no burst: a second message at once meets a 429.
    world = new TelegramWorld(1, new SandboxSpec.FloodLimits(30, 1, Duration.ofSeconds(1), 20));
    chat = world.chat();
    bot = world.bots.get(0);
    var config = new HashMap<String, Object>(world.config());
    config.put("botswarm.metrics.enabled", true);
    config.put("botswarm.metrics.port", port);
    config.put("botswarm.metrics.poll-every", "300ms");
    config.put("kamon.metric.tick-interval", "500ms");
    node = TestNodes.start(config);
    // Both tests need the bot: its gateway polls only for a bot of the swarm.
    join(
        new BotClient(node.system())
            .register(bot, new Persona("Metered", bot, "", "terse", List.of("saffron"))));
    Telegram.wake(node.system(), bot);
  }

  @AfterAll
  static void stop() {
    node.terminate();
    world.close();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static List<PrometheusText.Sample> scrape() throws Exception {
    return PrometheusText.parse(scrapeText());
  }

  static String scrapeText() throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  static double value(
      List<PrometheusText.Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  @Test
  void servesValidMetricsThatMoveWithTrafficAndNameNoOne() throws Exception {
    var before = scrape();
    var chats = new ChatClient(node.system());
    join(
        chats.configure(
            chat,
            new ChatSettings(
                "Metered chat",
                true,
                List.of(new ChatSettings.Member(bot, bot, "Metered", List.of("saffron"))),
                1.0,
                Optional.empty(),
                Optional.empty())));
    var message = new Incoming(1, "Quentin", "", TEXT, Optional.empty(), Instant.now());
    join(chats.receive(chat, message));
    join(chats.receive(chat, message));
    join(chats.submit(chat, bot, "Saffron is worth more than gold by weight", Optional.empty()));
    node.databases()
        .read(
            c ->
                ReadModelQueries.run(
                    c, ReadModelQueries.ALL.get(1), Map.of(ReadModelQueries.Parameter.CHAT, chat)));
    // The counters move when the chat has sent its answer and Kamon's next tick has passed.
    var seen = new java.util.concurrent.atomic.AtomicReference<List<PrometheusText.Sample>>();
    TestNodes.await(
        "the traffic's counters are on /metrics",
        60,
        () -> {
          var after = scrape();
          seen.set(after);
          // At least: the counters are the JVM's, and other tests' nodes may still be receiving.
          // (That a redelivery is not received twice is the coordinator's tests' business.)
          assertTrue(
              value(after, "botswarm_messages_received_total", Map.of())
                  >= value(before, "botswarm_messages_received_total", Map.of()) + 1,
              "received");
          assertTrue(
              value(after, "botswarm_messages_duplicate_total", Map.of())
                  >= value(before, "botswarm_messages_duplicate_total", Map.of()) + 1,
              "duplicate");
          assertTrue(value(after, "botswarm_drafts_total", Map.of("verdict", "admitted")) >= 1);
          assertTrue(value(after, "botswarm_messages_sent_total", Map.of("outcome", "sent")) >= 1);
          assertTrue(
              value(after, "botswarm_journal_write_seconds_count", Map.of("entity", "Chat")) >= 2);
          assertTrue(
              value(after, "botswarm_journal_write_seconds_count", Map.of("entity", "Bot")) >= 1);
          assertTrue(
              value(
                      after,
                      "botswarm_generation_latency_seconds_count",
                      Map.of("generator", "offline"))
                  >= 1,
              "the bot was asked to answer");
          assertTrue(
              value(
                      after,
                      "botswarm_db_query_seconds_count",
                      Map.of("query", "last message in chat"))
                  >= 1);
        });
    var after = seen.get();
    assertEquals(8, value(after, "botswarm_db_pool_max", Map.of("pool", "journal")));
    assertEquals(1, value(after, "botswarm_cluster_members", Map.of("status", "up")));
    assertTrue(after.stream().anyMatch(s -> s.name().equals("botswarm_projection_lag_events")));

    Set<String> labelValues = new HashSet<>();
    after.forEach(s -> labelValues.addAll(s.labels().values()));
    for (String secret :
        List.of(
            chat, bot, world.tokens.get(bot), "Zanzibar", "quokka", "Quentin", "Saffron is worth"))
      assertTrue(
          labelValues.stream().noneMatch(v -> v.contains(secret)),
          "a label carries '" + secret + "'");
  }

  @Test
  void botApiCallsAndTheir429sAreCountedWithoutNamingAnyone() throws Exception {
    TestNodes.await(
        "the gateway polls",
        20,
        () -> TelegramWorld.status(node, bot).phase() == TelegramGateway.Phase.POLLING);
    var transport =
        new TelegramTransport(
            node.system(),
            BotTokens.of(world.tokens),
            TelegramSettings.fromConfig(node.system().settings().config()));
    for (int i = 0; i < 2; i++)
      assertInstanceOf(
          ChatTransport.Sent.class,
          transport
              .send(
                  new ChatTransport.Outgoing(
                      world.chat(), 100 + i, bot, "tick " + i, Optional.empty()))
              .toCompletableFuture()
              .get());

    TestNodes.await(
        "the 429 is on /metrics",
        10,
        () ->
            value(scrape(), "botswarm_telegram_rate_limited_total", Map.of("method", "sendmessage"))
                >= 1);
    TestNodes.await(
        "the refused send is on /metrics, by code",
        10,
        () ->
            value(
                    scrape(),
                    "botswarm_telegram_sends_refused_total",
                    Map.of("code", "429", "kind", "flooded"))
                >= 1);
    // A long poll counts when it ends (at the latest after its 2 s timeout).
    TestNodes.await(
        "a finished long poll is on /metrics",
        10,
        () ->
            value(scrape(), "botswarm_telegram_call_seconds_count", Map.of("method", "getupdates"))
                >= 1);
    List<PrometheusText.Sample> samples = scrape();
    assertTrue(
        value(
                samples,
                "botswarm_telegram_call_seconds_count",
                Map.of("method", "sendmessage", "outcome", "ok"))
            >= 2);
    Set<String> labels = new HashSet<>();
    samples.stream()
        .filter(s -> s.name().startsWith("botswarm_telegram"))
        .forEach(s -> labels.addAll(s.labels().values()));
    for (String secret : List.of(world.tokens.get(bot), bot, world.chat(), "7000000"))
      assertTrue(labels.stream().noneMatch(v -> v.contains(secret)), "a label carries " + secret);
  }

  static final Pattern METRIC = Pattern.compile("\\b(botswarm_[a-z_]+|akka_[a-z_]+)\\b");

  @Test
  void theDashboardAndTheAlertRulesAreValidAndUseMetricsThatExist() throws Exception {
    var samples = scrape();
    Set<String> served = new HashSet<>();
    samples.forEach(s -> served.add(s.name()));
    // Families that appear once their events happen (Telegram's: TelegramMetricsTest).
    Set<String> later =
        Set.of(
            "botswarm_telegram_rate_limited_total",
            "botswarm_telegram_call_seconds_bucket",
            "botswarm_db_slow_queries_total",
            "botswarm_generation_fallbacks_total",
            "botswarm_drafts_total",
            "botswarm_messages_sent_total",
            "botswarm_generation_latency_seconds_bucket",
            "botswarm_db_query_seconds_bucket",
            "botswarm_replica_lag_seconds",
            "botswarm_replica_lag_bytes",
            "botswarm_journal_write_seconds_bucket");

    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Files.readString(Path.of("docker/grafana/dashboards/botswarm.json")));
    assertTrue(dashboard.get("panels").size() >= 10);
    for (JsonNode panel : dashboard.get("panels")) {
      assertFalse(panel.get("targets").isEmpty(), panel.get("title").asText());
      for (JsonNode target : panel.get("targets"))
        assertKnown(target.get("expr").asText(), served, later);
    }

    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(Path.of("docker/prometheus/alerts.yml")));
    Set<String> alerts = new HashSet<>();
    for (JsonNode rule : rules.get("groups").get(0).get("rules")) {
      alerts.add(rule.get("alert").asText());
      assertKnown(rule.get("expr").asText(), served, later);
      assertTrue(rule.has("labels") && rule.has("annotations"), rule.get("alert").asText());
    }
    assertTrue(
        alerts.containsAll(
            Set.of(
                "ConnectionPoolSaturated",
                "SlowReadQueries",
                "ReplicaLagging",
                "TelegramRateLimited",
                "UnreachableMembers")));
  }

  private static void assertKnown(String expr, Set<String> served, Set<String> later) {
    var m = METRIC.matcher(expr);
    while (m.find()) {
      String name = m.group(1);
      // Akka's families come from Kamon's instrumentation, which needs the agent the launcher adds.
      if (name.startsWith("akka_") && !Metrics.isAgentAttached()) continue;
      assertTrue(
          served.contains(name) || later.contains(name),
          "'" + name + "' in '" + expr + "' is not a metric we serve");
    }
  }

  @Test
  void promtoolAcceptsTheAlertRules() throws Exception {
    Assumptions.assumeTrue(
        new java.io.File("/usr/bin/promtool").canExecute(),
        "promtool (Debian's prometheus) is not installed");
    Process p =
        new ProcessBuilder("promtool", "check", "rules", "docker/prometheus/alerts.yml")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), output);
    assertTrue(output.contains("SUCCESS"), output);
  }

  /**
   * What the node serves passes {@code promtool check metrics} without a lint note, Kamon's Akka
   * metrics included: the Kanela agent that records those is not in the test JVM, so the test
   * records one by the agent's name and tags. (One class with the other metrics tests: Kamon is one
   * per JVM, and a second node stopping it would leave this class's instruments unreported.)
   */
  @Test
  void kamonsMetricsLeaveWithPrometheusNamesAndPromtoolFindsNothingToLint() throws Exception {
    Kamon.histogram("akka.router.members", "Tracks the number of routees of a router")
        .withTag("routerClass", "akka.routing.RandomPool")
        .withTag("routeeClass", "akka.io.SelectionHandler")
        .record(2);
    TestNodes.await(
        "the router metric is on /metrics",
        30,
        () ->
            scrape().stream()
                .anyMatch(
                    s ->
                        s.name().equals("akka_router_members_count")
                            && s.labels().get("router_class") != null
                            && s.labels().get("routee_class") != null));
    String body = scrapeText();
    assertFalse(body.contains("routerClass") || body.contains("routeeClass"), body);
    assertFalse(body.contains("jvm_threads_total"), "a gauge named like a counter");

    Assumptions.assumeTrue(
        new File("/usr/bin/promtool").canExecute(),
        "promtool (Debian's prometheus) is not installed");
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = promtool.getOutputStream()) {
      in.write(body.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, promtool.waitFor(), output);
    assertEquals("", output.strip(), "promtool's lint notes");
  }
}
