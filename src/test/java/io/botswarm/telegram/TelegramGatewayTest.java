package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.BotSpec;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatDescription;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.RejectReason;
import io.botswarm.chat.Verdict;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.SandboxFault;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.CapturedLog;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The gateway against the Bot API sandbox, through the real telegrambots client: updates by long
 * poll into the coordinator, messages out, Telegram's flood control obeyed, ambiguous answers
 * recorded as unknown, long text split, a rejected token isolated, a token found through the
 * reference a bot's definition names, one poller per token even when a tokens file key is no bot, a
 * removed bot's poller stopped, and no token in any log line.
 */
class TelegramGatewayTest {

  static final String GHOST = "ghost_bot";
  static final String GHOST_TOKEN = "6666666:" + "g".repeat(35);
  static final String DORA_VAR = "SWARM_TEST_DORA_TOKEN";

  /** The fifth bot's key in the tokens file: its bot id without "_bot", a name that is no bot. */
  static String emilKey;

  static TelegramWorld world;
  static SwarmNode node;
  static TelegramTransport transport;
  static int logMark;

  @BeforeAll
  static void start() throws Exception {
    logMark = CapturedLog.mark();
    // One message per 2 s per chat and bot, no burst: the flood test meets it at once.
    world = new TelegramWorld(5, new SandboxSpec.FloodLimits(30, 1, Duration.ofSeconds(2), 20));
    // The fourth bot's definition says `token: {env: SWARM_TEST_DORA_TOKEN}`; the node has no
    // token for it by bot id, only that variable in its environment.
    var environment = world.tokenByReference(3, DORA_VAR);
    // The fifth says `token: {file: <its id without _bot>}`: that key of the tokens file is no bot,
    // yet every node wakes a gateway for every key.
    String emil = world.bots.get(4);
    emilKey = emil.substring(0, emil.length() - "_bot".length());
    world.tokenRefs.put(emil, "file:" + emilKey);
    Path tokensFile = Files.createTempFile("gateway-test-tokens", ".properties");
    tokensFile.toFile().deleteOnExit();
    Files.writeString(tokensFile, emilKey + " = " + world.tokens.get(emil) + "\n");
    var config = new HashMap<>(world.config());
    config.put("botswarm.telegram.tokens." + GHOST, GHOST_TOKEN);
    config.put("botswarm.telegram.token-file", tokensFile.toString());
    // The coordinator's own limits are Telegram's defaults; the sandbox is stricter on purpose.
    node = TestNodes.start(config, environment);
    world.awaitBotsAnswer(node);
    world.populate(node);
    // The ghost is a bot of the swarm whose token Telegram does not know.
    new BotClient(node.system())
        .register(GHOST, new Persona("Ghost", GHOST, "", "plain", List.of()))
        .toCompletableFuture()
        .get();
    Telegram.wake(node.system(), GHOST);
    transport =
        new TelegramTransport(
            node.system(),
            BotTokens.load(
                node.system().settings().config().getConfig("botswarm.telegram"),
                java.util.Map.of()),
            TelegramSettings.fromConfig(node.system().settings().config()));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  static TelegramGateway.Status status(String botId) throws Exception {
    return TelegramWorld.status(node, botId);
  }

  static ChatTransport.Outcome send(String botId, String text) {
    return send(world.chat(), botId, text);
  }

  static ChatTransport.Outcome send(String chat, String botId, String text) {
    return transport
        .send(new ChatTransport.Outgoing(chat, 1, botId, text, Optional.empty()))
        .toCompletableFuture()
        .join();
  }

  /** Asks the bot in a chat of its own ({@link #ownChat}) and waits for its answer there. */
  static void answersInItsOwnChat(String botId, long offset, String question) throws Exception {
    long chat = ownChat(botId, offset);
    long id = world.sandbox.postAsHuman(chat, "Sam", "@" + botId + " " + question);
    world.awaitInChat(node, chat, id);
    TestNodes.await(
        botId + " answers in its chat",
        30,
        () ->
            botMessages(chat, botId).stream()
                .anyMatch(m -> m.path("reply_to_message").path("message_id").asLong() == id));
  }

  static List<JsonNode> botMessages(String botId) {
    return botMessages(world.chatId, botId);
  }

  static List<JsonNode> botMessages(long chatId, String botId) {
    return world.sandbox.messages(chatId).stream()
        .filter(m -> m.path("from").path("username").asText().equals(botId))
        .toList();
  }

  /**
   * A group of the bot's own, added to it in the sandbox and declared to the swarm: a test that
   * needs an answer does not wait behind the shared chat's pacing that other tests leave behind.
   */
  static long ownChat(String botId, long offset) throws Exception {
    long group = world.chatId - offset;
    world.sandbox.addBot(group, botId, "Own " + botId, "Sam");
    var persona = new BotClient(node.system()).profile(botId).toCompletableFuture().get().persona();
    new ChatClient(node.system())
        .applySettings(
            String.valueOf(group),
            new ChatSettings(
                "Own " + botId,
                true,
                List.of(new ChatSettings.Member(botId, botId, persona.name(), List.of("oil"))),
                1.0,
                Optional.empty(),
                Optional.empty()),
            false)
        .toCompletableFuture()
        .get();
    return group;
  }

  @Test
  void aPersonsMessageArrivesByLongPollAndABotAnswersIt() throws Exception {
    String anna = world.bots.get(0);
    TestNodes.await(
        "every gateway polls", 20, () -> status(anna).phase() == TelegramGateway.Phase.POLLING);
    long id =
        world.sandbox.postAsHuman(world.chatId, "Sam", "@" + anna + " is gold a good bet now?");
    world.awaitInChat(node, world.chatId, id);
    TestNodes.await(
        "the mentioned bot answers in the chat",
        30,
        () ->
            botMessages(anna).stream()
                .anyMatch(m -> m.path("reply_to_message").path("message_id").asLong() == id));
    TestNodes.await("the offset is journaled", 10, () -> status(anna).offset() > 0);
  }

  @Test
  void aBotAddedToAGroupTheSwarmWasNotToldAboutMakesItPendingAndSilent() throws Exception {
    String anna = world.bots.get(0);
    TestNodes.await("anna polls", 20, () -> status(anna).phase() == TelegramGateway.Phase.POLLING);
    long group = world.chatId - 7_000_000;
    String chatId = String.valueOf(group);
    var chats = new ChatClient(node.system());
    world.sandbox.addBot(group, anna, "Side Room", "Sam");
    TestNodes.await(
        "the chat is pending",
        20,
        () ->
            chats.describe(chatId).toCompletableFuture().get().status()
                == ChatDescription.Status.PENDING);
    var pending = chats.describe(chatId).toCompletableFuture().get();
    assertEquals("Side Room", pending.pendingTitle());
    assertEquals(List.of(anna), pending.discoveredBy());

    long asked = world.sandbox.postAsHuman(group, "Sam", "@" + anna + " what about gold?");
    // Anna's updates come in order: once a later message of the listed chat is in, the question
    // in the pending one was delivered too, and refused.
    long later = world.sandbox.postAsHuman(world.chatId, "Sam", "and oil, anyone?");
    world.awaitInChat(node, world.chatId, later);
    assertEquals(
        List.of(asked),
        world.sandbox.messages(group).stream().map(m -> m.path("message_id").asLong()).toList(),
        "no bot spoke in the pending chat");
    assertEquals(
        ChatDescription.Status.PENDING,
        chats.describe(chatId).toCompletableFuture().get().status());

    // Declared (its id pasted into the definition): the chat runs, and Anna speaks in it.
    var profile = new BotClient(node.system()).profile(anna).toCompletableFuture().get();
    chats
        .applySettings(
            chatId,
            new ChatSettings(
                "Side Room",
                true,
                List.of(
                    new ChatSettings.Member(anna, anna, profile.persona().name(), List.of("gold"))),
                1.0,
                Optional.empty(),
                Optional.empty()),
            false)
        .toCompletableFuture()
        .get();
    long question = world.sandbox.postAsHuman(group, "Sam", "@" + anna + " gold or bitcoin?");
    TestNodes.await(
        "anna answers in the declared chat",
        30,
        () ->
            world.sandbox.messages(group).stream()
                .anyMatch(m -> m.path("message_id").asLong() > question));
  }

  @Test
  void a429IsObeyedAndTheChatIsPacedAfterIt() throws Exception {
    String boris = world.bots.get(1);
    TestNodes.await(
        "boris polls", 20, () -> status(boris).phase() == TelegramGateway.Phase.POLLING);
    // A chat of its own: the 429s that other bots and tests meet in the shared chat do not count.
    long chat = ownChat(boris, 10_000_000);
    List<JsonNode> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
    world.sandbox.listen(
        e -> {
          if (e.path("type").asText().equals("flood") && e.path("chat_id").asLong() == chat)
            refusals.add(e);
        });
    List<CompletableFuture<ChatTransport.Outcome>> sends = new ArrayList<>();
    List<Long> done = java.util.Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    for (int i = 0; i < 5; i++)
      sends.add(
          transport
              .send(
                  new ChatTransport.Outgoing(
                      String.valueOf(chat), i, boris, "steady " + i, Optional.empty()))
              .toCompletableFuture()
              .whenComplete((o, e) -> done.add((System.nanoTime() - t0) / 1_000_000)));
    for (var s : sends) assertInstanceOf(ChatTransport.Sent.class, s.get());
    // The second message meets the chat's limit unless the first one's answer took 2 s; its 429
    // (late in the interval on a busy machine: "retry after 1") shows the chat's whole interval,
    // so none follows (OutboxTest replays the slow case on a manual clock).
    assertTrue(refusals.size() <= 1, "one 429, then none: " + refusals);
    // Telegram took the second 2 s after the first at the earliest, the rest one per 2 s.
    var times = done.stream().sorted().toList();
    assertTrue(times.get(1) >= 2_000, "second message after retry_after: " + times);
    assertTrue(times.get(4) >= 8_000, "paced at the interval the 429 gave: " + times);
  }

  @Test
  void anAnswerLostOnTheWayIsRecordedAsUnknownNotResent() {
    String clara = world.bots.get(2);
    world.sandbox.inject(clara, SandboxFault.DROP_RESPONSE, 1);
    var outcome = send(clara, "did this go out?");
    assertInstanceOf(ChatTransport.Unknown.class, outcome);
    assertEquals(
        1,
        botMessages(clara).stream()
            .filter(m -> m.path("text").asText().equals("did this go out?"))
            .count(),
        "posted once, and not sent again");

    world.sandbox.inject(clara, SandboxFault.SERVER_ERROR, 1);
    assertInstanceOf(ChatTransport.Unknown.class, send(clara, "a 500 may have posted it"));
    assertInstanceOf(ChatTransport.Sent.class, send(clara, "and then it works again"));
  }

  @Test
  void textOverTelegramsLimitGoesOutInPartsAtSentenceEnds() throws Exception {
    String clara = world.bots.get(2);
    String sentence = "Gold holds its value when money does not. ";
    String text = sentence.repeat(9000 / sentence.length() + 1).strip();
    // A chat of its own: the shared chat's minute may already be full of other tests' messages.
    long chat = ownChat(clara, 11_000_000);
    int before = botMessages(chat, clara).size();
    var outcome = send(String.valueOf(chat), clara, text);
    assertInstanceOf(ChatTransport.Sent.class, outcome);
    // Every part: this sandbox allows one message per two seconds in a chat, so the second part
    // meets a
    // 429 and waits as Telegram asks (certainly not posted), instead of being dropped. Only the
    // parts: the bot may say something else in the chat meanwhile (its coordinator runs).
    var parts =
        botMessages(chat, clara).subList(before, botMessages(chat, clara).size()).stream()
            .filter(m -> m.path("text").asText().startsWith(sentence.strip().substring(0, 10)))
            .toList();
    assertEquals(3, parts.size(), "the parts in the chat");
    for (JsonNode p : parts) {
      assertTrue(p.path("text").asText().length() <= 4096);
      assertTrue(p.path("text").asText().endsWith("."));
    }
    assertEquals(
        ((ChatTransport.Sent) outcome).messageId(), parts.get(0).path("message_id").asLong());
    // The coordinator takes such a draft too: the transport says how long a message may be.
    var verdict =
        new ChatClient(node.system())
            .submit(String.valueOf(chat), clara, text.replace("Gold", "Silver"), Optional.empty())
            .toCompletableFuture()
            .get();
    assertFalse(verdict instanceof Verdict.Rejected, verdict.toString());
    var tooLong =
        new ChatClient(node.system())
            .submit(String.valueOf(chat), clara, "y".repeat(4 * 4096 + 1), Optional.empty())
            .toCompletableFuture()
            .get();
    assertEquals(RejectReason.TOO_LONG, assertInstanceOf(Verdict.Rejected.class, tooLong).reason());
  }

  @Test
  void aRejectedTokenMarksItsBotMisconfiguredAndNothingElse() throws Exception {
    TestNodes.await(
        "the ghost is found out",
        20,
        () -> status(GHOST).phase() == TelegramGateway.Phase.MISCONFIGURED);
    assertTrue(
        status(GHOST).detail().contains("botswarm.telegram.tokens." + GHOST),
        status(GHOST).detail());
    assertInstanceOf(ChatTransport.Failed.class, send(GHOST, "anyone?"));
    assertEquals(TelegramGateway.Phase.POLLING, status(world.bots.get(0)).phase());
  }

  @Test
  void aBotWhoseDefinitionNamesAnEnvironmentVariableGetsItsTokenFromThereAndAnswers()
      throws Exception {
    String dora = world.bots.get(3);
    assertEquals("env:" + DORA_VAR, world.tokenRefs.get(dora));
    Telegram.wake(node.system(), dora);
    TestNodes.await(
        "dora's gateway polls with the token the reference names",
        30,
        () -> status(dora).phase() == TelegramGateway.Phase.POLLING);
    answersInItsOwnChat(dora, 8_000_000, "what do you hold?");
    assertTrue(
        CapturedLog.since(logMark)
            .contains(
                "bot " + dora + ": its token comes from the environment variable " + DORA_VAR));
  }

  @Test
  void aBotWhoseReferenceResolvesToNothingStopsQuietlyAndSaysWhere() throws Exception {
    String nobody = "nobody_" + world.bots.get(0);
    var persona = new Persona("Nobody", nobody, "nobody at all", "plain", List.of("gold"));
    new BotClient(node.system())
        .applySpec(
            nobody,
            new BotSpec(
                persona, true, "env:NOBODY_TOKEN", Mood.NEUTRAL, 0, Map.of(), Map.of(), List.of()),
            false)
        .toCompletableFuture()
        .get();
    Telegram.wake(node.system(), nobody);
    TestNodes.await(
        "its gateway has no token",
        20,
        () -> status(nobody).phase() == TelegramGateway.Phase.NO_TOKEN);
    assertTrue(
        status(nobody)
            .detail()
            .contains("env:NOBODY_TOKEN, and the environment variable NOBODY_TOKEN"),
        status(nobody).detail());
    assertInstanceOf(ChatTransport.Failed.class, send(nobody, "anyone?"));
    // Woken again (an apply, a send, a restart), it stops again without saying so again.
    for (int i = 0; i < 3; i++) Telegram.wake(node.system(), nobody);
    TestNodes.await(
        "it is asked again and stays without a token",
        20,
        () -> status(nobody).phase() == TelegramGateway.Phase.NO_TOKEN);
    String stops = "bot " + nobody + ": no token on this node";
    String log = CapturedLog.since(logMark);
    assertEquals(1, log.lines().filter(l -> l.contains(stops) && l.contains("WARN")).count(), log);
  }

  @Test
  void aTokensFileKeyThatIsNoBotGetsNoPollerAndARemovedBotsGatewayStopsPolling() throws Exception {
    String emil = world.bots.get(4);
    TestNodes.await(
        "emil's gateway polls with the token its file: reference names",
        30,
        () -> status(emil).phase() == TelegramGateway.Phase.POLLING);
    // The node woke a gateway for the key too, at its start: it found no such bot and left.
    Telegram.wake(node.system(), emilKey);
    TestNodes.await(
        "the key's gateway knows it is no bot",
        20,
        () -> status(emilKey).phase() == TelegramGateway.Phase.NO_BOT);
    answersInItsOwnChat(emil, 9_000_000, "anything on oil?");
    assertEquals(0, world.sandbox.stats().conflicts(), "never two live pollers for one token");
    assertTrue(
        CapturedLog.since(logMark)
            .contains(
                "bot " + emil + ": its token comes from key " + emilKey + " of the token file"));

    // Removed (as `swarm apply --prune` does), then woken (as the periodic wake does): it stops.
    new BotClient(node.system()).remove(emil).toCompletableFuture().get();
    Telegram.wake(node.system(), emil);
    TestNodes.await(
        "the removed bot's gateway stops",
        20,
        () -> status(emil).phase() == TelegramGateway.Phase.NO_BOT);
    assertInstanceOf(ChatTransport.Failed.class, send(emil, "still here?"));
    // A poll of our own meets no other poller of that token: nothing is counted as a conflict.
    long conflicts = world.sandbox.stats().conflicts();
    var probe =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            world.sandbox.url()
                                + "/bot"
                                + world.tokens.get(emil)
                                + "/getUpdates?timeout=0"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, probe.statusCode(), probe.body());
    assertEquals(conflicts, world.sandbox.stats().conflicts(), "its poller was still live");
  }

