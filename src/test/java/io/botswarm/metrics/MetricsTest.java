package io.botswarm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.readmodel.ReadModelQueries;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node's /metrics, scraped for real: valid format, moving counters, no identifying labels. */
class MetricsTest {

  static final String CHAT = "-100424242";
  static final String BOT = "metered_bot";
  static final String TEXT = "Zanzibar quokka question about saffron";
  static SwarmNode node;
  static int port;

  @BeforeAll
  static void start() {
    port = TestDatabase.freePort();
    node =
        TestNodes.start(
            Map.of(
                "botswarm.metrics.enabled",
                true,
                "botswarm.metrics.port",
                port,
                "botswarm.metrics.poll-every",
                "300ms",
                "kamon.metric.tick-interval",
                "500ms"),
            system -> new ConsoleTransport(new PrintWriter(new StringWriter())));
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static List<PrometheusText.Sample> scrape() throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return PrometheusText.parse(response.body());
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
    var bots = new BotClient(node.system());
    var chats = new ChatClient(node.system());
    join(bots.register(BOT, new Persona("Metered", BOT, "", "terse", List.of("saffron"))));
    join(
        chats.configure(
            CHAT,
            new ChatSettings(
                "Metered chat",
                true,
                List.of(new ChatSettings.Member(BOT, BOT, "Metered", List.of("saffron"))),
                1.0,
                Optional.empty(),
                Optional.empty())));
    var message =
        new ChatCoordinator.Incoming(1, "Quentin", "", TEXT, Optional.empty(), Instant.now());
    join(chats.receive(CHAT, message));
    join(chats.receive(CHAT, message));
    join(chats.submit(CHAT, BOT, "Saffron is worth more than gold by weight", Optional.empty()));
    node.databases()
        .read(
            c ->
                ReadModelQueries.run(
                    c, ReadModelQueries.ALL.get(1), Map.of(ReadModelQueries.Parameter.CHAT, CHAT)));
    Thread.sleep(1500);

    var after = scrape();
    assertEquals(
        value(before, "botswarm_messages_received_total", Map.of()) + 1,
        value(after, "botswarm_messages_received_total", Map.of()));
    assertEquals(
        value(before, "botswarm_messages_duplicate_total", Map.of()) + 1,
        value(after, "botswarm_messages_duplicate_total", Map.of()));
    assertTrue(value(after, "botswarm_drafts_total", Map.of("verdict", "admitted")) >= 1);
    assertTrue(value(after, "botswarm_messages_sent_total", Map.of("outcome", "sent")) >= 1);
    assertTrue(value(after, "botswarm_journal_write_seconds_count", Map.of("entity", "Chat")) >= 2);
    assertTrue(value(after, "botswarm_journal_write_seconds_count", Map.of("entity", "Bot")) >= 1);
    assertTrue(
        value(after, "botswarm_generation_latency_seconds_count", Map.of("generator", "offline"))
            >= 1,
        "the bot was asked to answer");
    assertTrue(
        value(after, "botswarm_db_query_seconds_count", Map.of("query", "last message in chat"))
            >= 1);
    assertEquals(8, value(after, "botswarm_db_pool_max", Map.of("pool", "journal")));
    assertEquals(1, value(after, "botswarm_cluster_members", Map.of("status", "up")));
    assertTrue(after.stream().anyMatch(s -> s.name().equals("botswarm_projection_lag_events")));

    Set<String> labelValues = new HashSet<>();
    after.forEach(s -> labelValues.addAll(s.labels().values()));
    for (String secret : List.of(CHAT, BOT, "Zanzibar", "quokka", "Quentin", "Saffron is worth"))
      assertTrue(
          labelValues.stream().noneMatch(v -> v.contains(secret)),
          "a label carries '" + secret + "'");
  }

  static final Pattern METRIC = Pattern.compile("\\b(botswarm_[a-z_]+|akka_[a-z_]+)\\b");

  @Test
  void theDashboardAndTheAlertRulesAreValidAndUseMetricsThatExist() throws Exception {
    var samples = scrape();
    Set<String> served = new HashSet<>();
    samples.forEach(s -> served.add(s.name()));
    // Families that appear once their events happen: Telegram comes with its gateway.
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
}
