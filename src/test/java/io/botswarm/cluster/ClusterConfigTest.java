package io.botswarm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import io.botswarm.bot.BotSettings;
import io.botswarm.store.DatabaseSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every overlay in cluster-config/ parses on top of the product's configuration and says what it
 * must.
 */
class ClusterConfigTest {

  static Config load(String overlay) {
    Config config =
        NodeConfig.load(Optional.of(Path.of("cluster-config", overlay)), Map.of()).resolve();
    // The settings a node checks at start must still hold.
    DatabaseSettings.fromConfig(config);
    BotSettings.fromConfig(config.getConfig("botswarm.bot"));
    return config;
  }

  @Test
  void localNodesShareTheirSeedsAndUseDistinctPorts() {
    List<String> seeds =
        List.of("akka://botswarm@127.0.0.1:2551", "akka://botswarm@127.0.0.1:2552");
    for (int n = 1; n <= 3; n++) {
      Config config = load("local/node-" + n + ".conf");
      assertEquals(2550 + n, config.getInt("akka.remote.artery.canonical.port"));
      assertEquals("127.0.0.1", config.getString("akka.remote.artery.canonical.hostname"));
      assertEquals(seeds, config.getStringList("akka.cluster.seed-nodes"));
    }
  }

  @Test
  void dockerNodesBindEverywhereAndSeedFromTheFirstTwoContainers() {
    Config config = load("docker/node.conf");
    assertEquals("0.0.0.0", config.getString("akka.remote.artery.bind.hostname"));
    assertEquals(
        List.of("akka://botswarm@node-1:2551", "akka://botswarm@node-2:2551"),
        config.getStringList("akka.cluster.seed-nodes"));
  }

  @Test
  void theProductDefaultsFormAOneNodeClusterWithTheSplitBrainResolverOn() {
    Config config = NodeConfig.load(Optional.empty(), Map.of()).resolve();
    assertEquals(List.of(), config.getStringList("akka.cluster.seed-nodes"));
    assertEquals(
        "akka.cluster.sbr.SplitBrainResolverProvider",
        config.getString("akka.cluster.downing-provider-class"));
    assertEquals("default", config.getString("jdbc-journal.use-shared-db"));
    assertEquals("default", config.getString("jdbc-snapshot-store.use-shared-db"));
    assertEquals("default", config.getString("jdbc-read-journal.use-shared-db"));
  }

  @Test
  void theComposeFileRunsAPrimaryAReplicaThreeNodesPrometheusAndGrafana() throws Exception {
    var compose =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(java.nio.file.Files.readString(Path.of("docker/docker-compose.yml")));
    var services = new java.util.TreeSet<String>();
    compose.get("services").fieldNames().forEachRemaining(services::add);
    assertEquals(
        new java.util.TreeSet<>(
            List.of(
                "grafana",
                "node-1",
                "node-2",
                "node-3",
                "postgres-primary",
                "postgres-replica",
                "prometheus")),
        services);
    for (String node : List.of("node-1", "node-2", "node-3"))
      assertEquals(
          node, compose.get("services").get(node).get("environment").get("SWARM_HOST").asText());
    assertEquals(
        "/replica-entrypoint.sh",
        compose.get("services").get("postgres-replica").get("entrypoint").get(0).asText());
  }
}
