package io.botswarm.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a node's configuration, highest precedence first: command-line overrides, JVM system
 * properties, an overlay file (one of {@code cluster-config/}), the classpath {@code
 * application.conf}, every library's {@code reference.conf}. Left unresolved, so that the node can
 * add the embedded database's URL before substitutions are made.
 */
public final class NodeConfig {

  private NodeConfig() {}

  public static Config load(Optional<Path> overlay, Map<String, ?> overrides) {
    return load("application.conf", overlay, overrides);
  }

  /** As {@link #load(Optional, Map)} with another base resource (tests use their own). */
  public static Config load(String resource, Optional<Path> overlay, Map<String, ?> overrides) {
    Config file = ConfigFactory.empty();
    if (overlay.isPresent()) {
      Path path = overlay.get();
      if (!Files.isRegularFile(path))
        throw new com.typesafe.config.ConfigException.Generic(
            "configuration file " + path + " does not exist");
      file =
          ConfigFactory.parseFile(
              path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }
    return ConfigFactory.parseMap(overrides, "command line")
        .withFallback(ConfigFactory.systemProperties())
        .withFallback(file)
        .withFallback(ConfigFactory.parseResources(resource))
        .withFallback(ConfigFactory.defaultReference());
  }
}
