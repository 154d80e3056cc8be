package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.bot.BotClient;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatDescription;
import io.botswarm.chat.ChatSettings;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.generation.ChatLine;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A basic group upgraded while the node polling for its only bot leaves the cluster: the service
 * messages are taken by the leaving node or, redelivered from the journaled offset, by the other;
 * either way the chat goes on under the supergroup's id with its history, a question there is
 * answered, and nothing is sent to the old id once it moved.
 */
class TwoNodeGroupUpgradeTest {

  static final List<SwarmNode> nodes = new ArrayList<>();
  static TelegramWorld world;

  @AfterAll
  static void stop() {
    for (SwarmNode n : nodes) n.terminate();
    if (world != null) world.close();
  }

  @Test
  void aGroupUpgradedWhileItsGatewayMovesGoesOnUnderTheNewId() throws Exception {
    world = new TelegramWorld(1, SandboxSpec.FloodLimits.TELEGRAM);
    var two = world.startTwoNodes(nodes);
    SwarmNode first = two.get(0);
    SwarmNode second = two.get(1);
    String bot = world.bots.get(0);
    TestNodes.await(
        bot + " polls",
        30,
        () -> TelegramWorld.status(first, bot).phase() == TelegramGateway.Phase.POLLING);

    long group = -4_200_000_000L - ThreadLocalRandom.current().nextLong(100_000_000L);
    world.sandbox.addBot(group, bot, "Swarm Lab", "Dana");
    var persona = new BotClient(first.system()).profile(bot).toCompletableFuture().get().persona();
    var member = new ChatSettings.Member(bot, bot, persona.name(), List.of("gold"));
    new ChatClient(first.system())
        .configure(
            String.valueOf(group),
            new ChatSettings(
                "Swarm Lab", true, List.of(member), 1.0, Optional.empty(), Optional.empty()))
        .toCompletableFuture()
        .get();
    long question = world.sandbox.postAsHuman(group, "Dana", "@" + bot + " gold or oil today?");
    TestNodes.await("the bot answers in the basic group", 60, () -> answered(group, question));

    SwarmNode host =
        TestNodes.entityIds(first, TelegramGateway.ENTITY_KEY).contains(bot) ? first : second;
    SwarmNode survivor = host == first ? second : first;
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    world.sandbox.listen(events::add);
    long supergroup = world.sandbox.upgrade(group, OptionalLong.empty(), "Dana");
    Thread leaving = new Thread(host::terminate);
    leaving.start();
    leaving.join();
    nodes.remove(host);

    var chats = new ChatClient(survivor.system());
    String oldId = String.valueOf(group);
    String newId = String.valueOf(supergroup);
    TestNodes.await(
        "the chat moved to the supergroup",
        60,
        () ->
            chats.describe(oldId).toCompletableFuture().get().status()
                    == ChatDescription.Status.MIGRATED
                && chats.describe(newId).toCompletableFuture().get().status()
                    == ChatDescription.Status.ACTIVE);
    int moved = events.size();

    long question2 = world.sandbox.postAsHuman(supergroup, "Dana", "@" + bot + " still with us?");
    TestNodes.await("the bot answers in the supergroup", 60, () -> answered(supergroup, question2));

    List<JsonNode> toOld =
        events.subList(moved, events.size()).stream()
            .filter(e -> GroupUpgradeTest.concerns(e, group))
            .toList();
    assertEquals(List.of(), toOld, "requests for the old id after the chat moved");
    List<String> said =
        chats.state(newId).toCompletableFuture().get().recent().stream()
            .map(ChatLine::text)
            .toList();
    assertTrue(said.contains("@" + bot + " gold or oil today?"), said.toString());
    assertEquals(0, world.sandbox.stats().conflicts(), "never two live pollers for one token");
  }

  static boolean answered(long chat, long questionId) {
    return world.sandbox.messages(chat).stream()
        .anyMatch(
            m ->
                m.path("from").path("is_bot").asBoolean()
                    && m.path("reply_to_message").path("message_id").asLong() == questionId);
  }
}
