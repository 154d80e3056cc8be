package io.botswarm.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.botswarm.bench.CoordinatorBenchmark;
import io.botswarm.bench.GenerationBenchmark;
import io.botswarm.bench.JournalBenchmark;
import io.botswarm.bench.PersistBenchmark;
import io.botswarm.bench.QueriesBenchmark;
import io.botswarm.cluster.NodeConfig;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.definition.SwarmDefinition;
import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.embedded.LocalPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarm bench}: the in-JVM benchmarks behind {@code docs/benchmarks.md}, each printing a
 * Markdown report and keeping a copy under {@code target/bench}. The black-box load driver is not
 * here: it lives in the test sources, run by {@code scripts/bench load}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Runs a benchmark and prints a Markdown report, keeping a copy in target/bench.",
    subcommands = {
      BenchCommand.Persist.class,
      BenchCommand.Journal.class,
      BenchCommand.Queries.class,
      BenchCommand.Coordinator.class,
      BenchCommand.Generation.class,
      BenchCommand.Cluster.class,
      BenchCommand.LlmStubCommand.class
    })
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
      node.defaultDatabase(Path.of("data/bench"), 54330, 54332);
      SwarmNode swarm = SwarmNode.start(node.load(Map.of()), Duration.ofSeconds(30));
      try (var report = Report.open(spec, "persist")) {
        new PersistBenchmark(
                swarm,
                new PersistBenchmark.Options(bots, eventsPerBot, recoveryEvents, recoveryRuns),
                report.out())
            .run();
      } finally {
        swarm.terminate();
      }
      return 0;
    }
  }

  @Command(
      name = "journal",
      mixinStandardHelpOptions = true,
      description =
          "Replay speed of one bot with a long history and verify speed over many bots. Seeds a "
              + "fresh database (journal_bench) on the bench server: the embedded one under "
              + "data/bench unless SWARM_DB_URL says otherwise.")
  static final class Journal implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOptions node;

    @Option(
        names = "--long-history",
        defaultValue = "100000",
        description = "Events of the replayed bot (default ${DEFAULT-VALUE}).")
    int longHistory;

    @Option(
        names = "--entities",
        defaultValue = "10000",
        description = "Other bots (default ${DEFAULT-VALUE}).")
    int entities;

    @Option(
        names = "--events-per-entity",
        defaultValue = "90",
        description = "Events of each other bot (default ${DEFAULT-VALUE}).")
    int eventsPerEntity;

    @Option(
        names = "--writers",
        defaultValue = "4",
        description = "Connections seeding at once (default ${DEFAULT-VALUE}).")
    int writers;

    @Override
    public Integer call() throws Exception {
      if (longHistory < 2 || entities < 0 || eventsPerEntity < 1 || writers < 1)
        throw new ParameterException(
            spec.commandLine(), "counts must be positive (--long-history at least 2)");
      node.applyConsoleLevel("WARN");
      node.defaultDatabase(Path.of("data/bench"), 54330, 54332);
      var config = node.load(Map.of());
      var db = DatabaseSettings.fromConfig(config.resolve());
      Optional<LocalPostgres> embedded = db.startEmbeddedIfNeeded();
      try (var report = Report.open(spec, "journal")) {
        String url = db.url().orElseGet(() -> embedded.get().jdbcUrl());
        new JournalBenchmark(
                url,
                db.user(),
                db.password(),
                config,
                new JournalBenchmark.Options(longHistory, entities, eventsPerEntity, writers),
                report.out())
            .run();
      } finally {
        embedded.ifPresent(LocalPostgres::close);
      }
      return 0;
    }
  }

  @Command(
      name = "generation",
      mixinStandardHelpOptions = true,
      description =
          "Drafts/s against an OpenAI-compatible stub with a fixed latency (started on 127.0.0.1) "
              + "as concurrency grows, offline drafts/s, and memory retrieval time. No database.")
  static final class Generation implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--latency",
        defaultValue = "2s",
        converter = DurationConverter.class,
        description = "The stub endpoint's latency (default ${DEFAULT-VALUE}).")
    Duration latency;

    @Option(
        names = "--concurrency",
        defaultValue = "1,8,64",
        split = ",",
        description = "Concurrency levels to measure (default ${DEFAULT-VALUE}).")
    List<Integer> concurrencies;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        description = "Drafts per slot at each level (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
        names = "--memories",
        defaultValue = "10000",
        description = "Memories of the retrieval bot (default ${DEFAULT-VALUE}).")
    int memories;

    @Override
    public Integer call() throws Exception {
      if (rounds < 1 || memories < 1 || concurrencies.stream().anyMatch(c -> c < 1))
        throw new ParameterException(spec.commandLine(), "counts must be positive");
      ConsoleLog.level("WARN");
      var config =
          NodeConfig.load(Optional.empty(), Map.of("akka.actor.provider", "local")).resolve();
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "botswarm-bench", config);
      try (var report = Report.open(spec, "generation")) {
        new GenerationBenchmark(
                system,
                new GenerationBenchmark.Options(latency, concurrencies, rounds, memories),
                report.out())
            .run();
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
      return 0;
    }
  }

  @Command(
      name = "queries",
      mixinStandardHelpOptions = true,
      description =
          "The original design's ten read-model queries on a streaming replica at growing numbers "
              + "of messages: p50/p95/p99 and each query's plan. Uses the embedded bench server "
              + "(data/bench) and its replica.")
  static final class Queries implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOptions node;

    @Option(
        names = "--sizes",
        defaultValue = "10k,100k,1M",
        split = ",",
        description = "Message counts to measure at (default ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(
        names = "--runs",
        defaultValue = "300",
        description = "Runs of each query per size (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(
        names = "--bots",
        defaultValue = "200",
        description = "Bots in the read model (default ${DEFAULT-VALUE}).")
    int bots;

    @Option(
        names = "--chats",
        defaultValue = "50",
        description = "Chats in the read model (default ${DEFAULT-VALUE}).")
    int chats;

    @Option(
        names = "--archive-older-than",
        converter = DurationConverter.class,
        paramLabel = "AGE",
        description =
            "Before measuring each size, move messages older than AGE to the archive (messages span 30 days).")
    Duration archiveOlderThan;

    @Override
    public Integer call() throws Exception {
      List<Integer> counts;
      try {
        counts = QueriesBenchmark.parse(sizes);
      } catch (NumberFormatException e) {
        throw new ParameterException(
            spec.commandLine(), "--sizes takes counts such as 10000, 10k or 1M");
      }
      if (runs < 1 || bots < 1 || chats < 1 || counts.stream().anyMatch(n -> n < 1))
        throw new ParameterException(spec.commandLine(), "counts must be positive");
      node.applyConsoleLevel("WARN");
      node.defaultDatabase(Path.of("data/bench"), 54330, 54332);
      var db = DatabaseSettings.fromConfig(node.load(Map.of()).resolve());
      Optional<LocalPostgres> primary = db.startEmbeddedIfNeeded();
      if (primary.isEmpty() && db.readUrls().isEmpty())
        throw new ParameterException(
            spec.commandLine(), "with SWARM_DB_URL set, SWARM_DB_READ_URL must name its replica");
      Optional<LocalPostgres> replica =
          primary.map(
              p -> p.startReplica("replica", db.embeddedReplicaPort(), db.embeddedDurable()));
      try (var report = Report.open(spec, "queries")) {
        String primaryUrl = db.url().orElseGet(() -> primary.get().jdbcUrl());
        String replicaUrl =
            db.readUrls().isEmpty() ? replica.get().jdbcUrl() : db.readUrls().get(0);
        new QueriesBenchmark(
                primaryUrl,
                replicaUrl,
                db,
                new QueriesBenchmark.Options(
                    counts, runs, bots, chats, Optional.ofNullable(archiveOlderThan)),
                report.out())
            .run();
      } finally {
        replica.ifPresent(LocalPostgres::close);
        primary.ifPresent(LocalPostgres::close);
      }
      return 0;
    }
  }

  @Command(
      name = "coordinator",
      mixinStandardHelpOptions = true,
      description =
          "Decisions per second of the chat coordinators and the latency of one decision, with many "
              + "chats of many bots drafting at once. Uses the embedded bench server (data/bench).")
  static final class Coordinator implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOptions node;

    @Option(
        names = "--chats",
        defaultValue = "1000",
        description = "Chats (default ${DEFAULT-VALUE}).")
    int chats;

    @Option(
        names = "--bots-per-chat",
        defaultValue = "20",
        description = "Members of each chat (default ${DEFAULT-VALUE}).")
    int botsPerChat;

    @Option(
        names = "--bots",
        defaultValue = "200",
        description = "Distinct bots (default ${DEFAULT-VALUE}).")
    int bots;

    @Option(
        names = "--drafts-per-chat",
        defaultValue = "5",
        description = "Drafts submitted in each chat (default ${DEFAULT-VALUE}).")
    int draftsPerChat;

    @Override
    public Integer call() throws IOException {
      if (chats < 1 || botsPerChat < 1 || bots < botsPerChat || draftsPerChat < 1)
        throw new ParameterException(
            spec.commandLine(), "counts must be positive and --bots at least --bots-per-chat");
      node.applyConsoleLevel("WARN");
      if (node.dataDir == null) {
        // Chats are remembered: a second run on the same journal would start the first run's
        // chats too. By default every run gets a journal of its own.
        node.dataDir = Path.of("data/bench-coordinator");
        deleteTree(node.dataDir);
      }
      node.defaultDatabase(node.dataDir, 54333, 54334);
      SwarmNode swarm =
          SwarmNode.start(
              node.load(Map.of("botswarm.bot.ask-timeout", "30s")),
              Duration.ofSeconds(30),
              system -> new CoordinatorBenchmark.AcknowledgingTransport());
      try (var report = Report.open(spec, "coordinator")) {
        new CoordinatorBenchmark(
                swarm,
                new CoordinatorBenchmark.Options(chats, botsPerChat, bots, draftsPerChat),
                report.out())
            .run();
      } finally {
        swarm.terminate();
      }
      return 0;
    }
  }

  @Command(
      name = "cluster",
      mixinStandardHelpOptions = true,
      description =
          "Heap per active and per known (passivated) bot on one node, then the time for a third "
              + "node to take its share of two nodes' active bots. Nodes run in this JVM over a "
              + "fresh embedded database (data/bench-cluster).")
  static final class Cluster implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin NodeOptions node;

    @Option(
        names = "--active",
        defaultValue = "10000",
        description =
            "Bots with their full starting state, kept active (default ${DEFAULT-VALUE}).")
    int active;

    @Option(
        names = "--known",
        defaultValue = "100000",
        description =
            "Bots in the journal in all, the rest registered only (default ${DEFAULT-VALUE}).")
    int known;

    @Option(
        names = "--idle",
        converter = DurationConverter.class,
        defaultValue = "20s",
        description =
            "A bot passivates after this long without messages (default ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the bots.")
    long seed;

    @Override
    public Integer call() throws Exception {
      if (active < 1 || known < active || known > WorldOptions.MAX_BOTS)
        throw new ParameterException(
            spec.commandLine(),
            "--active must be positive and --known between --active and " + WorldOptions.MAX_BOTS);
      node.applyConsoleLevel("WARN");
      if (node.dataDir == null) {
        node.dataDir = Path.of("data/bench-cluster");
        deleteTree(node.dataDir);
      }
      node.defaultDatabase(node.dataDir, 54335, 54336);
      SwarmNode[] first = new SwarmNode[1];
      java.util.function.IntFunction<SwarmNode> start =
          i -> {
            Map<String, Object> o = new java.util.HashMap<>();
            o.put("akka.remote.artery.canonical.port", 2560 + i);
            o.put("akka.cluster.seed-nodes", List.of("akka://botswarm@127.0.0.1:2561"));
            o.put("botswarm.metrics.enabled", false);
            o.put("botswarm.management.enabled", false);
            // Nodes in one JVM: no HTTP of their own (the read API's port would be taken twice).
            o.put("botswarm.api.enabled", false);
            o.put("akka.cluster.jmx.multi-mbeans-in-same-jvm", "on");
            o.put("botswarm.bot.ask-timeout", "30s");
            o.put(
                "akka.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout",
                idle.toMillis() + "ms");
            if (i > 1) {
              o.put("botswarm.db.url", first[0].databaseUrl());
              first[0].databases().replicaUrls().stream()
                  .findFirst()
                  .ifPresent(r -> o.put("botswarm.db.read-url", r));
            }
            SwarmNode started = SwarmNode.start(node.load(o), Duration.ofSeconds(60));
            if (i == 1) first[0] = started;
            return started;
          };
      try (var report = Report.open(spec, "cluster")) {
        new io.botswarm.bench.ClusterBenchmark(
                start,
                (node1, n) -> establishBots(node1, seed, n),
                new io.botswarm.bench.ClusterBenchmark.Options(active, known, seed),
                report.out())
            .run();
      }
      return 0;
    }

    /**
     * The first {@code n} bots of the generated world, applied as a definition through the node's
     * {@link io.botswarm.admin.SwarmAdmin} like any swarm: the bots alone, without the world's
     * chat, whose turns would wake them while the benchmark weighs them.
     */
    private static CompletionStage<?> establishBots(SwarmNode node, long seed, int n) {
      var world = DemoWorld.of(seed, n, 1).definition();
      var bots = new SwarmDefinition(world.version(), world.defaults(), world.bots(), List.of());
      return node.admin()
          .apply(bots, true, false)
          .thenApply(
              report -> {
                if (!report.failed().isEmpty())
                  throw new IllegalStateException(
                      report.failed().size()
                          + " bots did not apply, e.g. "
                          + report.failed().get(0));
                return report;
              });
    }
  }

  @Command(
      name = "llm-stub",
      mixinStandardHelpOptions = true,
      description =
          "A slow OpenAI-compatible endpoint on 127.0.0.1 for load runs (`scripts/bench load --llm-latency`); runs until stopped.")
  static final class LlmStubCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--port",
        defaultValue = "8092",
        description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--latency",
        converter = DurationConverter.class,
        defaultValue = "2s",
        description = "Time to each answer (default ${DEFAULT-VALUE}).")
    Duration latency;

    @Override
    public Integer call() throws Exception {
      var server = io.botswarm.bench.LlmStub.start(port, latency);
      spec.commandLine()
          .getOut()
          .printf(
              "LLM stub at http://127.0.0.1:%d/v1, answering after %s; running%n",
              server.getAddress().getPort(), latency);
      spec.commandLine().getOut().flush();
      new java.util.concurrent.CountDownLatch(1).await();
      return 0;
    }
  }

  /**
   * Where a benchmark's report goes: the console, and a copy under {@code target/bench} (a scratch
   * directory, named on stderr). Never {@code docs/}: which run is recorded in {@code
   * docs/benchmarks.md}, with the command that made it, is a person's choice.
   */
  private static final class Report implements AutoCloseable {

    static final Path SCRATCH = Path.of("target", "bench");

    private final CommandSpec spec;
    private final Path file;
    private final Writer copy;
    private final PrintWriter out;

    private Report(CommandSpec spec, Path file, Writer copy) {
      this.spec = spec;
      this.file = file;
      this.copy = copy;
      PrintWriter console = spec.commandLine().getOut();
      this.out =
          new PrintWriter(
              new Writer() {
                @Override
                public void write(char[] chars, int offset, int length) throws IOException {
                  console.write(chars, offset, length);
                  copy.write(chars, offset, length);
                }

                @Override
                public void flush() throws IOException {
                  console.flush();
                  copy.flush();
                }

                @Override
                public void close() throws IOException {
                  flush();
                }
              });
    }

    static Report open(CommandSpec spec, String benchmark) throws IOException {
      Files.createDirectories(SCRATCH);
      Path file = SCRATCH.resolve(benchmark + ".md");
      return new Report(spec, file, Files.newBufferedWriter(file));
    }

    PrintWriter out() {
      return out;
    }

    @Override
    public void close() throws IOException {
      out.flush();
      copy.close();
      spec.commandLine().getErr().println("report kept in " + file.toAbsolutePath());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
