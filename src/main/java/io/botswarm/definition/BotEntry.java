package io.botswarm.definition;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A bot of the definition as written. {@code token}, {@code enabled} and {@code emotion} may be
 * {@code null} (inherited); lists are never {@code null}.
 */
public record BotEntry(
    String id,
    String username,
    TokenRef token,
    Boolean enabled,
    PersonaEntry persona,
    EmotionEntry emotion,
    List<StanceEntry> stances,
    List<HoldingEntry> holdings,
    List<MemoryEntry> memories) {

  public BotEntry {
    stances = stances == null ? List.of() : List.copyOf(stances);
    holdings = holdings == null ? List.of() : List.copyOf(holdings);
    memories = memories == null ? List.of() : List.copyOf(memories);
  }

  /** Who the bot is; {@code language} {@code null} when inherited. */
  public record PersonaEntry(
      String name,
      String bio,
      List<String> lore,
      String style,
      List<String> adjectives,
      List<String> topics,
      String language,
      List<String> examples) {

    public static final int MAX_NAME = 64;
    public static final int MAX_BIO = 500;
    public static final int MAX_STYLE = 200;
    public static final int MAX_ITEMS = 20;
    public static final int MAX_TEXT_ITEM = 500;
    public static final int MAX_WORD = 40;

    public PersonaEntry {
      lore = lore == null ? List.of() : List.copyOf(lore);
      adjectives = adjectives == null ? List.of() : List.copyOf(adjectives);
      topics = topics == null ? List.of() : List.copyOf(topics);
      examples = examples == null ? List.of() : List.copyOf(examples);
    }

    PersonaEntry withLanguage(String language) {
      return new PersonaEntry(name, bio, lore, style, adjectives, topics, language, examples);
    }
  }

  /**
   * Where the node finds the bot's token: exactly one of an environment variable or a key of the
   * node's tokens file. Never the token itself.
   */
  public record TokenRef(String env, String file) {

    public static TokenRef env(String name) {
      return new TokenRef(name, null);
    }

    public static TokenRef file(String key) {
      return new TokenRef(null, key);
    }

    /** As journaled: {@code env:NAME} or {@code file:KEY}. */
    public String ref() {
      return env != null ? "env:" + env : "file:" + file;
    }

    /** The reference a journaled string names, the inverse of {@link #ref()}. */
    public static TokenRef parse(String ref) {
      if (ref.startsWith("env:")) return env(ref.substring(4));
      if (ref.startsWith("file:")) return file(ref.substring(5));
      throw new IllegalArgumentException(
          "token reference '" + ref + "' is neither env:NAME nor file:KEY");
    }
  }

  /**
   * A mood (lower case: neutral, joyful, excited, curious, calm, skeptical, anxious, angry, sad)
   * and its intensity in [0, 1]; {@code intensity} {@code null} when not given.
   */
  public record EmotionEntry(String mood, Double intensity) {
    public static final double INTENSITY = 0.5;

    /** Neutral has no intensity; any other mood without one is felt at {@value #INTENSITY}. */
    EmotionEntry resolved() {
      if ("neutral".equals(mood)) return new EmotionEntry(mood, 0.0);
      return new EmotionEntry(mood, intensity == null ? INTENSITY : intensity);
    }
  }

  /** A position in [-1, 1] on a topic, held with a confidence in [0, 1]. */
  public record StanceEntry(String topic, double position, double confidence) {}

  /** A holding; amounts lose trailing zeros so that 0.50 and 0.5 are one value. */
  public record HoldingEntry(String symbol, BigDecimal quantity, BigDecimal averageCost) {
    public HoldingEntry {
      quantity = quantity == null ? null : quantity.stripTrailingZeros();
      averageCost = averageCost == null ? null : averageCost.stripTrailingZeros();
    }
  }

  /**
   * A seed memory: {@code type} lower case (observation, conversation, reflection, fact); {@code
   * relevance} {@code null} when not given.
   */
  public record MemoryEntry(String type, String text, Double relevance) {
    public static final double RELEVANCE = 0.5;
  }

  /**
   * The topics this bot brings to a chat unless the chat says: its interests, then its stances;
   * each once as the bot compares them, so a stance on {@code Bitcoin} adds nothing to an interest
   * in {@code bitcoin}.
   */
  public List<String> defaultTopics() {
    var seen = new HashSet<String>();
    return Stream.concat(persona.topics().stream(), stances.stream().map(StanceEntry::topic))
        .filter(t -> seen.add(topicKey(t)))
        .toList();
  }

  /** A topic as the bot compares it: stripped, in lower case. */
  static String topicKey(String topic) {
    return topic.strip().toLowerCase(Locale.ROOT);
  }

  BotEntry resolved(Defaults effective) {
    PersonaEntry p =
        persona.language() == null ? persona.withLanguage(effective.language()) : persona;
    return new BotEntry(
        id,
        username,
        token,
        enabled == null ? effective.enabled() : enabled,
        p,
        emotion == null ? effective.emotion() : emotion.resolved(),
        stances,
        holdings,
        memories.stream()
            .map(
                m ->
                    new MemoryEntry(
                        m.type(),
                        m.text(),
                        m.relevance() == null ? MemoryEntry.RELEVANCE : m.relevance()))
            .toList());
  }

  /** The username compared as Telegram compares them. */
  String usernameKey() {
    return username == null ? null : username.toLowerCase(Locale.ROOT);
  }
}
