package io.botswarm.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kamon.Kamon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kamon on this node: started without attaching its agent at run time (the launcher gives the JVM
 * the Kanela agent with {@code -javaagent}, which the Akka and JDBC instrumentation need), with the
 * Prometheus reporter serving {@code /metrics} where {@code botswarm.metrics} says.
 */
public final class Metrics {

  private static final Logger log = LoggerFactory.getLogger(Metrics.class);

  private Metrics() {}

  /** Starts Kamon; returns whether it did (metrics may be switched off). */
  public static boolean start(Config nodeConfig, MetricsSettings settings) {
    SwarmMetrics.slowQueryThreshold(settings.slowQuery());
    if (!settings.enabled()) return false;
    Config kamon =
        ConfigFactory.parseMap(
                Map.of(
                    "kamon.prometheus.embedded-server.hostname",
                    settings.host(),
                    "kamon.prometheus.embedded-server.port",
                    settings.port(),
                    "kamon.environment.service",
                    "botswarm",
                    // Kamon's status page would listen on every interface; the banner is noise.
                    "kamon.modules.status-page.enabled",
                    false,
                    "kamon.init.hide-banner",
                    true))
            .withFallback(nodeConfig);
    Kamon.initWithoutAttaching(kamon);
    boolean instrumented = isAgentAttached();
    log.info(
        "metrics at {} ({})",
        settings.url(),
        instrumented
            ? "with the Kanela agent: Akka, executors and JDBC instrumented"
            : "no agent: the swarm's own metrics only");
    return true;
  }

  /**
   * Whether the JVM runs with the Kanela agent, which loads its classes on the system class path.
   */
  public static boolean isAgentAttached() {
    try {
      Class.forName("kanela.agent.Kanela", false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  public static void stop() {
    try {
      Kamon.stop().result(scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS), null);
    } catch (Exception e) {
      log.debug("Kamon did not stop cleanly", e);
    }
  }
}
