package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatState;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.MemberStatus;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bot kicked from a group and added back, through the sandbox and the real telegrambots client:
 * the sandbox's control sends the bot {@code my_chat_member}, its gateway hears it, and the chat's
 * coordinator stops choosing the bot, then chooses it again.
 */
class MemberStandingTest {

  static TelegramWorld world;
  static SwarmNode node;
  static ChatClient chats;
  static String kept;
  static String kicked;

  @BeforeAll
  static void start() throws Exception {
    world = new TelegramWorld(2, SandboxSpec.FloodLimits.TELEGRAM);
    node = TestNodes.start(world.config());
    world.populate(node);
    chats = new ChatClient(node.system());
    kicked = world.bots.get(0);
    kept = world.bots.get(1);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  static ChatState chat() throws Exception {
    return chats.state(world.chat()).toCompletableFuture().get();
  }

  static List<JsonNode> answers(String botId, long question) {
    return world.sandbox.messages(world.chatId).stream()
        .filter(m -> m.path("from").path("username").asText().equals(botId))
        .filter(m -> m.path("reply_to_message").path("message_id").asLong() == question)
        .toList();
  }

  @Test
  void aKickedBotIsNotChosenAndItIsChosenAgainOnceAddedBack() throws Exception {
    world.sandbox.setMember(world.chatId, kicked, MemberStatus.KICKED, "Dana");
    TestNodes.await(
        "the coordinator hears that " + kicked + " may not post",
        30,
        () -> chat().cannotPost().equals(Map.of(kicked, "the bot was kicked by Dana")));

    long drafted = chat().nextDraftId();
    long question = world.sandbox.postAsHuman(world.chatId, "Sam", "@" + kicked + " still there?");
    world.awaitInChat(node, world.chatId, question);
    // The question goes to the member that may post: someone takes a question in a lively chat.
    TestNodes.await("the other bot answers", 30, () -> answers(kept, question).size() == 1);
    assertEquals(List.of(), answers(kicked, question));
    TestNodes.await("its send is recorded", 30, () -> chat().pending().isEmpty());
    assertEquals(
        drafted + 1,
        chat().nextDraftId(),
        "one draft admitted, the other bot's, none of the kicked");

    world.sandbox.setMember(world.chatId, kicked, MemberStatus.MEMBER, "Dana");
    TestNodes.await(
        "the coordinator hears that " + kicked + " is back",
        30,
        () -> chat().cannotPost().isEmpty());
    long again = world.sandbox.postAsHuman(world.chatId, "Sam", "@" + kicked + " welcome back?");
    world.awaitInChat(node, world.chatId, again);
    TestNodes.await("the bot added back answers", 30, () -> answers(kicked, again).size() == 1);
    assertTrue(chat().mayPost(kicked));
  }
}
