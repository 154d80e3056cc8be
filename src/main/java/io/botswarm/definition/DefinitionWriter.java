package io.botswarm.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.botswarm.definition.BotEntry.EmotionEntry;
import io.botswarm.definition.BotEntry.HoldingEntry;
import io.botswarm.definition.BotEntry.MemoryEntry;
import io.botswarm.definition.BotEntry.PersonaEntry;
import io.botswarm.definition.BotEntry.StanceEntry;
import io.botswarm.definition.ChatEntry.LimitsEntry;
import io.botswarm.definition.ChatEntry.MemberEntry;
import io.botswarm.definition.ChatEntry.QuietHoursEntry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a definition as YAML a person would write: {@code version}, {@code defaults}, {@code
 * bots}, {@code chats} in that order, keys in the order of the file format, and nothing a reader
 * would take from the defaults anyway (an inherited {@code enabled}, a member's default topics).
 * Loading what it writes gives the same {@link SwarmDefinition#resolved()} definition.
 */
public final class DefinitionWriter {

  /** The first line: editors that read it check the file against the schema as it is typed. */
  public static final String SCHEMA_URL = "https://botswarm.io/schema/swarm-definition-v1.json";

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final String schemaLocation;

  /** A writer whose first line names the published schema. */
  public DefinitionWriter() {
    this(SCHEMA_URL);
  }

  /**
   * A writer whose first line names {@code schemaLocation} (a URL or a path relative to the file).
   */
  public DefinitionWriter(String schemaLocation) {
    this.schemaLocation = schemaLocation;
  }

  public String write(SwarmDefinition definition) {
    ObjectNode root = NODES.objectNode();
    root.put("version", definition.version());
    Defaults given = definition.defaults();
    ObjectNode defaults = defaults(given);
    if (!defaults.isEmpty()) root.set("defaults", defaults);
    Defaults effective = given.effective();
    Map<String, BotEntry> byId =
        definition.bots().stream()
            .collect(Collectors.toMap(BotEntry::id, Function.identity(), (a, b) -> a));
    ArrayNode bots = root.putArray("bots");
    definition.bots().forEach(b -> bots.add(bot(b, effective)));
    ArrayNode chats = root.putArray("chats");
    definition.chats().forEach(c -> chats.add(chat(c, effective, byId)));
    return "# yaml-language-server: $schema=" + schemaLocation + "\n" + yaml(root);
  }

  /**
   * Bot entries alone, as a {@code bots:} block to paste into a definition; each with the built-in
   * defaults left out.
   */
  public String writeBots(List<BotEntry> entries) {
    ObjectNode root = NODES.objectNode();
    ArrayNode bots = root.putArray("bots");
    entries.forEach(b -> bots.add(bot(b, Defaults.NONE.effective())));
    return yaml(root);
  }

  private static String yaml(ObjectNode root) {
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values did not serialize", e);
    }
  }

  private static ObjectNode defaults(Defaults d) {
    ObjectNode o = NODES.objectNode();
    if (d.enabled() != null && d.enabled() != Defaults.ENABLED) o.put("enabled", d.enabled());
    if (d.language() != null && !d.language().equals(Defaults.LANGUAGE))
      o.put("language", d.language());
    if (d.emotion() != null && !d.emotion().resolved().equals(Defaults.EMOTION))
      o.set("emotion", emotion(d.emotion()));
    ObjectNode chat = NODES.objectNode();
    Defaults.ChatDefaults c = d.chat();
    if (c.activity() != null && c.activity() != Defaults.ACTIVITY)
      number(chat, "activity", c.activity());
    if (c.starters() != null && c.starters() != Defaults.STARTERS)
      chat.put("starters", c.starters());
    if (c.quietHours() != null) chat.set("quiet_hours", quietHours(c.quietHours()));
    if (!c.limits().isEmpty()) chat.set("limits", limits(c.limits()));
    if (!chat.isEmpty()) o.set("chat", chat);
    return o;
  }

  private static ObjectNode bot(BotEntry b, Defaults effective) {
    ObjectNode o = NODES.objectNode();
    o.put("id", b.id());
    o.put("username", b.username());
    if (b.token() != null) {
      ObjectNode token = o.putObject("token");
      if (b.token().env() != null) token.put("env", b.token().env());
      else token.put("file", b.token().file());
    }
    if (b.enabled() != null && !b.enabled().equals(effective.enabled()))
      o.put("enabled", b.enabled());
    o.set("persona", persona(b.persona(), effective.language()));
    if (b.emotion() != null && !b.emotion().resolved().equals(effective.emotion()))
      o.set("emotion", emotion(b.emotion()));
    if (!b.stances().isEmpty()) {
      ArrayNode stances = o.putArray("stances");
      for (StanceEntry s : b.stances()) {
        ObjectNode n = stances.addObject().put("topic", s.topic());
        number(n, "position", s.position());
        number(n, "confidence", s.confidence());
      }
    }
    if (!b.holdings().isEmpty()) {
      ArrayNode holdings = o.putArray("holdings");
      for (HoldingEntry h : b.holdings())
        holdings
            .addObject()
            .put("symbol", h.symbol())
            .put("quantity", plain(h.quantity()))
            .put("average_cost", plain(h.averageCost()));
    }
    if (!b.memories().isEmpty()) {
      ArrayNode memories = o.putArray("memories");
      for (MemoryEntry m : b.memories()) {
        ObjectNode n = memories.addObject().put("type", m.type()).put("text", m.text());
        if (m.relevance() != null && m.relevance() != MemoryEntry.RELEVANCE)
          number(n, "relevance", m.relevance());
      }
    }
    return o;
  }

  private static ObjectNode persona(PersonaEntry p, String defaultLanguage) {
    ObjectNode o = NODES.objectNode();
    o.put("name", p.name());
    if (p.bio() != null) o.put("bio", p.bio());
    strings(o, "lore", p.lore());
    if (p.style() != null) o.put("style", p.style());
    strings(o, "adjectives", p.adjectives());
    strings(o, "topics", p.topics());
    if (p.language() != null && !p.language().equals(defaultLanguage))
      o.put("language", p.language());
    strings(o, "examples", p.examples());
    return o;
  }

  private static ObjectNode chat(ChatEntry c, Defaults effective, Map<String, BotEntry> bots) {
    ObjectNode o = NODES.objectNode();
    o.put("id", c.id());
    o.put("title", c.title());
    if (c.enabled() != null && !c.enabled().equals(effective.enabled()))
      o.put("enabled", c.enabled());
    ArrayNode members = o.putArray("members");
    for (MemberEntry m : c.members()) {
      ObjectNode n = members.addObject().put("bot", m.bot());
      BotEntry bot = bots.get(m.bot());
      if (m.topics() != null && (bot == null || !m.topics().equals(bot.defaultTopics()))) {
        ArrayNode topics = n.putArray("topics");
        m.topics().forEach(topics::add);
      }
    }
    Defaults.ChatDefaults chat = effective.chat();
    if (c.activity() != null && c.activity().doubleValue() != chat.activity())
      number(o, "activity", c.activity());
    if (c.starters() != null && !c.starters().equals(chat.starters()))
      o.put("starters", c.starters());
    if (c.starterThreadId() != null) o.put("starter_thread_id", c.starterThreadId());
    if (c.quietHours() != null && !c.quietHours().equals(chat.quietHours()))
      o.set("quiet_hours", quietHours(c.quietHours()));
    LimitsEntry own = c.limits().without(chat.limits());
    if (!own.isEmpty()) o.set("limits", limits(own));
    return o;
  }

  private static ObjectNode emotion(EmotionEntry e) {
    ObjectNode o = NODES.objectNode().put("mood", e.mood());
    if (e.intensity() != null) number(o, "intensity", e.intensity());
    return o;
  }

  private static ObjectNode quietHours(QuietHoursEntry q) {
    return NODES.objectNode().put("start", q.start()).put("end", q.end()).put("zone", q.zone());
  }

  private static ObjectNode limits(LimitsEntry l) {
    ObjectNode o = NODES.objectNode();
    if (l.perChatPerSecond() != null) o.put("per_chat_per_second", l.perChatPerSecond());
    if (l.perGroupPerMinute() != null) o.put("per_group_per_minute", l.perGroupPerMinute());
    if (l.chatPerMinute() != null) o.put("chat_per_minute", l.chatPerMinute());
    if (l.perBotPerHour() != null) o.put("per_bot_per_hour", l.perBotPerHour());
    if (l.minGapPerBot() != null) o.put("min_gap_per_bot", l.minGapPerBot());
    return o;
  }

  private static void strings(ObjectNode o, String key, List<String> values) {
    if (!values.isEmpty()) values.forEach(o.putArray(key)::add);
  }

  /** Doubles as their shortest decimal, never in exponent form. */
  private static void number(ObjectNode o, String key, double value) {
    o.put(key, plain(BigDecimal.valueOf(value).stripTrailingZeros()));
  }

  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = Objects.requireNonNull(value).stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
