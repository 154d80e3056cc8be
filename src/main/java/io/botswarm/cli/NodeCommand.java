package io.botswarm.cli;

import io.botswarm.cluster.SwarmNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swarm node}: runs one cluster node until it is stopped (SIGTERM or Ctrl-C). */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description =
        "Runs one swarm node: joins the cluster named by its configuration and hosts its share of the bots. Without seed nodes or cluster bootstrap it forms a one-node cluster. Without SWARM_DB_URL it runs the embedded PostgreSQL.")
final class NodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  @Option(
      names = "--join-timeout",
      converter = DurationConverter.class,
      defaultValue = "60s",
      description =
          "How long to wait to join through the seed nodes or cluster bootstrap (default ${DEFAULT-VALUE}).")
  Duration joinTimeout;

  @Option(
      names = "--populate",
      description =
          "Once up, establish the demo's world of --bots, --chats and --seed in the cluster (as `swarm sandbox` with the same values serves it): register the bots that are not in the journal yet and configure the chats.")
  boolean populate;

  @Mixin WorldOptions worldOptions;

  @Override
  public Integer call() {
    DemoWorld world = populate ? worldOptions.world(spec) : null;
    node.applyConsoleLevel("INFO");
    SwarmNode swarmNode = SwarmNode.start(node.load(Map.of()), joinTimeout);
    var out = spec.commandLine().getOut();
    out.println("node " + swarmNode.address() + " is Up; journal at " + swarmNode.databaseUrl());
    swarmNode.metricsUrl().ifPresent(m -> out.println("metrics at " + m));
    swarmNode
        .apiUrl()
        .ifPresent(a -> out.println("read API at " + a + " (/chats/<id>/messages, /bots/<id>)"));
    swarmNode
        .managementUrl()
        .ifPresent(m -> out.println("management at " + m + " (/alive, /ready, /cluster/members)"));
    out.flush();
    if (world != null) {
      DemoWorld.InCluster established;
      try {
        established = world.establish(swarmNode.system()).toCompletableFuture().join();
      } catch (RuntimeException e) {
        // A node that could not populate stops rather than run half a world.
        swarmNode.terminate();
        throw e;
      }
      out.printf(
          "populated: %d bots (%d already in the journal), %d chats%n",
          established.bots().size(), established.resumed(), established.chats().size());
      out.flush();
    }
    swarmNode.system().getWhenTerminated().toCompletableFuture().join();
    swarmNode.terminate();
    return 0;
  }
}
