package io.botswarm.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.botswarm.http.BearerToken;
import io.botswarm.http.HttpEndpoint;
import java.util.Optional;

/**
 * The {@code botswarm.api} block: whether and where a node serves its read API, and the token every
 * read needs when one is set. The API serves people's messages, so it is refused on an address
 * other machines reach unless a token guards it.
 */
public record ApiSettings(boolean enabled, String host, int port, Optional<BearerToken> token) {

  /** An API without a token, as on 127.0.0.1 by default. */
  public ApiSettings(boolean enabled, String host, int port) {
    this(enabled, host, port, Optional.empty());
  }

  /**
   * @throws ConfigException naming the variable to set when the API would listen beyond this
   *     machine without a token
   */
  public static ApiSettings fromConfig(Config root) {
    Config c = root.getConfig("botswarm.api");
    int port = c.getInt("port");
    if (port < 0 || port > 65535)
      throw new ConfigException.BadValue(c.origin(), "botswarm.api.port", "must be a TCP port");
    var settings =
        new ApiSettings(
            c.getBoolean("enabled"),
            c.getString("host"),
            port,
            BearerToken.of(c.getString("token")));
    settings
        .refusal()
        .ifPresent(
            why -> {
              throw new ConfigException.BadValue("botswarm.api.host", why);
            });
    return settings;
  }

  /** Why this API must not start, if it must not. */
  Optional<String> refusal() {
    if (!enabled || token.isPresent() || HttpEndpoint.loopback(host)) return Optional.empty();
    return Optional.of(
        "the read API serves people's messages and would listen on "
            + host
            + " without a token: set SWARM_API_TOKEN (botswarm.api.token), or bind it to 127.0.0.1"
            + " (SWARM_API_HOST)");
  }

  public String url() {
    return "http://" + host + ":" + port;
  }
}
