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
}
