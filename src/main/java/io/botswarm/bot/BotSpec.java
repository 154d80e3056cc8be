package io.botswarm.bot;

import io.botswarm.serialization.JsonSerializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an operator declares for a bot: a swarm definition's bot entry with its defaults applied.
 * {@link Bot.ApplySpec} makes a bot so; the bot keeps the last one applied as its declared spec
 * ({@link Profile#declared()}), which is what the next apply is compared with.
 *
 * @param tokenRef where the node finds the bot's token: {@code env:NAME}, {@code file:KEY}, or null
 *     for the node's default lookup by bot id; never the token itself
 * @param mood the declared feeling, {@link Mood#NEUTRAL} (intensity 0) when none
 * @param stances by topic (lower-case)
 * @param holdings by symbol (upper-case)
 * @param memories seed memories, each remembered once
 */
public record BotSpec(
    Persona persona,
    boolean enabled,
    String tokenRef,
    Mood mood,
    double moodIntensity,
    Map<String, StanceSpec> stances,
    Map<String, HoldingSpec> holdings,
    List<MemorySpec> memories)
    implements JsonSerializable {

  static final int MAX_TOKEN_REF = 200;
  static final int MAX_SEEDS = 100;
  private static final Pattern TOKEN_REF =
      Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:[^\\s=:]+");

  public record StanceSpec(double position, double confidence) implements JsonSerializable {}

  /** A quantity of zero declares that the bot holds none. */
  public record HoldingSpec(BigDecimal quantity, BigDecimal averageCost)
      implements JsonSerializable {}

  public record MemorySpec(MemoryType type, String content, double relevance)
      implements JsonSerializable {
    /** Whether this seed and {@code other} are the same memory (a relevance change is not new). */
    boolean sameSeed(MemorySpec other) {
      return type == other.type && content.equals(other.content);
    }
  }

  public BotSpec {
    mood = mood == null ? Mood.NEUTRAL : mood;
    stances = Collections.unmodifiableMap(new TreeMap<>(stances == null ? Map.of() : stances));
    holdings = Collections.unmodifiableMap(new TreeMap<>(holdings == null ? Map.of() : holdings));
    memories = memories == null ? List.of() : List.copyOf(memories);
  }

  /** What {@link Bot.BotRegistered} declares: the persona, enabled, and nothing else. */
  public static BotSpec of(Persona persona) {
    return new BotSpec(persona, true, null, Mood.NEUTRAL, 0, Map.of(), Map.of(), List.of());
  }

  /** Why this spec cannot be applied (the first problem found), or empty when it can. */
  public Optional<String> problem() {
    if (persona == null) return Optional.of("persona is missing");
    var personaProblem = persona.problem();
    if (personaProblem.isPresent()) return personaProblem;
    if (tokenRef != null
        && (tokenRef.length() > MAX_TOKEN_REF || !TOKEN_REF.matcher(tokenRef).matches()))
      return Optional.of(
          "token reference '" + tokenRef + "' is not env:NAME or file:KEY (or absent)");
    if (!inRange(moodIntensity, 0, 1))
      return Optional.of("mood intensity " + moodIntensity + " is not in [0, 1]");
    var topics = new HashSet<String>();
    for (var e : stances.entrySet()) {
      String topic = topic(e.getKey());
      if (topic.isEmpty() || topic.length() > Bot.MAX_TOPIC)
        return Optional.of(
            "stance topic '" + e.getKey() + "' must have 1 to " + Bot.MAX_TOPIC + " characters");
      if (!topics.add(topic)) return Optional.of("stance topic '" + topic + "' is given twice");
      StanceSpec s = e.getValue();
      if (s == null) return Optional.of("stance on '" + topic + "' is empty");
      if (!inRange(s.position(), -1, 1))
        return Optional.of(
            "stance on '" + topic + "': position " + s.position() + " is not in [-1, 1]");
      if (!inRange(s.confidence(), 0, 1))
        return Optional.of(
            "stance on '" + topic + "': confidence " + s.confidence() + " is not in [0, 1]");
    }
    var symbols = new HashSet<String>();
    for (var e : holdings.entrySet()) {
      String symbol = symbol(e.getKey());
      if (!Bot.SYMBOL.matcher(symbol).matches())
        return Optional.of("holding symbol '" + e.getKey() + "' is not a ticker");
      if (!symbols.add(symbol)) return Optional.of("holding " + symbol + " is given twice");
      HoldingSpec h = e.getValue();
      if (h == null || h.quantity() == null || h.quantity().signum() < 0)
        return Optional.of("holding " + symbol + ": quantity must be zero or more");
      if (h.averageCost() == null || h.averageCost().signum() < 0)
        return Optional.of("holding " + symbol + ": average cost must be zero or more");
    }
    if (memories.size() > MAX_SEEDS)
      return Optional.of("more than " + MAX_SEEDS + " seed memories");
    for (int i = 0; i < memories.size(); i++) {
      MemorySpec m = memories.get(i);
      String where = "seed memory " + (i + 1);
      if (m == null || m.type() == null) return Optional.of(where + ": type is missing");
      if (m.content() == null || m.content().isBlank())
        return Optional.of(where + ": content is empty");
      if (m.content().length() > Bot.MAX_MEMORY)
        return Optional.of(where + ": content is longer than " + Bot.MAX_MEMORY + " characters");
      if (!inRange(m.relevance(), 0, 1))
        return Optional.of(where + ": relevance " + m.relevance() + " is not in [0, 1]");
      for (int j = 0; j < i; j++)
        if (memories.get(j).sameSeed(m))
          return Optional.of(where + " repeats seed memory " + (j + 1));
    }
    return Optional.empty();
  }

  /**
   * The same declaration in the one form the bot keeps and compares: topics lower-case, symbols
   * upper-case, holdings of zero left out, a neutral mood at intensity 0. Call on a spec without a
   * {@link #problem()}.
   */
  public BotSpec normalised() {
    var s = new TreeMap<String, StanceSpec>();
    stances.forEach((topic, stance) -> s.put(topic(topic), stance));
    var h = new TreeMap<String, HoldingSpec>();
    holdings.forEach(
        (symbol, holding) -> {
          if (holding.quantity().signum() > 0) h.put(symbol(symbol), holding);
        });
    return new BotSpec(
        persona,
        enabled,
        tokenRef,
        mood,
        mood == Mood.NEUTRAL ? 0.0 : moodIntensity,
        s,
        h,
        new ArrayList<>(memories));
  }

  BotSpec withPersona(Persona p) {
    return new BotSpec(p, enabled, tokenRef, mood, moodIntensity, stances, holdings, memories);
  }

  BotSpec withEnabled(boolean on) {
    return new BotSpec(persona, on, tokenRef, mood, moodIntensity, stances, holdings, memories);
  }

  BotSpec withTokenRef(String ref) {
    return new BotSpec(persona, enabled, ref, mood, moodIntensity, stances, holdings, memories);
  }

  BotSpec withMood(Mood m, double intensity) {
    return new BotSpec(persona, enabled, tokenRef, m, intensity, stances, holdings, memories);
  }

  BotSpec withStances(Map<String, StanceSpec> s) {
    return new BotSpec(persona, enabled, tokenRef, mood, moodIntensity, s, holdings, memories);
  }

  BotSpec withHoldings(Map<String, HoldingSpec> h) {
    return new BotSpec(persona, enabled, tokenRef, mood, moodIntensity, stances, h, memories);
  }

  BotSpec withMemories(List<MemorySpec> m) {
    return new BotSpec(persona, enabled, tokenRef, mood, moodIntensity, stances, holdings, m);
  }

  static String topic(String raw) {
    return raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
  }

  static String symbol(String raw) {
    return raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
  }

  private static boolean inRange(double value, double min, double max) {
    return !Double.isNaN(value) && value >= min && value <= max;
  }
}
