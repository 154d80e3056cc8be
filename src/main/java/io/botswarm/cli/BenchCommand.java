package io.botswarm.cli;

import io.botswarm.bench.PersistBenchmark;
import io.botswarm.cluster.SwarmNode;
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

/** {@code swarm bench}: the benchmarks behind {@code docs/benchmarks.md}. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Runs a benchmark against a real database and prints a Markdown report.",
    subcommands = {BenchCommand.Persist.class})
final class BenchCommand {

  @Command(
      name = "persist",
      mixinStandardHelpOptions = true,
      description =
          "Journal write rate of many bots at once against plain JDBC batches (the ceiling), and "
              + "recovery time of a bot with a long history with and without snapshots. Uses its own "
              + "embedded database under data/bench unless SWARM_DB_URL or --data-dir says otherwise.")
  static final class Persist implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOptions node;

    @Option(
        names = "--bots",
        defaultValue = "1000",
        description = "Bots writing at once (default ${DEFAULT-VALUE}).")
    int bots;

    @Option(
        names = "--events-per-bot",
        defaultValue = "50",
        description = "Events each bot writes (default ${DEFAULT-VALUE}).")
    int eventsPerBot;

    @Option(
        names = "--recovery-events",
        defaultValue = "10000",
        description = "History of the recovered bot (default ${DEFAULT-VALUE}).")
    int recoveryEvents;

    @Option(
        names = "--recovery-runs",
        defaultValue = "7",
        description = "Recoveries timed per mode (default ${DEFAULT-VALUE}).")
    int recoveryRuns;

    @Override
    public Integer call() throws Exception {
      if (bots < 1 || eventsPerBot < 1 || recoveryEvents < 2 || recoveryRuns < 1)
        throw new ParameterException(
            spec.commandLine(), "counts must be positive (--recovery-events at least 2)");
      node.applyConsoleLevel("WARN");
      if (node.dataDir == null) node.dataDir = Path.of("data/bench");
      if (node.dbPort == null) node.dbPort = 54330;
      SwarmNode swarm = SwarmNode.start(node.load(Map.of()), Duration.ofSeconds(30));
      try {
        new PersistBenchmark(
                swarm,
                new PersistBenchmark.Options(bots, eventsPerBot, recoveryEvents, recoveryRuns),
                spec.commandLine().getOut())
            .run();
      } finally {
        swarm.terminate();
      }
      return 0;
    }
  }
}
