package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.botswarm.bot.Memory;
import io.botswarm.bot.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retrieval scores with numbers worked out by hand. */
class MemoryRetrievalTest {

  static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  static final MemoryRetrieval EQUAL =
      new MemoryRetrieval(new MemoryRetrieval.Weights(1, 1, 1), Duration.ofHours(24));

  static Memory memory(long id, String content, double importance, Duration sinceUse) {
    Instant used = NOW.minus(sinceUse);
    return new Memory(id, MemoryType.CONVERSATION, content, importance, used, used);
  }

  // Query words: {bitcoin, price, today}.
  static final String QUERY = "What is the bitcoin price today?";
  // recency 0.5 (one half-life), importance 0.9, no shared word: 1.4
  static final Memory LISBON = memory(1, "The weather in Lisbon", 0.9, Duration.ofHours(24));
  // recency 0.5^(1/24) = 0.971532, importance 0.2, cosine 2/sqrt(3*3) = 0.666667: 1.838199
  static final Memory BITCOIN = memory(2, "Bitcoin price is high", 0.2, Duration.ofHours(1));
  // recency 0.25, importance 0.5, cosine 1/sqrt(2*3) = 0.408248: 1.158248
  static final Memory GOLD = memory(3, "price of gold", 0.5, Duration.ofHours(48));

  @Test
  void scoresAreTheWeightedSumOfRecencyImportanceAndRelevance() {
    var top = EQUAL.top(List.of(LISBON, BITCOIN, GOLD), QUERY, NOW, 3);
    assertEquals(List.of(2L, 1L, 3L), top.stream().map(s -> s.memory().id()).toList());
    var bitcoin = top.get(0);
    assertEquals(0.971532, bitcoin.recency(), 1e-6);
    assertEquals(0.2, bitcoin.importance(), 1e-9);
    assertEquals(0.666667, bitcoin.relevance(), 1e-6);
    assertEquals(1.838199, bitcoin.score(), 1e-6);
    assertEquals(1.4, top.get(1).score(), 1e-9);
    assertEquals(1.158248, top.get(2).score(), 1e-6);
  }

  @Test
  void topKKeepsOnlyTheBest() {
    assertEquals(
        List.of(2L),
        EQUAL.top(List.of(LISBON, BITCOIN, GOLD), QUERY, NOW, 1).stream()
            .map(s -> s.memory().id())
            .toList());
    assertEquals(List.of(), EQUAL.top(List.of(LISBON), QUERY, NOW, 0));
  }

  @Test
  void weightsShiftTheRanking() {
    // Importance alone: Lisbon (0.9) > gold (0.5) > bitcoin (0.2).
    var importanceOnly =
        new MemoryRetrieval(new MemoryRetrieval.Weights(0, 1, 0), Duration.ofHours(24));
    assertEquals(
        List.of(1L, 3L, 2L),
        importanceOnly.top(List.of(LISBON, BITCOIN, GOLD), QUERY, NOW, 3).stream()
            .map(s -> s.memory().id())
            .toList());
    // Recency with a one-hour half-life: bitcoin 0.5, Lisbon 0.5^24, gold 0.5^48.
    var recencyOnly =
        new MemoryRetrieval(new MemoryRetrieval.Weights(1, 0, 0), Duration.ofHours(1));
    var top = recencyOnly.top(List.of(LISBON, BITCOIN, GOLD), QUERY, NOW, 3);
    assertEquals(0.5, top.get(0).score(), 1e-12);
    assertEquals(Math.pow(0.5, 24), top.get(1).score(), 1e-15);
  }
}
