package io.botswarm.testing;

import com.typesafe.config.Config;
import io.botswarm.cluster.NodeConfig;
import io.botswarm.store.SchemaMigrations;
import io.botswarm.store.embedded.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real PostgreSQL the suite shares: started once per test JVM on a free port, in a fresh
 * directory under the system temp dir, migrated, and stopped and deleted when the JVM exits.
 */
public final class TestDatabase {

  private static LocalPostgres server;

  private TestDatabase() {}

  public static synchronized LocalPostgres server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("botswarm-test-db-");
        Files.setPosixFilePermissions(
            dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        server = LocalPostgres.start(dir, "primary", freePort(), false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SchemaMigrations.migrate(server.jdbcUrl(), LocalPostgres.USER, "");
      LocalPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // The replica's data lives under the same directory: stop it first.
                    synchronized (TestDatabase.class) {
                      if (replica != null) replica.close();
                    }
                    started.close();
                    Trees.deleteTree(started.dataDir().getParent());
                  }));
    }
    return server;
  }

  private static LocalPostgres replica;

  /** A streaming replica of the shared server, started the first time a test asks for it. */
  public static synchronized LocalPostgres replica() {
    if (replica == null) {
      replica = server().startReplica("replica", freePort(), false);
    }
    return replica;
  }

  public static String url() {
    return server().jdbcUrl();
  }

  /** A new, migrated database on the shared server, for a test that must own all of its rows. */
  public static synchronized String createDatabase(String name) {
    try (var conn = connect();
        var st = conn.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    String url = url().replace("/" + LocalPostgres.DATABASE + "?", "/" + name + "?");
    SchemaMigrations.migrate(url, LocalPostgres.USER, "");
    return url;
  }

  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), LocalPostgres.USER, "");
  }

  /** The suite's node configuration, resolved, pointing at the shared database. */
  public static Config config(Map<String, ?> overrides) {
    Map<String, Object> all = new HashMap<>(overrides);
    all.putIfAbsent("botswarm.db.url", url());
    return NodeConfig.load("application-test.conf", Optional.empty(), all).resolve();
  }

  /** As {@link #config(Map)} for tests that need no cluster: a plain local actor system. */
  public static Config localConfig() {
    return config(Map.of("akka.actor.provider", "local"));
  }

  public static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
