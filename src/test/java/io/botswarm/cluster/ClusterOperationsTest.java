package io.botswarm.cluster;

import static io.botswarm.testing.TestNodes.await;
import static io.botswarm.testing.TestNodes.botShards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.typed.Cluster;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Several nodes on 127.0.0.1 in one JVM: they join, report health, take their share of the bots
 * when added, and hand it over when they leave; no bot becomes unreachable on the way.
 */
class ClusterOperationsTest {

  static final int SEED = TestDatabase.freePort();
  static final List<SwarmNode> running = new ArrayList<>();

  static SwarmNode node(int port, int managementPort) {
    var node =
        TestNodes.start(
            Map.of(
                "akka.remote.artery.canonical.port",
                port,
                "akka.cluster.seed-nodes",
                List.of("akka://botswarm@127.0.0.1:" + SEED),
                "botswarm.management.enabled",
                true,
                "akka.management.http.port",
                managementPort));
    running.add(node);
    return node;
  }

  @AfterAll
  static void stop() {
    for (int i = running.size() - 1; i >= 0; i--) running.get(i).terminate();
  }

  static int get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static String body(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static void allReachable(SwarmNode via, List<String> bots) {
    var client = new BotClient(via.system());
    List<CompletableFuture<?>> asks = new ArrayList<>();
    for (String id : bots) asks.add(client.profile(id).toCompletableFuture());
    CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  void nodesJoinReportHealthTakeTheirShareWhenAddedAndHandItOverWhenTheyLeave() throws Exception {
    int firstManagement = TestDatabase.freePort();
    SwarmNode first = node(SEED, firstManagement);
    SwarmNode second = node(TestDatabase.freePort(), TestDatabase.freePort());
    await(
        "two members up",
        30,
        () ->
            Cluster.get(first.system()).state().getMembers().spliterator().getExactSizeIfKnown()
                == 2);

    String management = "http://127.0.0.1:" + firstManagement;
    assertEquals(200, get(management + "/alive"));
    await("ready", 30, () -> get(management + "/ready") == 200);
    assertTrue(
        body(management + "/cluster/members").contains("127.0.0.1:" + SEED), "members are listed");

    var client = new BotClient(first.system());
    List<String> bots = new ArrayList<>();
    List<CompletableFuture<?>> registrations = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String id = "ops_" + i + "_bot";
      bots.add(id);
      registrations.add(
          client
              .register(id, new Persona("Ops " + i, id, "", "terse", List.of()))
              .toCompletableFuture());
    }
    CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).join();
    // A node that has just joined may not have its region known yet: rebalancing gives it its
    // share.
    await("two nodes share the bots", 30, () -> botShards(first) > 0 && botShards(second) > 0);

    // Scale out: the third node gets shards within a few rebalance rounds.
    SwarmNode third = node(TestDatabase.freePort(), TestDatabase.freePort());
    await(
        "the new node hosts bot shards",
        30,
        () -> {
          // Traffic lets the new node's region take shards; an ask that times out while its
          // shard is handed over is retried on the next round. Every bot must answer after.
          try {
            allReachable(first, bots);
          } catch (java.util.concurrent.CompletionException handingOver) {
            return false;
          }
          return botShards(third) > 0;
        });
    allReachable(third, bots);
    allReachable(first, bots);

    // A graceful leave hands the shards over; every bot still answers.
    second.terminate();
    running.remove(second);
    await(
        "the leaver is gone",
        30,
        () ->
            Cluster.get(first.system()).state().getMembers().spliterator().getExactSizeIfKnown()
                == 2);
    allReachable(first, bots);
    assertEquals(200, get(management + "/ready"));
  }
}
