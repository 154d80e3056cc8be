package io.botswarm.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.PersonaGenerator;
import io.botswarm.cluster.SwarmNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * What a node holds and how a cluster moves it, with the nodes as ActorSystems in this JVM over one
 * database: heap per active bot and per known (passivated) bot on one node, then the time a third
 * node takes to get its share of a two-node cluster's active bots, until every bot answers.
 */
public final class ClusterBenchmark {

  public record Options(int active, int known, long seed) {}

  private static final int IN_FLIGHT = 64;

  private final IntFunction<SwarmNode> startNode;
  private final BiFunction<SwarmNode, Integer, CompletionStage<?>> establish;
  private final Options options;
  private final PrintWriter out;

  /**
   * @param startNode starts node {@code i} (1, 2, 3) of the cluster; node 1 first
   * @param establish registers the first {@code n} bots of the world of {@code options.seed} with
   *     their full starting state, through the given node
   */
  public ClusterBenchmark(
      IntFunction<SwarmNode> startNode,
      BiFunction<SwarmNode, Integer, CompletionStage<?>> establish,
      Options options,
      PrintWriter out) {
    this.startNode = startNode;
    this.establish = establish;
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    List<SwarmNode> nodes = new ArrayList<>();
    try {
      SwarmNode first = startNode.apply(1);
      nodes.add(first);
      out.println("# cluster");
      out.println();
      long baseline = usedHeapAfterGc();
      long t = System.nanoTime();
      establish.apply(first, options.active()).toCompletableFuture().join();
      progress(
          "%,d bots established with their starting state in %.1f s", options.active(), since(t));
      var generator = new PersonaGenerator(options.seed());
      var client = new BotClient(first.system());
      List<String> active = new ArrayList<>();
      for (int i = 0; i < options.active(); i++) active.add(generator.blueprint(i).botId());
      // Establishing outlasts the idle timeout: wake them all, then weigh what runs.
      forEach(first.system(), active, client::profile);
      long withActive = usedHeapAfterGc();
      int activeHere = entities(first);
      List<PersonaGenerator.Blueprint> extra = new ArrayList<>();
      for (int i = options.active(); i < options.known(); i++) extra.add(generator.blueprint(i));
      t = System.nanoTime();
      forEach(first.system(), extra, b -> client.register(b.botId(), b.persona()));
      progress("%,d more bots registered in %.1f s", extra.size(), since(t));
      t = System.nanoTime();
      while (entities(first) > 0) Thread.sleep(1_000);
      progress("every bot passivated after %.1f s idle", since(t));
      long allPassivated = usedHeapAfterGc();

      out.println();
      out.println("| heap (after a full GC) | MiB | per bot |");
      out.println("|---|---:|---:|");
      out.printf(Locale.ROOT, "| node with no bots running | %.1f | |%n", mib(baseline));
      out.printf(
          Locale.ROOT,
          "| %,d active bots (entities running) | %.1f | %,d bytes |%n",
          activeHere,
          mib(withActive),
          (withActive - baseline) / Math.max(1, activeHere));
      out.printf(
          Locale.ROOT,
          "| %,d known bots, all passivated | %.1f | %,d bytes |%n",
          options.known(),
          mib(allPassivated),
          Math.max(0, allPassivated - baseline) / options.known());
      out.println();

      nodes.add(startNode.apply(2));
      awaitBalanced(nodes);
      t = System.nanoTime();
      forEach(first.system(), active, client::profile);
      progress("%,d bots active on two nodes in %.1f s", active.size(), since(t));

      long added = System.nanoTime();
      nodes.add(startNode.apply(3));
      double joined = since(added);
      awaitBalanced(nodes);
      double balanced = since(added);
      forEach(first.system(), active, client::profile);
      double answering = since(added);
      out.println();
      out.println(
          "| 2 -> 3 nodes, "
              + String.format(Locale.ROOT, "%,d", options.active())
              + " active bots | s |");
      out.println("|---|---:|");
      out.printf(Locale.ROOT, "| third node Up (started and joined) | %.1f |%n", joined);
      out.printf(
          Locale.ROOT, "| bot shards balanced (%s) | %.1f |%n", shardCounts(nodes), balanced);
      out.printf(Locale.ROOT, "| every bot answered again | %.1f |%n", answering);
      out.printf(
          Locale.ROOT,
          "%nBots running per node afterwards: %s%n",
          String.join(" / ", nodes.stream().map(n -> String.valueOf(entities(n))).toList()));
    } finally {
      // The first node owns the embedded database: it stops last.
      for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).terminate();
    }
  }

  private void awaitBalanced(List<SwarmNode> nodes) throws InterruptedException {
    while (true) {
      List<Integer> counts = new ArrayList<>();
      for (SwarmNode n : nodes) counts.add(region(n).getShards().size());
      int min = counts.stream().min(Integer::compare).orElse(0);
      int max = counts.stream().max(Integer::compare).orElse(0);
      if (min > 0 && max - min <= 1) return;
      Thread.sleep(200);
    }
  }

  private String shardCounts(List<SwarmNode> nodes) {
    return String.join(
            " / ", nodes.stream().map(n -> String.valueOf(region(n).getShards().size())).toList())
        + " shards";
  }

  private static int entities(SwarmNode node) {
    return region(node).getShards().stream().mapToInt(s -> s.getEntityIds().size()).sum();
  }

  private static ShardRegion.CurrentShardRegionState region(SwarmNode node) {
    return AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(node.system()).shardState(),
            r -> new GetShardRegionState(Bot.ENTITY_KEY, r),
            Duration.ofSeconds(30),
            node.system().scheduler())
        .toCompletableFuture()
        .join();
  }

  private static <T> void forEach(
      ActorSystem<?> system, List<T> ids, java.util.function.Function<T, CompletionStage<?>> ask) {
    Source.from(ids)
        .mapAsyncUnordered(IN_FLIGHT, ask::apply)
        .runWith(Sink.ignore(), system)
        .toCompletableFuture()
        .join();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // Several rounds: finalizers and reference queues free more on the second pass.
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(300);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private void progress(String format, Object... args) {
    out.printf(Locale.ROOT, "  " + format + "%n", args);
    out.flush();
  }

  private static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
