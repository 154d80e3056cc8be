package io.botswarm.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.definition.BotEntry.EmotionEntry;
import io.botswarm.definition.ChatEntry.LimitsEntry;
import io.botswarm.definition.ChatEntry.QuietHoursEntry;
import io.botswarm.definition.DefinitionLoader.Mode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmDefinitionTest {

  private static final Path EXAMPLE = Path.of("docs/examples/swarm.yaml");
  private static final DefinitionLoader LOADER = new DefinitionLoader(ref -> true, Mode.APPLY);

  @Test
  void theDocumentedExampleLoadsAndResolvesWithDefaults() {
    var result = LOADER.load(EXAMPLE);
    assertEquals(List.of(), result.problems());
    SwarmDefinition raw = result.definition().orElseThrow();
    assertEquals(3, raw.bots().size());
    assertEquals(null, raw.bots().get(2).emotion(), "as written: carla_bot says nothing");

    SwarmDefinition d = raw.resolved();
    BotEntry anna = d.bot("anna_bot").orElseThrow();
    assertEquals(true, anna.enabled());
    assertEquals("en", anna.persona().language());
    assertEquals("env:ANNA_TOKEN", anna.token().ref());
    assertEquals(new EmotionEntry("calm", 0.4), anna.emotion());
    assertEquals(0, new BigDecimal("182.5").compareTo(anna.holdings().get(0).averageCost()));
    assertEquals(0.9, anna.memories().get(0).relevance());
    assertEquals(new EmotionEntry("neutral", 0.0), d.bot("carla_bot").orElseThrow().emotion());

    ChatEntry chat = d.chats().get(0);
    assertEquals(-1001234567890L, chat.id());
    assertEquals(true, chat.enabled());
    assertEquals(0.5, chat.activity(), "from defaults.chat");
    assertEquals(true, chat.starters());
    assertEquals(new QuietHoursEntry("23:00", "07:00", "Europe/Berlin"), chat.quietHours());
    assertEquals(new LimitsEntry(null, null, 6, null, "30s"), chat.limits());
    assertEquals(java.time.Duration.ofSeconds(30), chat.limits().minGap().orElseThrow());
    assertEquals(
        List.of("gold", "interest rates", "bitcoin"),
        chat.members().get(0).topics(),
        "persona topics, then stance topics, each once");
    assertEquals(List.of("bitcoin", "ethereum", "gold"), chat.members().get(1).topics());
  }

  @Test
  void limitsAndQuietHoursAreInheritedPerKey() {
    String yaml =
        """
        version: 1
        defaults:
          enabled: false
          emotion: {mood: curious}
          chat:
            starters: false
            limits: {chat_per_minute: 12, per_bot_per_hour: 30}
        bots:
          - {id: anna_bot, username: anna_bot, persona: {name: Anna, language: de}}
        chats:
          - id: -1001
            title: Corner
            enabled: true
            members: [{bot: anna_bot, topics: []}]
            limits: {chat_per_minute: 6}
        """;
    SwarmDefinition d = LOADER.load("s.yaml", yaml).orThrow().resolved();
    BotEntry anna = d.bots().get(0);
    assertEquals(false, anna.enabled());
    assertEquals("de", anna.persona().language());
    assertEquals(new EmotionEntry("curious", 0.5), anna.emotion());
    ChatEntry chat = d.chats().get(0);
    assertEquals(true, chat.enabled());
    assertEquals(false, chat.starters());
    assertEquals(0.6, chat.activity());
    assertEquals(null, chat.quietHours());
    assertEquals(new LimitsEntry(null, null, 6, 30, null), chat.limits());
    assertEquals(List.of(), chat.members().get(0).topics(), "an empty list given stays empty");
  }

  @Test
  void aForumsStarterTopicIsReadAndWrittenBack() {
    String yaml =
        """
        version: 1
        bots:
          - {id: anna_bot, username: anna_bot, persona: {name: Anna}}
        chats:
          - {id: -1001, title: Forum, members: [{bot: anna_bot}], starter_thread_id: 4870}
          - {id: -1002, title: Plain, members: [{bot: anna_bot}]}
        """;
    SwarmDefinition d = LOADER.load("s.yaml", yaml).orThrow().resolved();
    assertEquals(4870L, d.chats().get(0).starterThreadId());
    assertEquals(null, d.chats().get(1).starterThreadId(), "General");
    String written = new DefinitionWriter().write(d);
    assertTrue(written.contains("starter_thread_id: 4870"), written);
    assertEquals(d, LOADER.load("w.yaml", written).orThrow().resolved());
  }

  @Test
  void writtenDefinitionsLoadBackEqual() {
    SwarmDefinition original = LOADER.load(EXAMPLE).orThrow();
    String written = new DefinitionWriter().write(original);
    assertTrue(
        written.startsWith(
            "# yaml-language-server: $schema=" + DefinitionWriter.SCHEMA_URL + "\n"));
    var reloaded = LOADER.load("written.yaml", written);
    assertEquals(List.of(), reloaded.problems(), written);
    assertEquals(original.resolved(), reloaded.orThrow().resolved());
    assertEquals(written, new DefinitionWriter().write(reloaded.orThrow()), "writing is stable");
    List<String> keys =
        written.lines().filter(l -> !l.startsWith(" ") && !l.startsWith("#")).toList();
    assertEquals(List.of("version: 1", "defaults:", "bots:", "chats:"), keys);
  }

  @Test
  void theWriterLeavesOutWhatTheDefaultsSay() {
    SwarmDefinition resolved = LOADER.load(EXAMPLE).orThrow().resolved();
    String written = new DefinitionWriter().write(resolved);
    assertFalse(written.contains("enabled:"), written);
    assertFalse(written.contains("language:"), "en is built in:\n" + written);
    assertEquals(
        1,
        written.lines().filter(l -> l.strip().equals("quiet_hours:")).count(),
        "only in defaults");
    assertEquals(
        1,
        written.lines().filter(l -> l.contains("topics:") && l.startsWith("        ")).count(),
        "only boris_bot's member topics differ from his own");
    assertEquals(resolved, LOADER.load("w.yaml", written).orThrow().resolved());
  }

  @Test
  void jsonOfTheSameShapeLoadsTheSame() {
    String json =
        """
        {"version": 1,
         "bots": [{"id": "anna_bot", "username": "anna_bot", "persona": {"name": "Anna"},
                   "holdings": [{"symbol": "BTC", "quantity": 0.50, "average_cost": 42000}]}],
         "chats": [{"id": -1001, "title": "Corner", "members": [{"bot": "anna_bot"}]}]}
        """;
    String yaml =
        """
        version: 1
        bots:
          - id: anna_bot
            username: anna_bot
            persona: {name: Anna}
            holdings: [{symbol: BTC, quantity: 0.5, average_cost: 42000.0}]
        chats:
          - {id: -1001, title: Corner, members: [{bot: anna_bot}]}
        """;
    assertEquals(LOADER.load("s.json", json).orThrow(), LOADER.load("s.yaml", yaml).orThrow());
  }

  @Test
  void aDefinitionWithErrorsThrowsEveryProblemOnOneLineEach() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            DefinitionException.class,
            () -> LOADER.load("s.yaml", "version: 1\ncolour: red\nsize: 3\n").orThrow());
    assertEquals(2, e.problems().size());
    assertEquals(2, e.getMessage().lines().count());
    assertTrue(
        e.getMessage().startsWith("s.yaml:2:1 colour: unknown key 'colour'"), e.getMessage());
  }
}
