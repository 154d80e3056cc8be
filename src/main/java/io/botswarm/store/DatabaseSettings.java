package io.botswarm.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.botswarm.store.embedded.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code botswarm.db} block: where the primary is, how many connections a node may hold, and
 * where the embedded server keeps its data when no URL is given.
 *
 * @param url the primary's JDBC URL; empty means "run the embedded PostgreSQL"
 * @param readUrl a read replica for tools that only read (the journal tools); empty: the primary
 * @param poolSize the one pool the journal, snapshot store and read journal share
 */
public record DatabaseSettings(
    Optional<String> url,
    Optional<String> readUrl,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout,
    Path dataDir,
    int embeddedPort,
    boolean embeddedDurable) {

  public static DatabaseSettings fromConfig(Config root) {
    Config c = root.getConfig("botswarm.db");
    Optional<String> url = jdbcUrl(c, "url");
    Optional<String> readUrl = jdbcUrl(c, "read-url");
    int poolSize = c.getInt("pool-size");
    if (poolSize < 2) throw bad(c, "pool-size", "must be at least 2");
    Duration connectionTimeout = c.getDuration("connection-timeout");
    Duration callTimeout = root.getDuration("jdbc-journal.circuit-breaker.call-timeout");
    // A pool that waits longer than the journal's breaker turns every wait into a breaker trip.
    if (connectionTimeout.compareTo(callTimeout) >= 0)
      throw bad(
          c,
          "connection-timeout",
          "must be shorter than the journal's call-timeout (" + callTimeout.toSeconds() + " s)");
    int port = c.getInt("embedded.port");
    if (port < 1 || port > 65535) throw bad(c, "embedded.port", "must be a TCP port (1-65535)");
    return new DatabaseSettings(
        url,
        readUrl,
        c.getString("user"),
        c.getString("password"),
        poolSize,
        connectionTimeout,
        Path.of(c.getString("embedded.data-dir")),
        port,
        c.getBoolean("embedded.durable"));
  }

  /**
   * Starts (or reuses) the embedded PostgreSQL when no primary URL is configured; empty when one
   * is. The caller closes what it gets, which stops the server only if this call started it.
   */
  public Optional<LocalPostgres> startEmbeddedIfNeeded() {
    return url.isPresent()
        ? Optional.empty()
        : Optional.of(LocalPostgres.start(dataDir, "primary", embeddedPort, embeddedDurable));
  }

  private static Optional<String> jdbcUrl(Config c, String key) {
    String url = c.getString(key).strip();
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:"))
      throw bad(c, key, "must be a jdbc:postgresql: URL (or empty)");
    return url.isEmpty() ? Optional.empty() : Optional.of(url);
  }

  private static ConfigException bad(Config c, String key, String why) {
    return new ConfigException.BadValue(c.origin(), "botswarm.db." + key, why);
  }
}
