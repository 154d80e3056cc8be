package io.botswarm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.pattern.StatusReply;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Persona;
import io.botswarm.bot.Profile;
import io.botswarm.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node started as `swarm node` starts it: joins itself, and serves sharded bots from the journal.
 */
class SwarmNodeTest {

  static SwarmNode node;

  @BeforeAll
  static void start() {
    var config =
        NodeConfig.load(
            "application-test.conf",
            Optional.empty(),
            Map.of("botswarm.db.url", TestDatabase.url()));
    node = SwarmNode.start(config, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  @Test
  void formsAOneNodeClusterWhenNoSeedsAreConfigured() {
    var cluster = Cluster.get(node.system());
    assertEquals(MemberStatus.up(), cluster.selfMember().status());
    assertEquals(1, cluster.state().getMembers().spliterator().getExactSizeIfKnown());
    assertEquals(TestDatabase.url(), node.databaseUrl());
    assertTrue(node.embeddedDatabase().isEmpty());
  }

  @Test
  void servesBotsThroughShardingAndTheClient() {
    var client = new BotClient(node.system());
    var persona =
        new Persona("Sharded", "sharded_bot", "lives on some shard", "plain", List.of("gold"));
    client.register("sharded-1", persona).toCompletableFuture().join();
    client
        .remember("sharded-1", MemoryType.OBSERVATION, "gold is shiny", 0.4)
        .toCompletableFuture()
        .join();
    Profile profile = client.profile("sharded-1").toCompletableFuture().join();
    assertEquals(persona, profile.persona());
    assertEquals(1, profile.memories().size());
  }

  @Test
  void anUnknownBotIsRefusedWithAReason() {
    var client = new BotClient(node.system());
    var failure =
        assertThrows(
            CompletionException.class,
            () -> client.profile("nobody-registered-me").toCompletableFuture().join());
    var error = assertInstanceOf(StatusReply.ErrorMessage.class, failure.getCause());
    assertEquals(
        "unknown bot nobody-registered-me: it has not been registered", error.getMessage());
  }
}
