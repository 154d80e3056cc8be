package io.botswarm.admin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.botswarm.http.BearerToken;
import io.botswarm.http.HttpEndpoint;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code botswarm.admin} block: the admin API runs only when a token is set; it listens on
 * 127.0.0.1 unless told otherwise, and never elsewhere without a token.
 *
 * @param answerWithin how long an apply may take before its request times out
 */
public record AdminSettings(
    Optional<BearerToken> token, String host, int port, Duration answerWithin) {

  public boolean enabled() {
    return token.isPresent();
  }

  /**
   * @throws ConfigException naming the variable to set when the API is told to listen beyond this
   *     machine without a token
   */
  public static AdminSettings fromConfig(Config root) {
    Config c = root.getConfig("botswarm.admin");
    int port = c.getInt("port");
    if (port < 0 || port > 65535)
      throw new ConfigException.BadValue(c.origin(), "botswarm.admin.port", "must be a TCP port");
    Duration answerWithin = c.getDuration("answer-within");
    if (answerWithin.isNegative() || answerWithin.isZero())
      throw new ConfigException.BadValue(
          c.origin(), "botswarm.admin.answer-within", "must be positive");
    var settings =
        new AdminSettings(
            BearerToken.of(c.getString("token")), c.getString("host"), port, answerWithin);
    settings
        .refusal()
        .ifPresent(
            why -> {
              throw new ConfigException.BadValue("botswarm.admin.host", why);
            });
    return settings;
  }

  /**
   * Why the API must not start, if it must not: it has no token, or (the mistake worth stopping a
   * node for) it was bound beyond this machine and the token forgotten.
   */
  Optional<String> refusal() {
    if (token.isPresent()) return Optional.empty();
    if (HttpEndpoint.loopback(host)) return Optional.empty();
    return Optional.of(
        "the admin API changes the swarm and would listen on "
            + host
            + " without a token: set SWARM_ADMIN_TOKEN (botswarm.admin.token), or bind it to"
            + " 127.0.0.1 (SWARM_ADMIN_HOST)");
  }

  public String url() {
    return "http://" + host + ":" + port;
  }
}
