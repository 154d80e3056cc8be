package io.botswarm.cli;

import io.botswarm.admin.AdminOperations.PlanReport;
import io.botswarm.cluster.SwarmNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swarm node}: runs one cluster node until it is stopped (SIGTERM or Ctrl-C). */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description =
        "Runs one swarm node: joins the cluster named by its configuration and hosts its share of the bots. Without seed nodes or cluster bootstrap it forms a one-node cluster. Without SWARM_DB_URL it runs the embedded PostgreSQL. With --apply FILE it applies a swarm definition once it is up.")
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
      names = "--apply",
      paramLabel = "FILE",
      description =
          "Once up, apply this swarm definition (YAML or JSON) as `swarm apply -f FILE` does, printing the plan; a file with problems, or items that did not apply, stop the node (exit 1). Applying an unchanged file again changes nothing.")
  Path apply;

  @Override
  public Integer call() {
    String definition = apply == null ? null : read(apply);
    node.applyConsoleLevel("INFO");
    SwarmNode swarmNode = SwarmNode.start(node.load(Map.of()), joinTimeout);
    var out = spec.commandLine().getOut();
    out.println("node " + swarmNode.address() + " is Up; journal at " + swarmNode.databaseUrl());
    swarmNode.metricsUrl().ifPresent(m -> out.println("metrics at " + m));
    swarmNode
        .apiUrl()
        .ifPresent(a -> out.println("read API at " + a + " (/chats/<id>/messages, /bots/<id>)"));
    swarmNode
        .adminUrl()
        .ifPresent(a -> out.println("admin API at " + a + " (bearer SWARM_ADMIN_TOKEN)"));
    swarmNode
        .managementUrl()
        .ifPresent(m -> out.println("management at " + m + " (/alive, /ready, /cluster/members)"));
    out.flush();
    if (definition != null) {
      int applied;
      try {
        PlanReport report =
            swarmNode
                .admin()
                .plan(apply.toString(), definition, true, false)
                .toCompletableFuture()
                .join();
        applied =
            AdminOutput.plan(report, apply.toString(), true, out, spec.commandLine().getErr());
      } catch (RuntimeException e) {
        swarmNode.terminate();
        throw e;
      }
      out.flush();
      if (applied != 0) {
        // A node that could not apply its definition stops rather than run half a swarm; the
        // plan's closing line said why.
        swarmNode.terminate();
        return applied;
      }
    }
    swarmNode.system().getWhenTerminated().toCompletableFuture().join();
    swarmNode.terminate();
    return 0;
  }

  private String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--apply " + file + " does not exist");
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--apply: cannot read " + file + ": " + e.getMessage());
    }
  }
}
