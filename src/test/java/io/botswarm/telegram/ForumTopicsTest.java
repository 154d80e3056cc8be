package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.Verdict;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A forum supergroup through the sandbox and the real telegrambots client: a question in a topic is
 * answered there, and every part of a long answer carries the topic's {@code message_thread_id}
 * (03-forum-topic-a: "all parts, bot follow-ups — lands in topic 4870").
 */
class ForumTopicsTest {

  static TelegramWorld world;
  static SwarmNode node;

  /** The sandbox's "typing…" events. */
  static final List<JsonNode> actions = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    world = new TelegramWorld(2, SandboxSpec.FloodLimits.TELEGRAM);
    world.sandbox.listen(
        e -> {
          if (e.path("type").asText().equals("action")) actions.add(e);
        });
    node = world.startNode(Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  /** The bots' messages in the chat. */
  static List<JsonNode> botMessages() {
    return world.sandbox.messages(world.chatId).stream()
        .filter(m -> m.path("from").path("is_bot").asBoolean())
        .toList();
  }

  @Test
  void aLongAnswerInATopicGoesThereWholeAndSoDoesEveryBotMessage() throws Exception {
    String bot = world.bots.get(0);
    long gold = world.sandbox.createTopic(world.chatId, "Gold", "Dana");
    long crypto = world.sandbox.createTopic(world.chatId, "Crypto", "Dana");
    world.sandbox.postInTopic(world.chatId, crypto, "Sam", "bitcoin broke 100k, anyone selling?");
    long question =
        world.sandbox.postInTopic(
            world.chatId, gold, "Dana", "@" + bot + " give us the long version on gold, please");
    world.awaitInChat(node, world.chatId, question);

    // Longer than one message: it goes in parts.
    String longVersion = "Gold keeps its value when paper does not. ".repeat(150).strip();
    var verdict =
        new ChatClient(node.system())
            .submit(world.chat(), bot, longVersion, Optional.of(question))
            .toCompletableFuture()
            .get();
    // The bot may just have answered the question itself: then it waits out its gap.
    assertTrue(!(verdict instanceof Verdict.Rejected), "admitted or deferred: " + verdict);
    TestNodes.await(
        "the long version arrives in parts",
        30,
        () ->
            botMessages().stream()
                    .filter(m -> longVersion.contains(m.path("text").asText("-").strip()))
                    .count()
                >= 2);
    var parts =
        botMessages().stream()
            .filter(m -> longVersion.contains(m.path("text").asText("-").strip()))
            .toList();
    for (JsonNode part : parts) {
      assertEquals(gold, part.path("message_thread_id").asLong(), "every part: " + part);
      assertTrue(part.path("is_topic_message").asBoolean());
    }
    assertEquals(
        question,
        parts.get(0).path("reply_to_message").path("message_id").asLong(),
        "the first part answers the question");
    TestNodes.await(
        "the bot shows \"typing…\" in the topic",
        10,
        () ->
            actions.stream()
                .anyMatch(
                    e ->
                        e.path("bot").asText().equals(bot)
                            && e.path("message_thread_id").asLong() == gold));
    // The generated answer and any follow-up too; the Crypto line may be answered, in Crypto.
    for (JsonNode m : botMessages()) {
      assertTrue(m.path("message_thread_id").asLong() != 0, "nothing goes to General: " + m);
      if (m.path("reply_to_message").path("message_id").asLong() == question)
        assertEquals(gold, m.path("message_thread_id").asLong(), "an answer to it: " + m);
    }
  }
}
