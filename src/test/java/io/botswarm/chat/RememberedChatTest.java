package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.testing.TestNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A configured chat runs again after the whole cluster restarts, before any message reaches it. */
class RememberedChatTest {

  static SwarmNode node(RecordingTransport transport) {
    return TestNodes.start(
        Map.of(
            "botswarm.chat.turns.starter-every", "1s",
            "botswarm.chat.turns.tick", "300ms"),
        system -> transport);
  }

  @Test
  void aRestartedClusterStartsEveryConfiguredChatWithoutTraffic() {
    String chat = "-100888000444";
    var before = new RecordingTransport();
    SwarmNode first = node(before);
    try {
      new BotClient(first.system())
          .register("keeper_bot", new Persona("Keeper", "keeper_bot", "", "terse", List.of("gold")))
          .toCompletableFuture()
          .join();
      new ChatClient(first.system())
          .configure(
              chat,
              new ChatSettings(
                  "Kept",
                  true,
                  List.of(new Member("keeper_bot", "keeper_bot", "Keeper", List.of("gold"))),
                  1.0,
                  Optional.empty(),
                  Optional.of(new ChatLimits(10, 100, 100, 1000, Duration.ZERO))))
          .toCompletableFuture()
          .join();
    } finally {
      first.terminate();
    }

    var after = new RecordingTransport();
    SwarmNode second = node(after);
    try {
      // Nobody sends the chat anything: only its own coordinator, started by sharding, can post.
      for (int i = 0; i < 200 && after.to(chat).isEmpty(); i++) sleep(100);
      assertTrue(
          !after.to(chat).isEmpty(),
          "the remembered chat started and posted a conversation starter");
    } finally {
      second.terminate();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
