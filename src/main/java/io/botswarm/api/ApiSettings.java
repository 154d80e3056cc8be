package io.botswarm.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** The {@code botswarm.api} block: whether and where a node serves its read API. */
public record ApiSettings(boolean enabled, String host, int port) {

  public static ApiSettings fromConfig(Config root) {
    Config c = root.getConfig("botswarm.api");
    int port = c.getInt("port");
    if (port < 0 || port > 65535)
      throw new ConfigException.BadValue(c.origin(), "botswarm.api.port", "must be a TCP port");
    return new ApiSettings(c.getBoolean("enabled"), c.getString("host"), port);
  }

  public String url() {
    return "http://" + host + ":" + port;
  }
}
