package io.botswarm.cli;

import com.typesafe.config.Config;
import io.botswarm.cluster.NodeConfig;
import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.Databases;
import io.botswarm.store.embedded.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a command that reads the database (the journal tools, {@code swarm db profile-queries},
 * {@code swarm db archive}) finds it; each option overrides the configuration.
 */
class DatabaseOptions {
  @Option(names = "--db-url", paramLabel = "URL", description = "JDBC URL of the database.")
  String url;

  @Option(names = "--db-user", description = "Database user (default from configuration).")
  String user;

  @Option(names = "--db-password", description = "Database password (default from configuration).")
  String password;

  @Option(names = "--config", paramLabel = "FILE", description = "Overlay configuration (HOCON).")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The embedded database's data (default data/postgres).")
  Path dataDir;

  @Option(names = "--db-port", description = "Port of the embedded database (default 54329).")
  Integer dbPort;

  /** The configuration with these options applied. */
  Config base() {
    ConsoleLog.level("WARN");
    Map<String, Object> overrides = new HashMap<>();
    if (user != null) overrides.put("botswarm.db.user", user);
    if (password != null) overrides.put("botswarm.db.password", password);
    if (dataDir != null) overrides.put("botswarm.db.embedded.data-dir", dataDir.toString());
    if (dbPort != null) overrides.put("botswarm.db.embedded.port", dbPort);
    return NodeConfig.load(Optional.ofNullable(config), overrides);
  }

  /** A database's URL, and the embedded server started for the command to reach it, if any. */
  record Located(String url, Optional<LocalPostgres> embedded) {}

  /**
   * The database to read: --db-url, else the first read replica configured (not when {@code
   * primary} is asked for), else the primary, else the embedded server, started for the command.
   */
  Located locate(DatabaseSettings db, boolean primary) {
    Optional<String> configured =
        Optional.ofNullable(url)
            .or(() -> primary ? Optional.empty() : db.readUrls().stream().findFirst())
            .or(db::url);
    if (configured.isEmpty() && !Files.isDirectory(db.dataDir().resolve("primary")))
      // A tool that reads would otherwise make an empty database and find nothing in it.
      throw new IllegalArgumentException(
          "no database under "
              + db.dataDir()
              + " (a node or `swarm demo` makes it there): give --db-url, or --data-dir where a"
              + " node kept its data");
    Optional<LocalPostgres> embedded =
        configured.isPresent() ? Optional.empty() : db.startEmbeddedIfNeeded();
    return new Located(configured.orElseGet(() -> embedded.get().jdbcUrl()), embedded);
  }

  /**
   * Pools on the database to read (or, with {@code primary}, to write), for commands on the read
   * model.
   */
  ReadSide openDatabases(boolean primary) {
    DatabaseSettings db = DatabaseSettings.fromConfig(base().resolve());
    Located located = locate(db, primary);
    try {
      return new ReadSide(
          located.url(),
          Databases.create(located.url(), List.of(located.url()), db, 1),
          located.embedded());
    } catch (RuntimeException e) {
      located.embedded().ifPresent(LocalPostgres::close);
      throw e;
    }
  }

  /** Pools on the database a read-side command reads, and the embedded server it started. */
  record ReadSide(String url, Databases databases, Optional<LocalPostgres> embedded)
      implements AutoCloseable {
    @Override
    public void close() {
      databases.close();
      embedded.ifPresent(LocalPostgres::close);
    }
  }
}
