package io.botswarm.chat;

import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.testing.TestNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
  void aRestartedClusterStartsEveryConfiguredChatWithoutTraffic() throws Exception {
    // Its own chat: the suite's database outlives a test, and remembered chats with it.
    String chat = "-100888" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L);
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
      TestNodes.await(
          "the remembered chat started and posted a conversation starter",
          30,
          () -> !after.to(chat).isEmpty());
    } finally {
      second.terminate();
    }
  }
}