  @Test
  void aMalformedUpdateIsSkippedAndPollingGoesOn() throws Exception {
    String anna = world.bots.get(0);
    TestNodes.await("anna polls", 20, () -> status(anna).phase() == TelegramGateway.Phase.POLLING);
    world.sandbox.inject(anna, SandboxFault.MALFORMED_UPDATE, 1);
    long id = world.sandbox.postAsHuman(world.chatId, "Kim", "still there after a broken update?");
    world.awaitInChat(node, world.chatId, id);
    // Logging is asynchronous: the line may come after the message that followed the update.
    TestNodes.await(
        "the broken update is logged as skipped",
        10,
        () -> CapturedLog.since(logMark).contains("is malformed and skipped"));
  }

  @Test
  void noTokenAppearsInAnyLogLine() throws Exception {
    // A library that puts a request URL in a message would leak it; the pattern redacts it.
    String anna = world.tokens.get(world.bots.get(0));
    LoggerFactory.getLogger("some.library")
        .warn("calling https://api.telegram.org/bot{}/getMe", anna);
    TestNodes.await(
        "the ghost is found out",
        20,
        () -> status(GHOST).phase() == TelegramGateway.Phase.MISCONFIGURED);
    String log = CapturedLog.since(logMark);
    assertTrue(log.contains("/bot7000000:***/getMe"), "the leak was redacted");
    assertTrue(
        log.contains("Telegram rejected the token of bot " + GHOST), "the rejection is logged");
    for (String token : world.tokens.values())
      assertFalse(log.contains(token.substring(8)), "a token in the log");
    assertFalse(log.contains(GHOST_TOKEN.substring(8)));
  }
}
