package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ChatTransport;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.CapturedLog;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long floods against the sandbox, through the real telegrambots client: a flood set with {@code
 * POST /sandbox/floods} (a short one: the pure tests take the field's 209 s on a manual clock)
 * holds the chat — or, on the bot's own limit, the whole bot — for its whole wait although its
 * message is given up at its deadline; drafts meanwhile are refused by the gateway without a
 * request; the gateway's status and the log say it once per kind and chat.
 */
class LongFloodTest {

  /** Shorter than the floods below: a flooded message is given up, as with a 209 s wait. */
  static final String SEND_DEADLINE = "4s";

  static final int FLOOD_SECONDS = 8;

  static TelegramWorld world;
  static SwarmNode node;
  static TelegramTransport transport;

  /** Every Bot API request the sandbox answered for a bot: posted or refused with a 429. */
  static final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() throws Exception {
    world = new TelegramWorld(5, SandboxSpec.FloodLimits.TELEGRAM);
    world.sandbox.listen(
        e -> {
          String type = e.path("type").asText();
          if (type.equals("flood")
              || type.equals("message")
                  && e.path("message").path("from").path("is_bot").asBoolean()) requests.add(e);
        });
    var config = new HashMap<String, Object>(world.config());
    config.put("botswarm.telegram.send-deadline", SEND_DEADLINE);
    node = TestNodes.start(config);
    // Bots of the swarm, in no chat of its configuration: nothing but this test sends.
    var bots = new BotClient(node.system(), TestNodes.SETUP_ASK);
    for (String bot : world.bots) {
      bots.register(bot, new Persona("Flooded " + bot, bot, "", "terse", List.of("oil")))
          .toCompletableFuture()
          .get();
      Telegram.wake(node.system(), bot);
    }
    transport =
        new TelegramTransport(
            node.system(),
            BotTokens.of(world.tokens),
            TelegramSettings.fromConfig(node.system().settings().config()));
    for (String bot : world.bots)
      TestNodes.await(
          bot + " polls",
          30,
          () -> TelegramWorld.status(node, bot).phase() == TelegramGateway.Phase.POLLING);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  static ChatTransport.Outcome send(long chat, String botId, String text) {
    return transport
        .send(new ChatTransport.Outgoing(String.valueOf(chat), 1, botId, text, Optional.empty()))
        .toCompletableFuture()
        .join();
  }

  /** The requests of a bot to a chat the sandbox answered (429s by their flood events). */
  static List<JsonNode> requestsOf(String bot, long chat) {
    synchronized (requests) {
      return requests.stream()
          .filter(
              e ->
                  e.path("type").asText().equals("flood")
                      ? e.path("bot").asText().equals(bot) && e.path("chat_id").asLong() == chat
                      : e.path("message").path("from").path("username").asText().equals(bot)
                          && e.path("message").path("chat").path("id").asLong() == chat)
          .toList();
    }
  }

  static ChatTransport.Flooded flooded(ChatTransport.Outcome outcome) {
    var failed = assertInstanceOf(ChatTransport.Failed.class, outcome);
    return assertInstanceOf(ChatTransport.Flooded.class, failed.refusal().orElseThrow());
  }

  @Test
  void aLongFloodInAChatHoldsItForTheWholeWaitThoughItsMessageIsGivenUp() throws Exception {
    String anna = world.bots.get(0);
    String boris = world.bots.get(1);
    long chat = world.chatId;
    int logMark = CapturedLog.mark();
    // The chat's last message a moment ago: a 429 now is the chat's limit, not the bot's.
    assertInstanceOf(ChatTransport.Sent.class, send(chat, anna, "before the flood"));
    int before = requestsOf(anna, chat).size();
    world.sandbox.flood(anna, Optional.of(chat), FLOOD_SECONDS);

    var first = flooded(send(chat, anna, "met the flood"));
    assertFalse(first.botWide(), "the chat's limit");
    Instant until = first.until();
    assertTrue(until.isAfter(Instant.now()), "held still: " + until);
    // The next draft is refused here at once: the hold outlasts its deadline.
    var second = flooded(send(chat, anna, "refused locally"));
    assertEquals(until, second.until());
    assertEquals(1, requestsOf(anna, chat).size() - before, "one request met the flood");
    // Another bot's sends are its own.
    assertInstanceOf(ChatTransport.Sent.class, send(chat, boris, "meanwhile"));

    var warnings = TelegramWorld.status(node, anna).warnings();
    assertTrue(
        warnings.stream().anyMatch(w -> w.contains("chat " + chat) && w.contains("429")),
        "the status says it: " + warnings);
    assertTrue(
        warnings.stream()
            .anyMatch(w -> w.contains("chat " + chat) && w.contains("without asking Telegram")),
        "and that the gateway refused one itself: " + warnings);

    // A message sent when the rest of the hold is within its deadline waits it out.
    TestNodes.await(
        "the hold is nearly over", 30, () -> Instant.now().isAfter(until.minusSeconds(2)));
    assertInstanceOf(ChatTransport.Sent.class, send(chat, anna, "after the flood"));
    var after = requestsOf(anna, chat).subList(before, requestsOf(anna, chat).size());
    assertEquals(2, after.size(), "the 429, then the message: " + after);
    assertEquals("message", after.get(1).path("type").asText());
    assertTrue(
        after.get(1).path("at").asLong() >= until.toEpochMilli(),
        "nothing reached the sandbox before the retry_after passed: " + after + " until " + until);

    List<String> said =
        CapturedLog.since(logMark)
            .lines()
            .filter(l -> l.contains(" WARN ") && l.contains("bot " + anna + " chat " + chat))
            .toList();
    assertEquals(2, said.size(), "once for the 429, once for the refused draft: " + said);
  }

  @Test
  void aFloodOnTheBotsOwnLimitHoldsEveryChatOfTheBot() throws Exception {
    String boris = world.bots.get(2);
    long quiet = world.chatId - 1;
    // A chat the bot has not posted to: a 429 there is the bot's own limit, over all its chats.
    world.sandbox.addBot(quiet, boris, "Quiet Room", "Sam");
    world.sandbox.flood(boris, Optional.empty(), FLOOD_SECONDS);
    var first = flooded(send(quiet, boris, "met the bot-wide flood"));
    assertTrue(first.botWide(), "the bot's limit: " + first);
    int elsewhere = requestsOf(boris, world.chatId).size();
    var second = flooded(send(world.chatId, boris, "another chat, held too"));
    assertTrue(second.botWide());
    assertEquals(
        elsewhere,
        requestsOf(boris, world.chatId).size(),
        "no request from the bot reached the sandbox");
    assertTrue(
        TelegramWorld.status(node, boris).warnings().stream()
            .anyMatch(w -> w.contains("from the bot to any chat")),
        TelegramWorld.status(node, boris).warnings().toString());
  }

  @Test
  void aFloodOnTheBotsOwnLimitIsToldToEveryChatTheBotPostsIn() throws Exception {
    String bot = world.bots.get(3);
    long room = world.chatId - 3;
    long quiet = world.chatId - 4;
    world.sandbox.addBot(room, bot, "Posted Room", "Sam");
    world.sandbox.addBot(quiet, bot, "Quiet Room", "Sam");
    var chats = new ChatClient(node.system(), TestNodes.SETUP_ASK);
    var member = new ChatSettings.Member(bot, bot, "Flooded " + bot, List.of("oil"));
    chats
        .configure(
            String.valueOf(room),
            new ChatSettings(
                "Posted Room", true, List.of(member), 0, Optional.empty(), Optional.empty()))
        .toCompletableFuture()
        .get();
    assertInstanceOf(ChatTransport.Sent.class, send(room, bot, "the bot posts here"));

    world.sandbox.flood(bot, Optional.empty(), FLOOD_SECONDS);
    var hold = flooded(send(quiet, bot, "met the bot-wide flood elsewhere"));
    assertTrue(hold.botWide(), hold.toString());
    // The room's coordinator asks the bot for no draft before the hold ends: it was told.
    TestNodes.await(
        "the room knows of the flood",
        10,
        () ->
            hold.until()
                .equals(
                    chats
                        .describe(String.valueOf(room))
                        .toCompletableFuture()
                        .get()
                        .floodedUntil()
                        .get(bot)));
  }

  @Test
  void aFloodMetByTypingHoldsAsOneMetByAMessage() throws Exception {
    String bot = world.bots.get(4);
    long chat = world.chatId - 5;
    world.sandbox.addBot(chat, bot, "Typing Room", "Sam");
    world.sandbox.flood(bot, Optional.of(chat), FLOOD_SECONDS);
    transport.typing(String.valueOf(chat), bot, 0);
    TestNodes.await("the typing's 429 is heard", 10, () -> requestsOf(bot, chat).size() == 1);
    TestNodes.await(
        "and held",
        10,
        () ->
            TelegramWorld.status(node, bot).warnings().stream()
                .anyMatch(w -> w.contains("chat " + chat) && w.contains("429")));
    // The next message is refused here, without a request that would meet a 429 of its own.
    flooded(send(chat, bot, "after the typing's 429"));
    assertEquals(1, requestsOf(bot, chat).size(), "only the typing's 429 reached the sandbox");
  }
}
