package io.botswarm.bot;

import io.botswarm.bot.Bot.Event;
import io.botswarm.bot.Bot.MemoryEvicted;
import io.botswarm.bot.Bot.MemoryRecorded;
import io.botswarm.bot.Bot.MemorySeeded;
import io.botswarm.bot.BotSpec.MemorySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a bot remembers: a new memory, the evictions that keep it under its cap, and, once enough
 * conversation memories have piled up, a reflection that condenses the oldest of them into one
 * (Park et al., 2023), so memory per bot stays bounded however long it talks.
 */
final class MemoryKeeping {

  private MemoryKeeping() {}

  /** The events that remembering {@code content} produces, in the order they must be applied. */
  static List<Event> remember(
      Profile profile,
      MemoryType type,
      String content,
      double relevance,
      BotSettings settings,
      Instant now) {
    List<Event> events = new ArrayList<>();
    Profile state =
        add(profile, events, recordOf(profile, type, content, relevance, now), settings);
    List<Memory> conversations =
        state.memories().stream().filter(m -> m.type() == MemoryType.CONVERSATION).toList();
    if (conversations.size() > settings.reflectAfter()) {
      List<Memory> condensed =
          conversations.stream()
              .sorted(Comparator.comparing(Memory::createdAt).thenComparingLong(Memory::id))
              .limit(settings.reflectBatch())
              .toList();
      double importance = condensed.stream().mapToDouble(Memory::relevance).max().orElse(0.5);
      state =
          add(
              state,
              events,
              recordOf(state, MemoryType.REFLECTION, reflect(condensed), importance, now),
              settings);
      for (Memory m : condensed) {
        if (!state.remembers(m.id())) continue;
        var evicted = new MemoryEvicted(profile.botId(), m.id(), m.relevance(), now);
        events.add(evicted);
        state = state.apply(evicted);
      }
    }
    return events;
  }

  /** The memory ids that {@code events} evicted. */
  static List<Long> evicted(List<Event> events) {
    return events.stream()
        .filter(e -> e instanceof MemoryEvicted)
        .map(e -> ((MemoryEvicted) e).memoryId())
        .toList();
  }

  private static MemoryRecorded recordOf(
      Profile p, MemoryType type, String content, double relevance, Instant now) {
    return new MemoryRecorded(p.botId(), p.nextMemoryId(), type, content, relevance, now);
  }

  private static Profile add(
      Profile state, List<Event> events, MemoryRecorded recorded, BotSettings settings) {
    var incoming =
        new Memory(
            recorded.memoryId(),
            recorded.type(),
            recorded.content(),
            recorded.relevance(),
            recorded.at(),
            recorded.at());
    return add(state, events, recorded, incoming, settings);
  }

  /**
   * The events that remembering the operator's {@code seed} produces: the memory, and the evictions
   * that keep the bot under its cap. A seed is no conversation, so nothing is reflected.
   */
  static List<Event> seed(Profile profile, MemorySpec seed, BotSettings settings, Instant now) {
    var seeded =
        new MemorySeeded(
            profile.botId(),
            profile.nextMemoryId(),
            seed.type(),
            seed.content(),
            seed.relevance(),
            now);
    var incoming =
        new Memory(seeded.memoryId(), seed.type(), seed.content(), seed.relevance(), now, now);
    List<Event> events = new ArrayList<>();
    add(profile, events, seeded, incoming, settings);
    return events;
  }

  private static Profile add(
      Profile state, List<Event> events, Event remembered, Memory incoming, BotSettings settings) {
    List<Memory> gone = state.evictionsToMakeRoomFor(incoming, settings.memoryCap());
    events.add(remembered);
    Profile next = state.apply(remembered);
    for (Memory m : gone) {
      var evicted = new MemoryEvicted(state.botId(), m.id(), m.relevance(), remembered.at());
      events.add(evicted);
      next = next.apply(evicted);
    }
    return next;
  }

  /** One sentence about what the condensed conversations were about, and their strongest line. */
  static String reflect(List<Memory> condensed) {
    Map<String, Long> words =
        condensed.stream()
            .flatMap(m -> Words.of(m.content()).stream())
            .filter(w -> w.length() > 3)
            .collect(Collectors.groupingBy(w -> w, LinkedHashMap::new, Collectors.counting()));
    String themes =
        words.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(3)
            .map(Map.Entry::getKey)
            .collect(Collectors.joining(", "));
    Memory strongest =
        condensed.stream().max(Comparator.comparingDouble(Memory::relevance)).orElseThrow();
    String line = strongest.content();
    if (line.length() > 160) line = line.substring(0, 157) + "...";
    return "Looking back on "
        + condensed.size()
        + " conversations ("
        + condensed.get(0).createdAt()
        + " to "
        + condensed.get(condensed.size() - 1).createdAt()
        + "): mostly about "
        + (themes.isEmpty() ? "nothing in particular" : themes)
        + "; what stayed with me: \""
        + line
        + "\"";
  }
}
