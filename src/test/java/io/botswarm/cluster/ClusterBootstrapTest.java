package io.botswarm.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.ConfigException;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Nodes with {@code botswarm.management.bootstrap = on} and no seed nodes find each other through
 * service discovery, as pods do in Kubernetes. Here discovery is Akka's config method listing both
 * nodes' management endpoints on 127.0.0.1, in place of the Kubernetes API.
 */
class ClusterBootstrapTest {

  static final List<SwarmNode> running = new ArrayList<>();

  @AfterAll
  static void stop() {
    for (int i = running.size() - 1; i >= 0; i--) running.get(i).terminate();
  }

  static Map<String, Object> bootstrapping(int managementPort, List<Integer> allManagementPorts) {
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (int port : allManagementPorts) endpoints.add(Map.of("host", "127.0.0.1", "port", port));
    Map<String, Object> config = new HashMap<>();
    config.put("botswarm.management.enabled", true);
    config.put("botswarm.management.bootstrap", true);
    config.put("akka.management.http.port", managementPort);
    config.put("akka.discovery.method", "config");
    config.put("akka.discovery.config.services.botswarm.endpoints", endpoints);
    config.put(
        "akka.management.cluster.bootstrap.contact-point-discovery.service-name", "botswarm");
    config.put(
        "akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr", 2);
    // Both nodes share one host here, told apart by their management ports only.
    config.put("akka.management.cluster.bootstrap.contact-point.filter-on-fallback-port", false);
    config.put("akka.management.cluster.bootstrap.contact-point-discovery.stable-margin", "1s");
    return config;
  }

  @Test
  void nodesWithoutSeedsFormOneClusterThroughDiscovery() throws Exception {
    int first = TestDatabase.freePort();
    int second = TestDatabase.freePort();
    List<Integer> both = List.of(first, second);
    // Neither is Up before it has seen the other, so they start together, each on its own thread.
    ExecutorService starters = Executors.newFixedThreadPool(2);
    try {
      var starting =
          List.of(
              CompletableFuture.supplyAsync(
                  () -> TestNodes.start(bootstrapping(first, both)), starters),
              CompletableFuture.supplyAsync(
                  () -> TestNodes.start(bootstrapping(second, both)), starters));
      for (var node : starting) running.add(node.get(60, TimeUnit.SECONDS));
    } finally {
      starters.shutdown();
    }

    // Each returned once it was Up itself; gossip tells the other soon after.
    for (SwarmNode node : running)
      TestNodes.await(
          node.address() + " sees two Up members",
          10,
          () -> {
            var members = new ArrayList<akka.cluster.Member>();
            Cluster.get(node.system()).state().getMembers().forEach(members::add);
            return members.size() == 2
                && members.stream().allMatch(m -> m.status() == MemberStatus.up());
          });
  }

  @Test
  void aNodeWhoseDiscoveryCannotStartStopsAndSaysWhy() throws Exception {
    int management = TestDatabase.freePort();
    Map<String, Object> outsideAPod = bootstrapping(management, List.of());
    outsideAPod.put(
        "akka.management.cluster.bootstrap.contact-point-discovery.discovery-method",
        "kubernetes-api");
    String missing = "/nonexistent/serviceaccount/ca.crt";
    outsideAPod.put("akka.discovery.kubernetes-api.api-ca-path", missing);
    var e = assertThrows(IllegalStateException.class, () -> TestNodes.start(outsideAPod));
    assertTrue(e.getMessage().contains("kubernetes-api"), e.getMessage());
    assertTrue(e.getMessage().contains(missing), e.getMessage());
    // Stopped, not left running: its management port is free again.
    new ServerSocket(management, 1, InetAddress.getLoopbackAddress()).close();
  }

  @Test
  void bootstrapWithoutManagementOrWithSeedNodesIsAConfigurationError() {
    Map<String, Object> noManagement = bootstrapping(TestDatabase.freePort(), List.of());
    noManagement.put("botswarm.management.enabled", false);
    var e = assertThrows(ConfigException.BadValue.class, () -> TestNodes.start(noManagement));
    assertTrue(e.getMessage().contains("botswarm.management.enabled"), e.getMessage());

    Map<String, Object> withSeeds = bootstrapping(TestDatabase.freePort(), List.of());
    withSeeds.put("akka.cluster.seed-nodes", List.of("akka://botswarm@127.0.0.1:2551"));
    e = assertThrows(ConfigException.BadValue.class, () -> TestNodes.start(withSeeds));
    assertTrue(e.getMessage().contains("akka.cluster.seed-nodes"), e.getMessage());
  }
}
