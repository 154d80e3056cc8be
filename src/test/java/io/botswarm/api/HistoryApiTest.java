package io.botswarm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.botswarm.bot.BotClient;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.chat.ChatClient;
import io.botswarm.chat.ChatSettings;
import io.botswarm.chat.ConsoleTransport;
import io.botswarm.chat.Incoming;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.http.BearerToken;
import io.botswarm.store.DatabaseSettings;
import io.botswarm.store.Databases;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read API of a running node, over real HTTP, against the real read model and bots. */
class HistoryApiTest {

  static final String CHAT = "-100777000111";
  static final String BOT = "api_bot";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static final StringWriter console = new StringWriter();
  static SwarmNode node;
  static String api;

  record Answer(int status, JsonNode body) {}

  @BeforeAll
  static void start() {
    int port = TestDatabase.freePort();
    node =
        TestNodes.start(
            Map.of("botswarm.api.enabled", true, "botswarm.api.port", port),
            system -> new ConsoleTransport(new PrintWriter(console, true)));
    api = node.apiUrl().orElseThrow();
    assertEquals("http://127.0.0.1:" + port, api);
    var bots = new BotClient(node.system());
    join(
        bots.register(
            BOT, new Persona("Api Bot", "api_bot_handle", "bio", "dry", List.of("gold"))));
    join(bots.takeStance(BOT, "gold", 0.5, 0.9, "it glitters"));
    var member = new ChatSettings.Member(BOT, "api_bot_handle", "Api Bot", List.of("gold"));
    join(
        new ChatClient(node.system())
            .configure(
                CHAT,
                new ChatSettings(
                    "Api chat", true, List.of(member), 0, Optional.empty(), Optional.empty())));
  }

