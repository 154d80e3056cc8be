package io.botswarm.cluster;

import akka.actor.ActorSystem;
import akka.cluster.Cluster;
import akka.cluster.MemberStatus;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /ready} of Akka Management: a node takes traffic only once it is an Up member of the
 * cluster and its journal answers. Its schema is up to date by then: a node migrates before its
 * actor system starts, and this check also requires a successful migration on record.
 */
public final class NodeReadiness implements Supplier<CompletionStage<Boolean>> {

  private static final ExecutorService JDBC =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "botswarm-readiness");
            t.setDaemon(true);
            return t;
          });

  private final ActorSystem system;

  /** Akka Management creates it with the classic actor system. */
  public NodeReadiness(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    if (Cluster.get(system).selfMember().status() != MemberStatus.up())
      return CompletableFuture.completedFuture(false);
    var config = system.settings().config().getConfig("botswarm.db");
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            DriverManager.setLoginTimeout(2);
            try (var c =
                    DriverManager.getConnection(
                        config.getString("url"),
                        config.getString("user"),
                        config.getString("password"));
                var rs =
                    c.createStatement()
                        .executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
              return rs.next() && rs.getLong(1) > 0;
            }
          } catch (Exception e) {
            return false;
          }
        },
        JDBC);
  }
}
