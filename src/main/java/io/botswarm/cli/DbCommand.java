package io.botswarm.cli;

import io.botswarm.readmodel.MessageArchive;
import io.botswarm.readmodel.QueryProfiler;
import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.SchemaMigrations;
import io.botswarm.store.embedded.LocalPostgres;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swarm db}: the embedded PostgreSQL on its own, for clusters of several local nodes. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description =
        "Runs the embedded PostgreSQL (primary and streaming replica) on its own, for local clusters.",
    subcommands = {
      DbCommand.Start.class,
      DbCommand.Stop.class,
      DbCommand.ProfileQueries.class,
      DbCommand.Archive.class
    })
final class DbCommand {

  @Command(
      name = "archive",
      mixinStandardHelpOptions = true,
      description =
          "Moves messages older than --older-than from the hot messages table to messages_archive "
              + "now, in batches, on the primary (nodes do it every botswarm.archive.every). Safe "
              + "while the swarm runs, and to run again.")
  static final class Archive implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DatabaseOptions database;

    @Option(
        names = "--older-than",
        converter = DurationConverter.class,
        defaultValue = "30d",
        description = "Age of the messages to move (default ${DEFAULT-VALUE}).")
    java.time.Duration olderThan;

    @Option(
        names = "--batch",
        defaultValue = "5000",
        description = "Rows a transaction (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws java.sql.SQLException {
      if (batch < 1) throw new ParameterException(spec.commandLine(), "--batch must be positive");
      try (var target = database.openDatabases(true)) {
        var cutoff = java.time.Instant.now().minus(olderThan);
        var result = MessageArchive.archive(target.databases().primary(), cutoff, batch);
        spec.commandLine()
            .getOut()
            .printf(
                "archived %,d messages written before %s in %d batches (%,d were in the archive already)%n",
                result.moved(), cutoff, result.batches(), result.alreadyArchived());
        return 0;
      }
    }
  }

  @Command(
      name = "profile-queries",
      mixinStandardHelpOptions = true,
      description =
          "Runs the read model's queries many times on the read replica (else the primary, else "
              + "the embedded database), with EXPLAIN (ANALYZE, BUFFERS): p50/p95/p99 a query, and "
              + "exit 1 when a query cannot use the index it is meant to use.")
  static final class ProfileQueries implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DatabaseOptions database;

    @Option(
        names = "--runs",
        defaultValue = "200",
        description = "Runs of each query (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--plans", description = "Print each query's plan.")
    boolean plans;

    @Override
    public Integer call() {
      if (runs < 1) throw new ParameterException(spec.commandLine(), "--runs must be positive");
      try (var target = database.openDatabases(false)) {
        var profiler = new QueryProfiler(target.databases(), runs);
        long messages = profiler.rows("messages");
        List<QueryProfiler.Profile> profiles = profiler.profile();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%,d messages; %d runs of each query on %s%n%n", messages, runs, target.url());
        out.printf("%-42s %8s %8s %8s  %s%n", "query", "p50 ms", "p95 ms", "p99 ms", "index");
        for (var p : profiles)
          out.printf(
              Locale.ROOT,
              "%-42s %8.2f %8.2f %8.2f  %s%n",
              p.query().name(),
              p.p50(),
              p.p95(),
              p.p99(),
              p.index());
        if (plans)
          for (var p : profiles) {
            out.printf("%n%s%n", p.query().name());
            p.plan().forEach(l -> out.println("  " + l));
          }
        if (messages < 10_000)
          out.printf(
              "%nnote: the report profiles 10,000+ messages; timings over %,d say little%n",
              messages);
        out.flush();
        List<QueryProfiler.Profile> missing =
            profiles.stream().filter(p -> p.missing().isPresent()).toList();
        for (var p : missing)
          spec.commandLine()
              .getErr()
              .println(
                  "swarm: query '" + p.query().name() + "' misses its index: " + p.missing().get());
        return missing.isEmpty() ? 0 : UserErrors.FAILED;
      }
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Starts (or finds running) the embedded primary and its replica, migrates the schema, "
              + "prints SWARM_DB_URL and SWARM_DB_READ_URL for the nodes, and leaves them running.")
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOptions node;

    @Override
    public Integer call() {
      node.applyConsoleLevel("WARN");
      var db = DatabaseSettings.fromConfig(node.load(Map.of()).resolve());
      var primary =
          LocalPostgres.start(db.dataDir(), "primary", db.embeddedPort(), db.embeddedDurable());
      var replica = primary.startReplica("replica", db.embeddedReplicaPort(), db.embeddedDurable());
      SchemaMigrations.migrate(primary.jdbcUrl(), db.user(), db.password());
      var out = spec.commandLine().getOut();
      out.println("SWARM_DB_URL=" + primary.jdbcUrl());
      out.println("SWARM_DB_READ_URL=" + replica.jdbcUrl());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stops the embedded replica and primary.")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOptions node;

    @Override
    public Integer call() {
      node.applyConsoleLevel("WARN");
      var db = DatabaseSettings.fromConfig(node.load(Map.of()).resolve());
      LocalPostgres.stopIfRunning(db.dataDir(), "replica");
      LocalPostgres.stopIfRunning(db.dataDir(), "primary");
      spec.commandLine().getOut().println("stopped the embedded PostgreSQL under " + db.dataDir());
      return 0;
    }
  }
}
