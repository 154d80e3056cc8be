package io.botswarm.bot;

import java.time.Instant;
import java.util.Comparator;

/** One thing a bot remembers, with how much it matters (relevance in [0, 1]). */
public record Memory(
    long id,
    MemoryType type,
    String content,
    double relevance,
    Instant createdAt,
    Instant lastAccessed) {

  /**
   * The order in which memories are given up when a bot remembers too much: least relevant first,
   * then the one left untouched longest, then the oldest.
   */
  static final Comparator<Memory> EVICTION_ORDER =
      Comparator.comparingDouble(Memory::relevance)
          .thenComparing(Memory::lastAccessed)
          .thenComparingLong(Memory::id);

  Memory accessedAt(Instant at) {
    return new Memory(id, type, content, relevance, createdAt, at);
  }
}
