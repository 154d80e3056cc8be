package io.botswarm.bot;

import io.botswarm.bot.Bot.BotRegistered;
import io.botswarm.bot.Bot.EmotionChanged;
import io.botswarm.bot.Bot.EmotionSet;
import io.botswarm.bot.Bot.EnabledChanged;
import io.botswarm.bot.Bot.Event;
import io.botswarm.bot.Bot.HoldingChanged;
import io.botswarm.bot.Bot.HoldingSet;
import io.botswarm.bot.Bot.MemoriesAccessed;
import io.botswarm.bot.Bot.MemoryEvicted;
import io.botswarm.bot.Bot.MemoryRecorded;
import io.botswarm.bot.Bot.MemorySeeded;
import io.botswarm.bot.Bot.PersonaChanged;
import io.botswarm.bot.Bot.SeedMemoriesDeclared;
import io.botswarm.bot.Bot.StanceChanged;
import io.botswarm.bot.Bot.StanceSet;
import io.botswarm.bot.Bot.TokenRefChanged;
import io.botswarm.bot.BotSpec.HoldingSpec;
import io.botswarm.bot.BotSpec.MemorySpec;
import io.botswarm.bot.BotSpec.StanceSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The state of a registered {@link Bot}, and its answer to most commands. Immutable: {@link
 * #apply(Event)} returns a new profile, so the same events always rebuild the same profile (the
 * journal tools replay through this very method).
 *
 * <p>Stances and holdings are kept sorted by key so that printed and compared profiles are stable.
 *
 * <p>Version 1 (before swarm definitions) had no {@code declared} and no {@code seeded}: a snapshot
 * written then reads {@code declared} as what registration declares ({@link BotSpec#of}) with the
 * bot's enabled flag, and {@code seeded} as empty.
 *
 * @param declared what the operator last declared ({@link Bot.ApplySpec}); the live stances,
 *     feeling and memories drift from it in conversation, the persona and enabled flag do not
 * @param seeded every seed memory ever remembered, so that none is remembered twice
 */
public record Profile(
    String botId,
    Persona persona,
    boolean enabled,
    Emotion emotion,
    Map<String, Stance> stances,
    Map<String, Holding> holdings,
    List<Memory> memories,
    long nextMemoryId,
    Instant registeredAt,
    BotSpec declared,
    List<MemorySpec> seeded)
    implements Bot.State {

  static final int COST_SCALE = 8;

  public Profile {
    stances = Collections.unmodifiableMap(new TreeMap<>(stances));
    holdings = Collections.unmodifiableMap(new TreeMap<>(holdings));
    memories = List.copyOf(memories);
    declared = declared == null ? BotSpec.of(persona).withEnabled(enabled) : declared;
    seeded = seeded == null ? List.of() : List.copyOf(seeded);
  }

  /** A new profile; after a removal the memory ids go on where they stopped. */
  static Profile registered(BotRegistered event, long nextMemoryId) {
    return new Profile(
        event.botId(),
        event.persona(),
        true,
        Emotion.neutral(event.at()),
        Map.of(),
        Map.of(),
        List.of(),
        nextMemoryId,
        event.at(),
        BotSpec.of(event.persona()),
        List.of());
  }

  /** Where the bot's token comes from: {@code env:NAME}, {@code file:KEY}, or null (by bot id). */
  public String tokenRef() {
    return declared.tokenRef();
  }

  public Profile apply(Event event) {
    if (event instanceof EnabledChanged e) {
      return with(
          e.enabled(), emotion, stances, holdings, memories, declared.withEnabled(e.enabled()));
    } else if (event instanceof EmotionChanged e) {
      return withEmotion(new Emotion(e.mood(), e.intensity(), e.at()));
    } else if (event instanceof StanceChanged e) {
      var stance =
          new Stance(
              e.topic(), e.position(), e.confidence(), e.rationale(), e.at(), e.cooldownUntil());
      return withStances(edited(stances, m -> m.put(e.topic(), stance)));
    } else if (event instanceof HoldingChanged e) {
      return withHoldings(held(e.symbol(), e.quantity(), e.averageCost(), e.at()));
    } else if (event instanceof MemoryRecorded e) {
      return remembered(
          new Memory(e.memoryId(), e.type(), e.content(), e.relevance(), e.at(), e.at()));
    } else if (event instanceof MemoryEvicted e) {
      return withMemories(memories.stream().filter(m -> m.id() != e.memoryId()).toList());
    } else if (event instanceof MemoriesAccessed e) {
      var touched = new HashSet<>(e.memoryIds());
      return withMemories(
          memories.stream().map(m -> touched.contains(m.id()) ? m.accessedAt(e.at()) : m).toList());
    } else if (event instanceof PersonaChanged e) {
      return new Profile(
          botId,
          e.persona(),
          enabled,
          emotion,
          stances,
          holdings,
          memories,
          nextMemoryId,
          registeredAt,
          declared.withPersona(e.persona()),
          seeded);
    } else if (event instanceof TokenRefChanged e) {
      return with(
          enabled, emotion, stances, holdings, memories, declared.withTokenRef(e.tokenRef()));
    } else if (event instanceof EmotionSet e) {
      return with(
          enabled,
          new Emotion(e.mood(), e.intensity(), e.at()),
          stances,
          holdings,
          memories,
          declared.withMood(e.mood(), e.intensity()));
    } else if (event instanceof StanceSet e) {
      return stanceSet(e);
    } else if (event instanceof HoldingSet e) {
      var declaredHoldings = new TreeMap<>(declared.holdings());
      if (e.quantity().signum() == 0) declaredHoldings.remove(e.symbol());
      else declaredHoldings.put(e.symbol(), new HoldingSpec(e.quantity(), e.averageCost()));
      return with(
          enabled,
          emotion,
          stances,
          held(e.symbol(), e.quantity(), e.averageCost(), e.at()),
          memories,
          declared.withHoldings(declaredHoldings));
    } else if (event instanceof MemorySeeded e) {
      var seed = new MemorySpec(e.type(), e.content(), e.relevance());
      var next =
          remembered(
              new Memory(e.memoryId(), e.type(), e.content(), e.relevance(), e.at(), e.at()));
      return new Profile(
          botId,
          persona,
          enabled,
          emotion,
          stances,
          holdings,
          next.memories,
          next.nextMemoryId,
          registeredAt,
          declared.withMemories(
              Stream.concat(declared.memories().stream(), Stream.of(seed)).toList()),
          Stream.concat(seeded.stream(), Stream.of(seed)).toList());
    } else if (event instanceof SeedMemoriesDeclared e) {
      return with(
          enabled, emotion, stances, holdings, memories, declared.withMemories(e.memories()));
    } else if (event instanceof BotRegistered) {
      throw new IllegalStateException("bot " + botId + " registered twice in its journal");
    }
    throw new IllegalArgumentException(
        "bot " + botId + ": " + event.getClass().getSimpleName() + " does not apply to a profile");
  }

  public boolean remembers(long memoryId) {
    return memories.stream().anyMatch(m -> m.id() == memoryId);
  }

  /** Whether {@code seed} (or the same memory at another relevance) was ever seeded. */
  public boolean wasSeeded(MemorySpec seed) {
    return seeded.stream().anyMatch(seed::sameSeed);
  }

  /**
   * The memories to evict so that {@code incoming} fits within {@code cap}: the least valuable of
   * all, which may be the incoming memory itself. More than one when the cap was lowered.
   */
  List<Memory> evictionsToMakeRoomFor(Memory incoming, int cap) {
    int excess = memories.size() + 1 - cap;
    if (excess <= 0) return List.of();
    return Stream.concat(memories.stream(), Stream.of(incoming))
        .sorted(Memory.EVICTION_ORDER)
        .limit(excess)
        .toList();
  }

  /** Buying averages the cost in; selling keeps it; an emptied holding has no cost. */
  static BigDecimal averageCostAfter(
      Holding current, BigDecimal quantity, BigDecimal price, BigDecimal after) {
    if (after.signum() == 0) return BigDecimal.ZERO;
    if (quantity.signum() < 0) return current.averageCost();
    BigDecimal spentBefore =
        current == null ? BigDecimal.ZERO : current.quantity().multiply(current.averageCost());
    return spentBefore
        .add(quantity.multiply(price))
        .divide(after, COST_SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * The operator's stance replaces the live one whatever its cooldown; a new side keeps no
   * rationale, since the old reason argued for the other side.
   */
  private Profile stanceSet(StanceSet e) {
    var declaredStances = new TreeMap<>(declared.stances());
    Map<String, Stance> live;
    if (e.position() == null) {
      declaredStances.remove(e.topic());
      live = edited(stances, m -> m.remove(e.topic()));
    } else {
      declaredStances.put(e.topic(), new StanceSpec(e.position(), e.confidence()));
      Stance old = stances.get(e.topic());
      String rationale = old == null || old.flipsTo(e.position()) ? null : old.rationale();
      var stance =
          new Stance(e.topic(), e.position(), e.confidence(), rationale, e.at(), e.cooldownUntil());
      live = edited(stances, m -> m.put(e.topic(), stance));
    }
    return with(enabled, emotion, live, holdings, memories, declared.withStances(declaredStances));
  }

  private Map<String, Holding> held(
      String symbol, BigDecimal quantity, BigDecimal averageCost, Instant at) {
    return edited(
        holdings,
        m -> {
          if (quantity.signum() == 0) m.remove(symbol);
          else m.put(symbol, new Holding(symbol, quantity, averageCost, at));
        });
  }

  private Profile remembered(Memory memory) {
    return new Profile(
        botId,
        persona,
        enabled,
        emotion,
        stances,
        holdings,
        Stream.concat(memories.stream(), Stream.of(memory)).toList(),
        Math.max(nextMemoryId, memory.id() + 1),
        registeredAt,
        declared,
        seeded);
  }

  private Profile with(
      boolean on,
      Emotion e,
      Map<String, Stance> s,
      Map<String, Holding> h,
      List<Memory> m,
      BotSpec d) {
    return new Profile(botId, persona, on, e, s, h, m, nextMemoryId, registeredAt, d, seeded);
  }

  private Profile withEmotion(Emotion e) {
    return with(enabled, e, stances, holdings, memories, declared);
  }

  private Profile withStances(Map<String, Stance> s) {
    return with(enabled, emotion, s, holdings, memories, declared);
  }

  private Profile withHoldings(Map<String, Holding> h) {
    return with(enabled, emotion, stances, h, memories, declared);
  }

  private Profile withMemories(List<Memory> m) {
    return with(enabled, emotion, stances, holdings, m, declared);
  }

  private static <V> Map<String, V> edited(Map<String, V> map, Consumer<Map<String, V>> edit) {
    var copy = new TreeMap<>(map);
    edit.accept(copy);
    return copy;
  }
}
