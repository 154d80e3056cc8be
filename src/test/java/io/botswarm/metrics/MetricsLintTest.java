package io.botswarm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.botswarm.cluster.SwarmNode;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import kamon.Kamon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a node serves on /metrics passes {@code promtool check metrics} without a lint note, Kamon's
 * Akka metrics included: the Kanela agent that records those is not in the test JVM, so the test
 * records one by the agent's name and tags.
 */
class MetricsLintTest {

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
                "kamon.metric.tick-interval",
                "500ms"));
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  static String scrape() throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

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
            PrometheusText.parse(scrape()).stream()
                .anyMatch(
                    s ->
                        s.name().equals("akka_router_members_count")
                            && s.labels().get("router_class") != null
                            && s.labels().get("routee_class") != null));
    String body = scrape();
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
