package io.botswarm.cli;

import io.botswarm.admin.AdminClient;
import io.botswarm.bench.load.HostileMix;
import io.botswarm.bench.load.LoadBenchmark;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/bench load}'s command line, run from the test classes beside the product jar: the
 * black-box load driver ({@link io.botswarm.bench.load.LoadBenchmark}) reaches the swarm only over
 * HTTP (the sandbox, the nodes' {@code /metrics} and read API), so it stays out of the product jar.
 * It lives in the CLI's package for the command line's duration syntax and the demo's questions.
 * Reports go to {@code target/bench/load} unless {@code --update-docs} or {@code --report-dir} says
 * otherwise.
 */
@Command(
    name = "bench load",
    mixinStandardHelpOptions = true,
    description =
        "Drives a running swarm through its Bot API sandbox: people post into every chat at a "
            + "steady rate; reports messages/s, answer latency, coordinator decisions, queries, "
            + "pools, heap, CPU, journal writes and 429s, with charts. `scripts/bench load` starts "
            + "the cluster for it.")
public final class BenchLoadCommand implements Callable<Integer> {

  static final Path SCRATCH = Path.of("target/bench/load");
  static final Path DOCS = Path.of("docs/benchmarks");

  @Spec CommandSpec spec;

  @Option(
      names = "--sandbox",
      defaultValue = "http://127.0.0.1:8081",
      description = "The sandbox the swarm talks to (default ${DEFAULT-VALUE}).")
  URI sandbox;

  @Option(
      names = "--nodes",
      defaultValue = "1",
      description = "Nodes of the local cluster; node i serves /metrics on port 9094+i.")
  int nodes;

  @Option(
      names = "--bots",
      defaultValue = "0",
      description = "Bots of the swarm, for the report (default: unknown).")
  int bots;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      defaultValue = "60s",
      description = "How long people post (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--posts-per-second",
      defaultValue = "2",
      description = "People's messages a second over all chats (default ${DEFAULT-VALUE}).")
  double postsPerSecond;

  @Option(
      names = "--reads-per-second",
      defaultValue = "5",
      description =
          "Requests a second to the nodes' read API (node i on port 8179+i): chat histories,"
              + " bots' messages and profiles; 0 for none (default ${DEFAULT-VALUE}).")
  double readsPerSecond;

  @Option(
      names = "--kill-pid-file",
      paramLabel = "FILE",
      description =
          "SIGKILL the process of this pid file after --kill-after, and time the way back.")
  Path killPidFile;

  @Option(
      names = "--kill-after",
      converter = DurationConverter.class,
      defaultValue = "30s",
      description = "When to kill (default ${DEFAULT-VALUE}).")
  Duration killAfter;

  @Option(
      names = "--label",
      defaultValue = "run",
      description = "Name of the run in the report and its files.")
  String label;

  @Option(
      names = "--report-dir",
      description =
          "Where the report, the charts and load-runs.csv go (default "
              + "target/bench/load, or docs/benchmarks with --update-docs).")
  Path reportDir;

  @Option(
      names = "--mix",
      defaultValue = "steady",
      description =
          "steady (default): people post questions round-robin. hostile: every question mentions a"
              + " bot, and groups misbehave meanwhile: forum topics, anonymous admins, a bot kicked"
              + " and added back, an offset reset, a 300 s flood on one bot, a basic group upgraded"
              + " (with --admin-token-file); the report gains a table of checks, and the exit"
              + " status is 1 when one fails. Needs 6 chats and --duration 360s or more.")
  String mix;

  @Option(
      names = "--admin-api",
      defaultValue = "http://127.0.0.1:8190",
      description =
          "The swarm's admin API, for the hostile mix's basic group (default ${DEFAULT-VALUE}).")
  URI adminApi;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "The admin API's token (scripts/cluster writes data/cluster/admin-token); without it the"
              + " hostile mix has no basic group to upgrade.")
  Path adminTokenFile;

  @Option(
      names = "--update-docs",
      description = "Record the run in docs/benchmarks (its report, charts and load-runs.csv).")
  boolean updateDocs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchLoadCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || postsPerSecond <= 0 || duration.isZero())
      throw new ParameterException(
          spec.commandLine(), "--nodes, --posts-per-second and --duration must be positive");
    if (reportDir != null && updateDocs)
      throw new ParameterException(
          spec.commandLine(), "--report-dir and --update-docs name two places: give one");
    boolean hostile = mix.equals("hostile");
    if (!hostile && !mix.equals("steady"))
      throw new ParameterException(
          spec.commandLine(), "--mix " + mix + " is not a mix: give steady or hostile");
    if (hostile && duration.compareTo(HostileMix.SHORTEST) < 0)
      throw new ParameterException(
          spec.commandLine(),
          "--mix hostile: --duration "
              + duration.toSeconds()
              + "s does not hold the 300 s flood and a minute after it: give --duration "
              + HostileMix.SHORTEST.toSeconds()
              + "s or more");
    Optional<AdminClient> admin = Optional.empty();
    if (hostile && adminTokenFile != null) {
      if (!Files.isReadable(adminTokenFile))
        throw new ParameterException(
            spec.commandLine(),
            "--admin-token-file "
                + adminTokenFile
                + " cannot be read: give the file scripts/cluster wrote (data/<cluster>/admin-token)");
      admin =
          Optional.of(
              new AdminClient(
                  adminApi, Files.readString(adminTokenFile).trim(), Duration.ofMinutes(5)));
    }
    Path dir = reportDir != null ? reportDir : updateDocs ? DOCS : SCRATCH;
    Files.createDirectories(dir);
    List<URI> metrics = new ArrayList<>();
    List<URI> apis = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      metrics.add(URI.create("http://127.0.0.1:" + (9094 + i) + "/metrics"));
      apis.add(URI.create("http://127.0.0.1:" + (8179 + i)));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("  reports go to " + dir.toAbsolutePath());
    boolean passed;
    try {
      passed =
          new LoadBenchmark(
                  new LoadBenchmark.Options(
                      sandbox,
                      metrics,
                      apis,
                      readsPerSecond,
                      duration,
                      postsPerSecond,
                      Optional.ofNullable(killPidFile),
                      killAfter,
                      dir,
                      label,
                      bots,
                      DemoWorld.QUESTIONS,
                      hostile,
                      admin),
                  out)
              .run();
    } catch (IllegalArgumentException world) {
      // The world the cluster runs does not fit the mix (too few chats for it).
      spec.commandLine().getErr().println("bench load: " + world.getMessage());
      return 2;
    }
    return passed ? 0 : 1;
  }
}
