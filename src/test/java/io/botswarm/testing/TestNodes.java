package io.botswarm.testing;

import akka.actor.typed.ActorSystem;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.cluster.NodeConfig;
import io.botswarm.cluster.SwarmNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Swarm nodes for tests: the suite's configuration, the shared database, and given overrides. */
public final class TestNodes {

  private TestNodes() {}

  /** A node whose chats post to a console nobody reads. */
  public static SwarmNode start(Map<String, ?> overrides) {
    return start(overrides, system -> new ConsoleTransport(new PrintWriter(new StringWriter())));
  }

  public static SwarmNode start(
      Map<String, ?> overrides, Function<ActorSystem<?>, ChatTransport> transport) {
    Map<String, Object> all = new HashMap<>(overrides);
    all.putIfAbsent("botswarm.db.url", TestDatabase.url());
    return SwarmNode.start(
        NodeConfig.load("application-test.conf", Optional.empty(), all),
        Duration.ofSeconds(30),
        transport);
  }
}
