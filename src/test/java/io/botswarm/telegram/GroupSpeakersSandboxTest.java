package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ChatState;
import io.botswarm.chat.Deliveries;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.generation.ChatLine;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who is speaking, basic groups and backlogs (#15 items 5, 6, 8) against the Bot API sandbox,
 * through the real telegrambots client: in a basic group each bot gets a person's message under its
 * own id, the swarm takes it once and each bot quotes it under its own id; an anonymous
 * administrator is answered; the linked channel's automatic forward and a message from hours ago
 * are heard, not answered.
 */
class GroupSpeakersSandboxTest {

  static TelegramWorld world;
  static SwarmNode node;
  static ChatClient chats;
  static long basic;
  static String anna;
  static String boris;

  @BeforeAll
  static void start() throws Exception {
    world = new TelegramWorld(2, SandboxSpec.FloodLimits.TELEGRAM);
    node = TestNodes.start(world.config());
    world.populate(node);
    chats = new ChatClient(node.system(), TestNodes.SETUP_ASK);
    anna = world.bots.get(0);
    boris = world.bots.get(1);
    // A basic group (no -100 prefix) with both bots; nobody joins in uninvited (activity 0).
    basic = -4_100_000_000L - ThreadLocalRandom.current().nextLong(100_000_000L);
    world.sandbox.addBot(basic, anna, "Basic Lab", "Sam");
    world.sandbox.addBot(basic, boris, "Basic Lab", "Sam");
    chats
        .configure(
            String.valueOf(basic),
            new ChatSettings(
                "Basic Lab",
                true,
                List.of(
                    new ChatSettings.Member(anna, anna, "Anna", List.of("gold")),
                    new ChatSettings.Member(boris, boris, "Boris", List.of("oil"))),
                0,
                Optional.empty(),
                Optional.empty()))
        .toCompletableFuture()
        .get();
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  static ChatState state(long chat) throws Exception {
    return chats.state(String.valueOf(chat)).toCompletableFuture().get();
  }

  static List<ChatLine> lines(long chat, String text) throws Exception {
    return state(chat).recent().stream().filter(l -> l.text().equals(text)).toList();
  }

  /** The bot's messages in the chat as the sandbox's page has them (its own ids resolved). */
  static List<JsonNode> replies(long chat, String botId, long to) {
    return world.sandbox.messages(chat).stream()
        .filter(m -> m.path("from").path("username").asText().equals(botId))
        .filter(m -> m.path("reply_to_message").path("message_id").asLong() == to)
        .toList();
  }

  /**
   * Asks {@code botId} in the basic group; the message is taken in once, with both bots' ids, and
   * the bot's reply quotes it (the sandbox resolves the id in that bot's own numbering).
   */
  static void answeredInTheBasicGroup(String botId, String question) throws Exception {
    String text = "@" + botId + " " + question;
    long id = world.sandbox.postAsHuman(basic, "Sam", text);
    TestNodes.await(
        "both gateways delivered the message",
        30,
        () -> {
          var taken = lines(basic, text);
          return taken.size() == 1
              && state(basic).deliveries().recent().stream()
                  .anyMatch(d -> d.text().equals(text) && d.ids().size() == 2);
        });
    assertEquals(1, lines(basic, text).size(), "one message, not one per gateway");
    Deliveries.Delivery delivered =
        state(basic).deliveries().recent().stream()
            .filter(d -> d.text().equals(text))
            .findFirst()
            .orElseThrow();
    assertTrue(
        !delivered.ids().get(anna).equals(delivered.ids().get(boris)),
        "each bot numbers the message its own way: " + delivered.ids());
    TestNodes.await(botId + " answers it", 30, () -> replies(basic, botId, id).size() == 1);
  }

  @Test
  void aPersonsMessageInABasicGroupIsTakenOnceAndEachBotQuotesItUnderItsOwnId() throws Exception {
    answeredInTheBasicGroup(anna, "what about gold?");
    answeredInTheBasicGroup(boris, "and oil?");
  }

  @Test
  void anAnonymousAdministratorsQuestionIsAnsweredAsAPersons() throws Exception {
    String text = "@" + anna + " is gold still a hedge?";
    long id = world.sandbox.postAs(world.chatId, "anonymous-admin", "", text, 0);
    TestNodes.await("it is taken in", 30, () -> lines(world.chatId, text).size() == 1);
    ChatLine line = lines(world.chatId, text).get(0);
    assertEquals("Test Chat", line.speaker(), "the group speaks");
    assertEquals("", line.speakerId(), "a person, not the bot GroupAnonymousBot");
    TestNodes.await("anna answers it", 30, () -> replies(world.chatId, anna, id).size() == 1);
  }

  @Test
  void theLinkedChannelsForwardAndAMessageFromHoursAgoAreHeardNotAnswered() throws Exception {
    String post = "@" + anna + " Swarm News: gold at a record";
    long forward = world.sandbox.postAs(world.chatId, "channel-forward", "Swarm News", post, 0);
    String old = "@" + anna + " anyone? gold just dropped 3%";
    long written = Instant.now().minus(Duration.ofHours(3)).getEpochSecond();
    long backlog = world.sandbox.postAs(world.chatId, "person", "Dana", old, written);
    TestNodes.await(
        "both are taken in",
        30,
        () -> lines(world.chatId, post).size() == 1 && lines(world.chatId, old).size() == 1);
    var deliveries = state(world.chatId).deliveries();
    assertTrue(deliveries.heardOnly(forward), "the automatic forward is not to be answered");
    assertTrue(deliveries.heardOnly(backlog), "nor the message from hours ago");
    assertEquals(
        Instant.ofEpochSecond(written), lines(world.chatId, old).get(0).at(), "dated as written");
  }

  @Test
  void theSandboxPostsAsTheAnonymousAdminOverHttpAndRefusesWhatTelegramCannotDo() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(world.sandbox.url() + "/sandbox/chats/" + basic + "/messages"))
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"as\":\"anonymous-admin\",\"text\":\"housekeeping, nobody mention me\"}"))
            .build();
    var answer = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    var message = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
    assertEquals(basic, message.path("sender_chat").path("id").asLong());
    assertEquals("GroupAnonymousBot", message.path("from").path("username").asText());

    var refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> world.sandbox.postAs(basic, "channel-forward", "News", "hello", 0));
    assertTrue(refused.getMessage().contains("only a supergroup has a linked channel"));
    refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> world.sandbox.postAs(basic, "ghost", "Sam", "hello", 0));
    assertTrue(refused.getMessage().contains("use person, anonymous-admin"), refused.getMessage());
    long tomorrow = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
    refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> world.sandbox.postAs(basic, "person", "Sam", "hello", tomorrow));
    assertTrue(refused.getMessage().contains("is in the future"), refused.getMessage());
  }
}
