package io.botswarm.bot;

import io.botswarm.bot.Bot.BotRegistered;
import io.botswarm.bot.Bot.EmotionChanged;
import io.botswarm.bot.Bot.EnabledChanged;
import io.botswarm.bot.Bot.Event;
import io.botswarm.bot.Bot.HoldingChanged;
import io.botswarm.bot.Bot.MemoriesAccessed;
import io.botswarm.bot.Bot.MemoryEvicted;
import io.botswarm.bot.Bot.MemoryRecorded;
import io.botswarm.bot.Bot.StanceChanged;
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
    Instant registeredAt)
    implements Bot.State {

  static final int COST_SCALE = 8;

  public Profile {
    stances = Collections.unmodifiableMap(new TreeMap<>(stances));
    holdings = Collections.unmodifiableMap(new TreeMap<>(holdings));
    memories = List.copyOf(memories);
  }

  static Profile registered(BotRegistered event) {
    return new Profile(
        event.botId(),
        event.persona(),
        true,
        Emotion.neutral(event.at()),
        Map.of(),
        Map.of(),
        List.of(),
        1,
        event.at());
  }

  public Profile apply(Event event) {
    if (event instanceof EnabledChanged e) {
      return new Profile(
          botId,
          persona,
          e.enabled(),
          emotion,
          stances,
          holdings,
          memories,
          nextMemoryId,
          registeredAt);
    } else if (event instanceof EmotionChanged e) {
      return withEmotion(new Emotion(e.mood(), e.intensity(), e.at()));
    } else if (event instanceof StanceChanged e) {
      var stance =
          new Stance(
              e.topic(), e.position(), e.confidence(), e.rationale(), e.at(), e.cooldownUntil());
      return withStances(edited(stances, m -> m.put(e.topic(), stance)));
    } else if (event instanceof HoldingChanged e) {
      return withHoldings(
          edited(
              holdings,
              m -> {
                if (e.quantity().signum() == 0) m.remove(e.symbol());
                else
                  m.put(e.symbol(), new Holding(e.symbol(), e.quantity(), e.averageCost(), e.at()));
              }));
    } else if (event instanceof MemoryRecorded e) {
      var memory = new Memory(e.memoryId(), e.type(), e.content(), e.relevance(), e.at(), e.at());
      var next = Math.max(nextMemoryId, e.memoryId() + 1);
      return new Profile(
          botId,
          persona,
          enabled,
          emotion,
          stances,
          holdings,
          Stream.concat(memories.stream(), Stream.of(memory)).toList(),
          next,
          registeredAt);
    } else if (event instanceof MemoryEvicted e) {
      return withMemories(memories.stream().filter(m -> m.id() != e.memoryId()).toList());
    } else if (event instanceof MemoriesAccessed e) {
      var touched = new HashSet<>(e.memoryIds());
      return withMemories(
          memories.stream().map(m -> touched.contains(m.id()) ? m.accessedAt(e.at()) : m).toList());
    } else if (event instanceof BotRegistered) {
      throw new IllegalStateException("bot " + botId + " registered twice in its journal");
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getName());
  }

  public boolean remembers(long memoryId) {
    return memories.stream().anyMatch(m -> m.id() == memoryId);
  }

  /**
   * The memories to evict so that {@code incoming} fits within {@code cap}: the least valuable of
   * all, which may be the incoming memory itself. More than one when the cap was lowered.
   */
  List<Memory> evictionsToMakeRoomFor(MemoryRecorded incoming, int cap) {
    int excess = memories.size() + 1 - cap;
    if (excess <= 0) return List.of();
    var candidate =
        new Memory(
            incoming.memoryId(),
            incoming.type(),
            incoming.content(),
            incoming.relevance(),
            incoming.at(),
            incoming.at());
    return Stream.concat(memories.stream(), Stream.of(candidate))
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

  private Profile withEmotion(Emotion e) {
    return new Profile(
        botId, persona, enabled, e, stances, holdings, memories, nextMemoryId, registeredAt);
  }

  private Profile withStances(Map<String, Stance> s) {
    return new Profile(
        botId, persona, enabled, emotion, s, holdings, memories, nextMemoryId, registeredAt);
  }

  private Profile withHoldings(Map<String, Holding> h) {
    return new Profile(
        botId, persona, enabled, emotion, stances, h, memories, nextMemoryId, registeredAt);
  }

  private Profile withMemories(List<Memory> m) {
    return new Profile(
        botId, persona, enabled, emotion, stances, holdings, m, nextMemoryId, registeredAt);
  }

  private static <V> Map<String, V> edited(Map<String, V> map, Consumer<Map<String, V>> edit) {
    var copy = new TreeMap<>(map);
    edit.accept(copy);
    return copy;
  }
}
