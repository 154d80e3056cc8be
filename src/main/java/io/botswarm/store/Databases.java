package io.botswarm.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read side's connections: a small pool on the primary and a read pool over the streaming
 * replicas, taken in turn. History, profile and dashboard queries go to the replicas; a read that
 * must see a write ({@link #readYourWrites}) waits for a replica to replay it and otherwise asks
 * the primary. The journal has its own pool (akka-persistence-jdbc's), and projections read the
 * journal from the primary: a lagging replica must never feed them.
 */
public final class Databases implements AutoCloseable {

  /** Work on one connection. */
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * How far a replica is behind: seconds since the last replayed transaction while WAL waits to be
   * replayed (zero when it has replayed all it received: an idle primary is no lag), and bytes.
   */
  public record Lag(String replica, double seconds, long bytes) {}

  private final HikariDataSource primary;
  private final List<HikariDataSource> replicas;
  private final List<String> replicaUrls;
  private final Duration readYourWritesWait;
  private final AtomicInteger turn = new AtomicInteger();

  private Databases(
      HikariDataSource primary,
      List<HikariDataSource> replicas,
      List<String> replicaUrls,
      Duration wait) {
    this.primary = primary;
    this.replicas = replicas;
    this.replicaUrls = replicaUrls;
    this.readYourWritesWait = wait;
  }

  /**
   * @param primaryUrl the primary
   * @param readUrls the replicas; none means every read goes to the primary
   * @param primaryPoolSize connections to the primary (the projections' dispatcher has as many)
   */
  public static Databases create(
      String primaryUrl, List<String> readUrls, DatabaseSettings settings, int primaryPoolSize) {
    return create(primaryUrl, readUrls, settings, primaryPoolSize, false);
  }

  /**
   * @param published whether the pools are published over JMX, for the metrics
   */
  public static Databases create(
      String primaryUrl,
      List<String> readUrls,
      DatabaseSettings settings,
      int primaryPoolSize,
      boolean published) {
    var primary = pool("read-model", primaryUrl, settings, primaryPoolSize, false, published);
    List<HikariDataSource> replicas = new ArrayList<>();
    for (int i = 0; i < readUrls.size(); i++)
      replicas.add(
          pool("read-" + i, readUrls.get(i), settings, settings.poolSize(), true, published));
    return new Databases(primary, replicas, List.copyOf(readUrls), settings.readYourWritesWait());
  }

  private static HikariDataSource pool(
      String name, String url, DatabaseSettings s, int size, boolean readOnly, boolean published) {
    var config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(s.user());
    config.setPassword(s.password());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(s.connectionTimeout().toMillis());
    config.setReadOnly(readOnly);
    config.setRegisterMbeans(published);
    // Fail on first use rather than at start: a replica may still be catching up.
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /** The replicas' URLs; empty when reads go to the primary. */
  public List<String> replicaUrls() {
    return replicaUrls;
  }

  public HikariDataSource primary() {
    return primary;
  }

  public HikariDataSource readPool() {
    return replicas.isEmpty()
        ? primary
        : replicas.get(Math.floorMod(turn.getAndIncrement(), replicas.size()));
  }

  public <T> T write(Work<T> work) {
    return run(primary, work);
  }

  /** A read that may be a moment behind the primary: a replica's, when there is one. */
  public <T> T read(Work<T> work) {
    return run(readPool(), work);
  }

  /**
   * A read that must see everything the primary had at {@code lsn} (from {@link #primaryLsn} after
   * a write): on a replica that has replayed that far, waiting up to the configured bound for one,
   * else on the primary.
   */
  public <T> T readYourWrites(String lsn, Work<T> work) {
    if (replicas.isEmpty()) return write(work);
    long deadline = System.nanoTime() + readYourWritesWait.toNanos();
    HikariDataSource replica = readPool();
    do {
      try (Connection c = replica.getConnection()) {
        if (replayed(c, lsn)) return work.run(c);
      } catch (SQLException e) {
        break;
      }
      sleep(5);
    } while (System.nanoTime() < deadline);
    return write(work);
  }

  /**
   * The primary's WAL position after everything committed so far, for {@link #readYourWrites}. The
   * insert position, not the write position: with asynchronous commit a commit record may not be
   * written out yet, and a replica must wait for it all the same.
   */
  public String primaryLsn() {
    return write(
        c -> {
          try (var rs =
              c.createStatement().executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
          }
        });
  }

  /** Each replica's lag; a replica that cannot be reached is left out. */
  public List<Lag> lag() {
    List<Lag> out = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      try (Connection c = replicas.get(i).getConnection();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                          + " ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END,"
                          + " coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)")) {
        rs.next();
        out.add(new Lag(replicaUrls.get(i), rs.getDouble(1), rs.getLong(2)));
      } catch (SQLException e) {
        // Unreachable: its absence from the list says so.
      }
    }
    return out;
  }

  private static boolean replayed(Connection c, String lsn) throws SQLException {
    try (var st = c.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
      st.setString(1, lsn);
      try (var rs = st.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static <T> T run(HikariDataSource pool, Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(pool.getPoolName() + ": " + e.getMessage(), e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    replicas.forEach(HikariDataSource::close);
    primary.close();
  }
}
