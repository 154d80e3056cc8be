package io.botswarm.metrics;

import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.botswarm.store.Databases;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import kamon.Kamon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from outside the swarm's code every few seconds, on a thread of their own (they block
 * on JDBC and JMX): every HikariCP pool of the node (the journal's and the read side's), each
 * replica's lag, each projection's lag behind the journal, and the cluster's members.
 */
public final class StateGauges implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StateGauges.class);

  private final ActorSystem<?> system;
  private final Databases databases;
  private final List<String> tags;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "botswarm-state-gauges");
            t.setDaemon(true);
            return t;
          });

  private StateGauges(ActorSystem<?> system, Databases databases, List<String> tags) {
    this.system = system;
    this.databases = databases;
    this.tags = List.copyOf(tags);
  }

  /**
   * @param tags the journal tags the read model's projections follow, one lag gauge each
   */
  public static StateGauges start(
      ActorSystem<?> system, Databases databases, Duration every, List<String> tags) {
    var gauges = new StateGauges(system, databases, tags);
    gauges.poller.scheduleWithFixedDelay(
        gauges::pollSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return gauges;
  }

  private void pollSafely() {
    try {
      pools();
      replicas();
      projections();
      cluster();
    } catch (RuntimeException e) {
      log.debug("state gauges: {}", e.getMessage());
    }
  }

  private void pools() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      for (ObjectName name :
          server.queryNames(new ObjectName("com.zaxxer.hikari:type=Pool (*)"), null)) {
        String pool = name.getKeyProperty("type").replaceFirst("^Pool \\((.*)\\)$", "$1");
        ObjectName config = new ObjectName("com.zaxxer.hikari:type=PoolConfig (" + pool + ")");
        gauge(
            "botswarm.db.pool.active",
            pool,
            (Integer) server.getAttribute(name, "ActiveConnections"));
        gauge(
            "botswarm.db.pool.idle", pool, (Integer) server.getAttribute(name, "IdleConnections"));
        gauge(
            "botswarm.db.pool.pending",
            pool,
            (Integer) server.getAttribute(name, "ThreadsAwaitingConnection"));
        gauge(
            "botswarm.db.pool.max", pool, (Integer) server.getAttribute(config, "MaximumPoolSize"));
      }
    } catch (Exception e) {
      log.debug("pool gauges: {}", e.getMessage());
    }
  }

  private static void gauge(String metric, String pool, double value) {
    Kamon.gauge(metric, "HikariCP pool connections").withTag("pool", pool).update(value);
  }

  private void replicas() {
    List<Databases.Lag> lags = databases.lag();
    for (int i = 0; i < lags.size(); i++) {
      String replica = Integer.toString(i);
      Kamon.gauge(
              "botswarm.replica.lag.seconds", "Seconds since the replica replayed a transaction")
          .withTag("replica", replica)
          .update(lags.get(i).seconds());
      Kamon.gauge("botswarm.replica.lag.bytes", "WAL received but not yet replayed")
          .withTag("replica", replica)
          .update(lags.get(i).bytes());
    }
  }

  /** Events of each tag that its projection has not processed yet. */
  private void projections() {
    Map<String, Long> lag = new HashMap<>();
    databases.write(
        c -> {
          for (String tag : tags) {
            try (var st =
                c.prepareStatement(
                    "SELECT (SELECT event_id FROM event_tag WHERE tag = ? ORDER BY event_id DESC LIMIT 1),"
                        + " (SELECT current_offset FROM akka_projection_offset_store WHERE projection_key = ? LIMIT 1)")) {
              st.setString(1, tag);
              st.setString(2, tag);
              try (var rs = st.executeQuery()) {
                rs.next();
                long newest = rs.getLong(1);
                String offset = rs.getString(2);
                lag.put(tag, Math.max(0, newest - (offset == null ? 0 : Long.parseLong(offset))));
              }
            }
          }
          return null;
        });
    lag.forEach(
        (tag, events) ->
            Kamon.gauge(
                    "botswarm.projection.lag.events",
                    "Journal events a projection has still to process")
                .withTag("tag", tag)
                .update(events));
  }

  private void cluster() {
    Map<String, Integer> byStatus = new HashMap<>();
    for (MemberStatus s :
        List.of(
            MemberStatus.up(),
            MemberStatus.joining(),
            MemberStatus.leaving(),
            MemberStatus.weaklyUp())) byStatus.put(s.toString().toLowerCase(), 0);
    var state = Cluster.get(system).state();
    for (Member m : state.getMembers())
      byStatus.merge(m.status().toString().toLowerCase(), 1, Integer::sum);
    byStatus.put("unreachable", state.getUnreachable().size());
    byStatus.forEach(
        (status, n) ->
            Kamon.gauge("botswarm.cluster.members", "Cluster members by status")
                .withTag("status", status)
                .update(n));
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
