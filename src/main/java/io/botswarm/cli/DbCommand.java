package io.botswarm.cli;

import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.SchemaMigrations;
import io.botswarm.store.embedded.LocalPostgres;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code swarm db}: the embedded PostgreSQL on its own, for clusters of several local nodes. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description =
        "Runs the embedded PostgreSQL (primary and streaming replica) on its own, for local clusters.",
    subcommands = {DbCommand.Start.class, DbCommand.Stop.class})
final class DbCommand {

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
