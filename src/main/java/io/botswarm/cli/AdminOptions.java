package io.botswarm.cli;

import io.botswarm.admin.AdminClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the commands that operate a running swarm find its admin API, and the token they present.
 * The token comes from the environment only: a flag's value would show in the shell's history and
 * in process listings.
 */
final class AdminOptions {

  static final String DEFAULT_NODE = "http://127.0.0.1:8190";

  private final Map<String, String> environment;

  @Option(
      names = "--node",
      paramLabel = "URL",
      description =
          "The admin API of any node of the swarm (default $SWARM_ADMIN_URL, else "
              + DEFAULT_NODE
              + "). The token is read from SWARM_ADMIN_TOKEN.")
  String node;

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      defaultValue = "5m",
      description = "How long to wait for the node's answer (default ${DEFAULT-VALUE}).")
  Duration timeout;

  AdminOptions(Map<String, String> environment) {
    this.environment = environment;
  }

  AdminClient client(CommandSpec spec) {
    String token = environment.getOrDefault("SWARM_ADMIN_TOKEN", "");
    if (token.isBlank())
      throw new ParameterException(
          spec.commandLine(),
          "SWARM_ADMIN_TOKEN is not set: export it with the token the nodes were started with");
    String url = node != null ? node : environment.getOrDefault("SWARM_ADMIN_URL", DEFAULT_NODE);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !uri.getScheme().matches("https?"))
      throw new ParameterException(
          spec.commandLine(), "--node must be an http:// or https:// URL, not '" + url + "'");
    return new AdminClient(uri, token, timeout);
  }
}