  @AfterAll
  static void stop() {
    node.terminate();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static Answer get(String base, String path) throws Exception {
    return get(base, path, null);
  }

  static Answer get(String base, String path, String authorization) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) request.header("Authorization", authorization);
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        path + " answered " + response.headers());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  static Answer await(String path, Predicate<Answer> done) throws Exception {
    var last = new AtomicReference<Answer>();
    TestNodes.await(
        path + " answers as expected",
        30,
        () -> {
          last.set(get(api, path));
          assertTrue(done.test(last.get()), () -> last.get() + "\nconsole: " + console);
        });
    return last.get();
  }

  @Test
  void aChatsHistoryComesNewestFirstAndABotsOwnMessagesWithIt() throws Exception {
    var chats = new ChatClient(node.system());
    join(
        chats.receive(
            CHAT,
            new Incoming(
                1001,
                "Hank",
                "",
                "good morning",
                Optional.empty(),
                Instant.now().minusSeconds(5))));
    join(
        chats.receive(
            CHAT,
            new Incoming(
                1002,
                "Hank",
                "",
                "@api_bot_handle what do you make of gold?",
                Optional.empty(),
                Instant.now())));

    // The bot answers the question put to it; the answer is projected like the people's lines.
    // (The console numbers the bots' messages from 1, Telegram-like; people's ids keep clear.)
    Answer history =
        await("/chats/" + CHAT + "/messages", a -> a.body().at("/messages").size() >= 3);
    assertEquals(200, history.status());
    assertEquals(CHAT, history.body().at("/chat").asText());
    JsonNode messages = history.body().at("/messages");
    JsonNode newest = messages.get(0);
    assertEquals(BOT, newest.at("/bot_id").asText(), history.body().toString());
    assertEquals("good morning", messages.get(messages.size() - 1).at("/text").asText());
    assertTrue(
        Instant.parse(newest.at("/created_at").asText())
            .isAfter(Instant.parse(messages.get(1).at("/created_at").asText())));

    Answer withArchive = get(api, "/chats/" + CHAT + "/messages?archive=true");
    assertEquals(200, withArchive.status());
    assertEquals(messages.size(), withArchive.body().at("/messages").size());

    Answer own = await("/bots/" + BOT + "/messages", a -> a.status() == 200);
    assertEquals(newest.at("/text").asText(), own.body().at("/messages/0/text").asText());
    assertEquals(CHAT, own.body().at("/messages/0/chat_id").asText());
  }

  @Test
  void aProfileIsWhatTheBotKnowsNow() throws Exception {
    Answer profile = get(api, "/bots/" + BOT);
    assertEquals(200, profile.status());
    assertEquals("Api Bot", profile.body().at("/persona/name").asText());
    assertEquals(0.5, profile.body().at("/stances/gold/position").asDouble(), 1e-9);

    // Straight from the entity: a change is there at once, before any projection ran.
    join(new BotClient(node.system()).takeStance(BOT, "silver", -0.2, 0.6, "tarnishes"));
    assertEquals(
        -0.2, get(api, "/bots/" + BOT).body().at("/stances/silver/position").asDouble(), 1e-9);
  }

  static Set<String> fields(JsonNode node) {
    var names = new TreeSet<String>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void aProfileHasTheApisOwnShapeNotTheEntitysState() throws Exception {
    String bot = "api_view_bot";
    var bots = new BotClient(node.system());
    join(bots.register(bot, new Persona("View Bot", "api_view_handle", "bio", "dry", List.of())));
    join(bots.takeStance(bot, "gold", 0.4, 0.7, "steady"));
    join(bots.trade(bot, "GLD", new BigDecimal("2"), new BigDecimal("230.5")));
    join(bots.remember(bot, MemoryType.FACT, "gold is heavy", 0.8));
    join(bots.feel(bot, Mood.CURIOUS, 0.6, "a question"));

    JsonNode profile = get(api, "/bots/" + bot).body();
    assertEquals(
        Set.of(
            "botId",
            "persona",
            "enabled",
            "emotion",
            "stances",
            "holdings",
            "memories",
            "registeredAt"),
        fields(profile),
        "the entity's declared spec, seed list and memory counter stay inside it");
    assertEquals(
        Set.of(
            "name",
            "handle",
            "bio",
            "lore",
            "speakingStyle",
            "adjectives",
            "interests",
            "language",
            "examples"),
        fields(profile.at("/persona")));
    assertEquals(Set.of("mood", "intensity", "since"), fields(profile.at("/emotion")));
    assertEquals("CURIOUS", profile.at("/emotion/mood").asText());
    assertEquals(
        Set.of("topic", "position", "confidence", "rationale", "updatedAt", "cooldownUntil"),
        fields(profile.at("/stances/gold")));
    assertEquals(
        Set.of("symbol", "quantity", "averageCost", "updatedAt"),
        fields(profile.at("/holdings/GLD")));
    assertEquals(2, profile.at("/holdings/GLD/quantity").asInt());
    assertEquals(
        Set.of("id", "type", "content", "relevance", "createdAt", "lastAccessed"),
        fields(profile.at("/memories/0")));
    assertEquals("FACT", profile.at("/memories/0/type").asText());
    Instant.parse(profile.at("/registeredAt").asText());
    Instant.parse(profile.at("/stances/gold/cooldownUntil").asText());
  }

  @Test
  void aChatsMessagesHaveTheApisOwnShape() throws Exception {
    String chat = "-100777000222";
    var chats = new ChatClient(node.system());
    join(
        chats.configure(
            chat,
            new ChatSettings("View chat", true, List.of(), 0, Optional.empty(), Optional.empty())));
    join(
        chats.receive(
            chat,
            new Incoming(
                2001, "Vera", "", "what shape is this?", Optional.empty(), Instant.now())));
    String path = "/chats/" + chat + "/messages";
    TestNodes.await(
        "the message is in the history",
        30,
        () -> get(api, path).body().at("/messages").size() == 1);

    JsonNode history = get(api, path).body();
    assertEquals(Set.of("chat", "messages"), fields(history));
    JsonNode message = history.at("/messages/0");
    assertEquals(
        Set.of(
            "id",
            "chat_id",
            "telegram_message_id",
            "bot_id",
            "speaker",
            "text",
            "reply_to_message_id",
            "created_at"),
        fields(message));
    assertEquals(chat, message.at("/chat_id").asText());
    assertEquals(2001, message.at("/telegram_message_id").asLong());
    assertTrue(message.at("/bot_id").isNull(), "a person's message has no bot");
    assertEquals("Vera", message.at("/speaker").asText());
    Instant.parse(message.at("/created_at").asText());
  }

  @Test
  void unknownAndMalformedRequestsGetOneLineErrors() throws Exception {
    assertError(get(api, "/chats/-100999/messages"), 404, "unknown chat -100999");
    assertError(get(api, "/chats/general/messages"), 400, "a chat id is a number");
    assertError(get(api, "/chats/" + CHAT + "/messages?archive=maybe"), 400, "archive is");
    assertError(get(api, "/bots/nobody_here"), 404, "unknown bot nobody_here");
    assertError(get(api, "/bots/nobody_here/messages"), 404, "unknown bot nobody_here");
    assertError(get(api, "/bots/%3Cscript%3E"), 400, "not a bot id");
    assertError(get(api, "/metrics"), 404, "GET /chats/<chat id>/messages");
  }

  @Test
  void aDatabaseThatIsDownIsA503NotAStackTrace() throws Exception {
    var settings = DatabaseSettings.fromConfig(node.system().settings().config());
    String nowhere = "jdbc:postgresql://127.0.0.1:" + TestDatabase.freePort() + "/botswarm";
    try (var down = Databases.create(nowhere, List.of(), settings, 1);
        var downApi =
            HistoryApi.start(node.system(), down, new ApiSettings(true, "127.0.0.1", 0))) {
      Answer answer = get("http://127.0.0.1:" + downApi.port(), "/chats/" + CHAT + "/messages");
      assertError(answer, 503, "the database cannot answer now");
      // Profiles live in the bots, not the database: still served.
      assertEquals(200, get("http://127.0.0.1:" + downApi.port(), "/bots/" + BOT).status());
    }
  }

  @Test
  void withATokenEveryReadNeedsIt() throws Exception {
    String token = "read-token-" + Long.toHexString(System.nanoTime());
    try (var guarded =
        HistoryApi.start(
            node.system(),
            node.databases(),
            new ApiSettings(true, "127.0.0.1", 0, BearerToken.of(token)))) {
      String base = "http://127.0.0.1:" + guarded.port();
      for (String path : List.of("/bots/" + BOT, "/chats/" + CHAT + "/messages", "/metrics")) {
        assertError(get(base, path), 401, "SWARM_API_TOKEN");
        assertError(get(base, path, "Bearer " + token + "x"), 401, "SWARM_API_TOKEN");
      }
      Answer profile = get(base, "/bots/" + BOT, "Bearer " + token);
      assertEquals(200, profile.status());
      assertEquals("Api Bot", profile.body().at("/persona/name").asText());
      assertEquals(200, get(base, "/chats/" + CHAT + "/messages", "Bearer " + token).status());
    }
  }

  @Test
  void refusesToServeBeyondThisMachineWithoutAToken() {
    var exposed = new ApiSettings(true, "0.0.0.0", 0);
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> HistoryApi.start(node.system(), node.databases(), exposed));
    assertTrue(e.getMessage().contains("set SWARM_API_TOKEN"), e.getMessage());

    var base = node.system().settings().config();
    var config =
        ConfigFactory.parseMap(Map.of("botswarm.api.host", "0.0.0.0", "botswarm.api.token", ""))
            .withFallback(base);
    var refused = assertThrows(ConfigException.class, () -> ApiSettings.fromConfig(config));
    assertTrue(refused.getMessage().contains("SWARM_API_TOKEN"), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
    // With a token it may; on 127.0.0.1 it may without one; switched off, nothing is checked.
    var token = "t0ken-" + System.nanoTime();
    var guarded =
        ApiSettings.fromConfig(
            ConfigFactory.parseMap(Map.of("botswarm.api.token", token)).withFallback(config));
    assertFalse(guarded.toString().contains(token), guarded.toString());
    ApiSettings.fromConfig(
        ConfigFactory.parseMap(Map.of("botswarm.api.host", "localhost")).withFallback(config));
    ApiSettings.fromConfig(
        ConfigFactory.parseMap(Map.of("botswarm.api.enabled", false)).withFallback(config));
  }

  static void assertError(Answer answer, int status, String fragment) {
    assertEquals(status, answer.status(), answer.body().toString());
    String error = answer.body().at("/error").asText();
    assertTrue(error.contains(fragment), error);
    assertTrue(!error.contains("\n") && !error.contains("Exception"), error);
  }
}
