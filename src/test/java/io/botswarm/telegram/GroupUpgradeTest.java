package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.bot.BotClient;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatDescription;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ChatState;
import io.botswarm.chat.ChatTransport;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.generation.ChatLine;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A basic group upgraded to a supergroup in the sandbox ({@code POST /sandbox/chats/<id>/upgrade}),
 * through the real telegrambots client: the chat follows to the new id with its members and
 * history, a person's question there is answered, and no request goes to the old id once the chat
 * moved.
 */
class GroupUpgradeTest {

  static TelegramWorld world;
  static SwarmNode node;

  @BeforeAll
  static void start() throws Exception {
    world = new TelegramWorld(2, SandboxSpec.FloodLimits.TELEGRAM);
    node = world.startNode(Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  /** A basic group (no -100 prefix) with both bots, configured in the swarm. */
  static long basicGroup(ChatClient chats) throws Exception {
    long group = -4_000_000_000L - ThreadLocalRandom.current().nextLong(100_000_000L);
    List<ChatSettings.Member> members = new ArrayList<>();
    for (String bot : world.bots) {
      world.sandbox.addBot(group, bot, "Swarm Lab", "Dana");
      var persona = new BotClient(node.system()).profile(bot).toCompletableFuture().get().persona();
      members.add(new ChatSettings.Member(bot, bot, persona.name(), List.of("gold")));
    }
    chats
        .configure(
            String.valueOf(group),
            new ChatSettings("Swarm Lab", true, members, 1.0, Optional.empty(), Optional.empty()))
        .toCompletableFuture()
        .get();
    return group;
  }

  static boolean answered(long chat, long questionId) {
    return world.sandbox.messages(chat).stream()
        .anyMatch(
            m ->
                m.path("from").path("is_bot").asBoolean()
                    && m.path("reply_to_message").path("message_id").asLong() == questionId);
  }

  /**
   * Whether a sandbox event is a Bot API call (a message, an action, a refusal) for {@code chat}.
   */
  static boolean concerns(JsonNode event, long chat) {
    return event.path("chat_id").asLong() == chat
        || event.path("message").path("chat").path("id").asLong() == chat;
  }

  @Test
  void anUpgradedGroupGoesOnUnderItsNewIdAndTheOldIdGetsNothingMore() throws Exception {
    var chats = new ChatClient(node.system());
    for (String bot : world.bots)
      TestNodes.await(
          bot + " polls",
          30,
          () -> TelegramWorld.status(node, bot).phase() == TelegramGateway.Phase.POLLING);
    long group = basicGroup(chats);
    String anna = world.bots.get(0);
    String boris = world.bots.get(1);

    long question = world.sandbox.postAsHuman(group, "Dana", "@" + anna + " gold or oil today?");
    world.awaitInChat(node, group, question);
    TestNodes.await("a bot answers in the basic group", 30, () -> answered(group, question));

    List<JsonNode> events = new CopyOnWriteArrayList<>();
    world.sandbox.listen(events::add);
    long supergroup = world.sandbox.upgrade(group, OptionalLong.empty(), "Dana");
    assertTrue(String.valueOf(supergroup).startsWith("-100"));

    String oldId = String.valueOf(group);
    String newId = String.valueOf(supergroup);
    TestNodes.await(
        "the old chat is migrated",
        30,
        () ->
            chats.describe(oldId).toCompletableFuture().get().status()
                == ChatDescription.Status.MIGRATED);
    TestNodes.await(
        "the supergroup runs the chat",
        30,
        () ->
            chats.describe(newId).toCompletableFuture().get().status()
                == ChatDescription.Status.ACTIVE);
    int moved = events.size();

    long second = world.sandbox.postAsHuman(supergroup, "Dana", "@" + boris + " still with us?");
    world.awaitInChat(node, supergroup, second);
    TestNodes.await("a bot answers in the supergroup", 30, () -> answered(supergroup, second));

    List<JsonNode> toOld =
        events.subList(moved, events.size()).stream().filter(e -> concerns(e, group)).toList();
    assertEquals(List.of(), toOld, "requests for the old id after the chat moved");

    ChatState state = chats.state(newId).toCompletableFuture().get();
    assertEquals(
        world.bots, state.settings().members().stream().map(ChatSettings.Member::botId).toList());
    List<String> said = state.recent().stream().map(ChatLine::text).toList();
    assertTrue(said.contains("@" + anna + " gold or oil today?"), said.toString());
    assertTrue(said.contains("@" + boris + " still with us?"), said.toString());

    String exported = node.admin().export().toCompletableFuture().get();
    assertTrue(exported.contains(newId), exported);
    assertFalse(exported.contains(oldId), exported);

    // The sandbox answers a call for the old id as Telegram does, and the gateway reads it so.
    var transport =
        new TelegramTransport(
            node.system(),
            BotTokens.load(
                node.system().settings().config().getConfig("botswarm.telegram"),
                java.util.Map.of()),
            TelegramSettings.fromConfig(node.system().settings().config()));
    var refused =
        transport
            .send(new ChatTransport.Outgoing(oldId, 1, anna, "hello?", Optional.empty()))
            .toCompletableFuture()
            .get();
    var failed = assertInstanceOf(ChatTransport.Failed.class, refused);
    assertEquals(Optional.of(new ChatTransport.Migrated(newId)), failed.refusal());
  }
}
