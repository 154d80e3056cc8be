package io.botswarm.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.botswarm.store.embedded.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code botswarm.db} block: where the primary is, how many connections a node may hold, and
 * where the embedded server keeps its data when no URL is given.
 *
 * @param url the primary's JDBC URL; empty means "run the embedded PostgreSQL"
 * @param readUrls streaming replicas for reads that may lag a little (history, profiles, the
 *     journal tools); empty: reads go to the primary
 * @param readYourWritesWait how long a read that must see a write waits for a replica to replay it
 *     before it goes to the primary
 * @param embeddedReplica whether the embedded server gets a streaming replica
 * @param poolSize the one pool the journal, snapshot store and read journal share
 */
public record DatabaseSettings(
    Optional<String> url,
    List<String> readUrls,
    Duration readYourWritesWait,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout,
    Path dataDir,
    int embeddedPort,
    boolean embeddedDurable,
    boolean embeddedReplica,
    int embeddedReplicaPort) {

  public static DatabaseSettings fromConfig(Config root) {
    Config c = root.getConfig("botswarm.db");
    Optional<String> url = jdbcUrl(c, "url");
    List<String> readUrls = new ArrayList<>();
    for (String part : c.getString("read-url").split(",(?=jdbc:)")) {
      if (part.isBlank()) continue;
      if (!part.strip().startsWith("jdbc:postgresql:"))
        throw bad(c, "read-url", "must be jdbc:postgresql: URLs, separated by commas (or empty)");
      readUrls.add(part.strip());
    }
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
        List.copyOf(readUrls),
        c.getDuration("read-your-writes-wait"),
        c.getString("user"),
        c.getString("password"),
        poolSize,
        connectionTimeout,
        Path.of(c.getString("embedded.data-dir")),
        port,
        c.getBoolean("embedded.durable"),
        c.getBoolean("embedded.replica"),
        c.getInt("embedded.replica-port"));
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
