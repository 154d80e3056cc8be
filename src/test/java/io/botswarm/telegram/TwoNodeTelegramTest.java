package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.chat.ChatClient;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.generation.ChatLine;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with the same tokens: one poller per token in the cluster at any time (the sandbox
 * answers a second live poller with 409 and counts it), and when the gateway's node goes, polling
 * resumes on the other from the journaled offset: every message people posted meanwhile reaches the
 * coordinator, once.
 */
class TwoNodeTelegramTest {

  static final List<SwarmNode> nodes = new ArrayList<>();
  static TelegramWorld world;

  @AfterAll
  static void stop() {
    for (SwarmNode n : nodes) n.terminate();
    if (world != null) world.close();
  }

  @Test
  void pollingMovesWithItsGatewayAndNoUpdateIsLostOrTakenTwice() throws Exception {
    // One bot: its gateway is the only way messages reach the chat, so a lost update shows.
    world = new TelegramWorld(1, SandboxSpec.FloodLimits.TELEGRAM);
    var two = world.startTwoNodes(nodes);
    SwarmNode first = two.get(0);
    SwarmNode second = two.get(1);
    String bot = world.bots.get(0);
    for (String b : world.bots)
      TestNodes.await(
          b + " polls",
          30,
          () -> TelegramWorld.status(first, b).phase() == TelegramGateway.Phase.POLLING);

    SwarmNode host =
        TestNodes.entityIds(first, TelegramGateway.ENTITY_KEY).contains(bot) ? first : second;
    SwarmNode survivor = host == first ? second : first;

    List<Long> posted = new ArrayList<>();
    for (int i = 0; i < 8; i++)
      posted.add(world.sandbox.postAsHuman(world.chatId, "Sam", "before the move, message " + i));
    for (long id : posted) world.awaitInChat(survivor, world.chatId, id);
    Thread leaving = new Thread(host::terminate);
    leaving.start();
    // While the host leaves, each message goes out once the one before was offered to a poll (its
    // poller may take it and stop before acknowledging it), or once the host has gone.
    for (int i = 0; i < 16 && leaving.isAlive(); i++) {
      long polls = world.sandbox.stats().polls();
      posted.add(world.sandbox.postAsHuman(world.chatId, "Sam", "during the move, message " + i));
      TestNodes.await(
          "a poll after message " + i + ", or the host gone",
          30,
          () -> world.sandbox.stats().polls() > polls || !leaving.isAlive());
    }
    leaving.join();
    nodes.remove(host);
    // Nobody polls until the survivor starts its gateway: these wait in Telegram's queue.
    for (int i = 0; i < 4; i++)
      posted.add(world.sandbox.postAsHuman(world.chatId, "Sam", "between pollers, message " + i));

    TestNodes.await(
        bot + " polls on the survivor",
        30,
        () ->
            TestNodes.entityIds(survivor, TelegramGateway.ENTITY_KEY).contains(bot)
                && TelegramWorld.status(survivor, bot).phase() == TelegramGateway.Phase.POLLING);
    var chats = new ChatClient(survivor.system());
    TestNodes.await(
        "every message reaches the coordinator",
        30,
        () ->
            chats.state(world.chat()).toCompletableFuture().get().recent().stream()
                .map(ChatLine::messageId)
                .collect(Collectors.toSet())
                .containsAll(posted));
    var ids =
        chats.state(world.chat()).toCompletableFuture().get().recent().stream()
            .map(ChatLine::messageId)
            .filter(posted::contains)
            .toList();
    assertEquals(posted.size(), ids.size(), "each message taken once: " + ids);
    assertEquals(0, world.sandbox.stats().conflicts(), "never two live pollers for one token");
    assertTrue(TelegramWorld.status(survivor, bot).offset() > 0);
  }
}
