package io.botswarm.testing;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import io.botswarm.bot.Bot;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.cluster.NodeConfig;
import io.botswarm.cluster.SwarmNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/** Swarm nodes for tests: the suite's configuration, the shared database, and given overrides. */
public final class TestNodes {

  private TestNodes() {}

  /**
   * How long a test's setup asks (registering its bots, configuring its chats) may wait: nodes
   * starting, shards moving and a busy machine all slow the first answers, and setup is not what a
   * test checks.
   */
  public static final Duration SETUP_ASK = Duration.ofSeconds(30);

  /** A node whose chats post to a console nobody reads. */
  public static SwarmNode start(Map<String, ?> overrides) {
    return start(overrides, system -> new ConsoleTransport(new PrintWriter(new StringWriter())));
  }

  public static SwarmNode start(
      Map<String, ?> overrides, Function<ActorSystem<?>, ChatTransport> transport) {
    return start(overrides, transport, System.getenv());
  }

  /** A node that looks token references up in {@code environment}, not the process's. */
  public static SwarmNode start(Map<String, ?> overrides, Map<String, String> environment) {
    return start(
        overrides,
        system -> new ConsoleTransport(new PrintWriter(new StringWriter())),
        environment);
  }

  private static SwarmNode start(
      Map<String, ?> overrides,
      Function<ActorSystem<?>, ChatTransport> transport,
      Map<String, String> environment) {
    Map<String, Object> all = new HashMap<>(overrides);
    all.putIfAbsent("botswarm.db.url", TestDatabase.url());
    return SwarmNode.start(
        NodeConfig.load("application-test.conf", Optional.empty(), all),
        Duration.ofSeconds(30),
        transport,
        environment);
  }

  /** How many bot shards {@code node}'s region hosts right now. */
  public static int botShards(SwarmNode node) throws Exception {
    return regionState(node, Bot.ENTITY_KEY).getShards().size();
  }

  /**
   * How many of the shards on {@code node} hold one of {@code botIds}: a shared database's
   * remembered gateways of earlier tests may start other bots (asking whether they exist), which a
   * test counting its own bots must leave out.
   */
  public static long botShardsOf(SwarmNode node, java.util.Collection<String> botIds)
      throws Exception {
    return regionState(node, Bot.ENTITY_KEY).getShards().stream()
        .filter(s -> s.getEntityIds().stream().anyMatch(botIds::contains))
        .count();
  }

  /** The ids of the entities of a type that run on {@code node} right now. */
  public static java.util.Set<String> entityIds(SwarmNode node, EntityTypeKey<?> type)
      throws Exception {
    var ids = new java.util.HashSet<String>();
    regionState(node, type).getShards().forEach(s -> ids.addAll(s.getEntityIds()));
    return ids;
  }

  private static ShardRegion.CurrentShardRegionState regionState(
      SwarmNode node, EntityTypeKey<?> type) throws Exception {
    return AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(node.system()).shardState(),
            r -> new GetShardRegionState(type, r),
            node.system().settings().config().getDuration("botswarm.bot.ask-timeout"),
            node.system().scheduler())
        .toCompletableFuture()
        .get();
  }

  /** A check that passes by returning and fails by throwing an {@link AssertionError}. */
  @FunctionalInterface
  public interface Check {
    void check() throws Exception;
  }

  /**
   * Waits up to {@code seconds} for {@code condition}, failing with {@code what} if it never holds.
   * The only way tests wait: generous deadlines cost nothing when the condition holds early, and a
   * busy machine needs them. An exception the condition throws (an assertion's too) ends the wait.
   */
  public static void await(String what, long seconds, Callable<Boolean> condition)
      throws Exception {
    poll(what, seconds, condition, () -> null);
  }

  /**
   * Runs {@code check} until it passes, up to {@code seconds}; if it never does, fails with {@code
   * what} and the last {@link AssertionError} it threw, so the failure says what was last seen. Any
   * other exception ends the wait at once.
   */
  public static void await(String what, long seconds, Check check) throws Exception {
    AssertionError[] last = {null};
    poll(
        what,
        seconds,
        () -> {
          try {
            check.check();
            return true;
          } catch (AssertionError notYet) {
            last[0] = notYet;
            return false;
          }
        },
        () -> last[0]);
  }

  private static void poll(
      String what, long seconds, Callable<Boolean> condition, Supplier<AssertionError> lastSeen)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long pause = 10;
    while (!condition.call()) {
      if (System.nanoTime() >= deadline) {
        AssertionError last = lastSeen.get();
        String seen = last == null ? "" : " (last seen: " + last.getMessage() + ")";
        throw new AssertionError("never within " + seconds + " s: " + what + seen, last);
      }
      // The poll's pause, not a wait before an assertion: short at first, then at most 200 ms.
      Thread.sleep(pause);
      pause = Math.min(200, pause * 2);
    }
  }
}
