package io.botswarm.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/** The {@code botswarm.metrics} block: whether and where a node serves {@code /metrics}. */
public record MetricsSettings(
    boolean enabled, String host, int port, Duration slowQuery, Duration pollEvery) {

  public static MetricsSettings fromConfig(Config root) {
    Config c = root.getConfig("botswarm.metrics");
    int port = c.getInt("port");
    if (port < 0 || port > 65535)
      throw new ConfigException.BadValue(c.origin(), "botswarm.metrics.port", "must be a TCP port");
    return new MetricsSettings(
        c.getBoolean("enabled"),
        c.getString("host"),
        port,
        c.getDuration("slow-query"),
        c.getDuration("poll-every"));
  }

  public String url() {
    return "http://" + host + ":" + port + "/metrics";
  }
}
