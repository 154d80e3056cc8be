package io.botswarm.cli;

import com.typesafe.config.Config;
import io.botswarm.cluster.NodeConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that starts a node shares; each one overrides a configuration key. */
final class NodeOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Overlay configuration (HOCON), e.g. cluster-config/local/node-1.conf.")
  Path config;

  @Option(names = "--host", description = "Address to bind and advertise (default 127.0.0.1).")
  String host;

  @Option(
      names = "--port",
      description = "Cluster (Artery) port of this node (default from config: 2551).")
  Integer port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the embedded PostgreSQL keeps its data (default data/postgres).")
  Path dataDir;

  @Option(names = "--db-port", description = "Port of the embedded PostgreSQL (default 54329).")
  Integer dbPort;

  @Option(
      names = "--db-replica-port",
      description = "Port of the embedded PostgreSQL's streaming replica (default 54331).")
  Integer dbReplicaPort;

  @Option(
      names = "--metrics-port",
      description = "Port of this node's /metrics (default 9095; 0 turns metrics off).")
  Integer metricsPort;

  @Option(
      names = "--management-port",
      description = "Port of this node's Akka Management: /alive, /ready, /cluster (default 8558).")
  Integer managementPort;

  @Option(
      names = "--api-port",
      description =
          "Port of this node's read API: chat history, bots (default 8180; 0 turns it off).")
  Integer apiPort;

  @Option(
      names = "--admin-port",
      description =
          "Port of this node's admin API: plan, apply, export, enable, disable (default 8190; on only"
              + " with SWARM_ADMIN_TOKEN set).")
  Integer adminPort;

  @Option(names = "--verbose", description = "Show the log on the console.")
  boolean verbose;

  /** The node's unresolved configuration with these options applied. */
  Config load(Map<String, Object> extra) {
    Map<String, Object> overrides = new HashMap<>(extra);
    if (host != null) overrides.put("akka.remote.artery.canonical.hostname", host);
    if (port != null) overrides.put("akka.remote.artery.canonical.port", port);
    if (dataDir != null) overrides.put("botswarm.db.embedded.data-dir", dataDir.toString());
    if (dbPort != null) overrides.put("botswarm.db.embedded.port", dbPort);
    if (dbReplicaPort != null) overrides.put("botswarm.db.embedded.replica-port", dbReplicaPort);
    if (metricsPort != null && metricsPort == 0) overrides.put("botswarm.metrics.enabled", false);
    if (metricsPort != null && metricsPort > 0) overrides.put("botswarm.metrics.port", metricsPort);
    if (apiPort != null && apiPort == 0) overrides.put("botswarm.api.enabled", false);
    if (apiPort != null && apiPort > 0) overrides.put("botswarm.api.port", apiPort);
    if (adminPort != null) overrides.put("botswarm.admin.port", adminPort);
    if (managementPort != null) overrides.put("akka.management.http.port", managementPort);
    return NodeConfig.load(Optional.ofNullable(config), overrides);
  }

  /**
   * The embedded database a command uses unless told otherwise: benchmarks keep theirs apart from
   * the demo's, on other ports.
   */
  void defaultDatabase(Path dir, int port, int replicaPort) {
    if (dataDir == null) dataDir = dir;
    if (dbPort == null) dbPort = port;
    if (dbReplicaPort == null) dbReplicaPort = replicaPort;
  }

  /** Must run before anything logs: logback reads the level once. */
  void applyConsoleLevel(String quietLevel) {
    ConsoleLog.level(verbose ? "INFO" : quietLevel);
  }
}
