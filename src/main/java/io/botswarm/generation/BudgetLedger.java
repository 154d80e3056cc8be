package io.botswarm.generation;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the swarm's LLM spending per day is counted: the database for a node ({@link
 * JdbcBudgetLedger}, shared by the cluster), or memory ({@link #inMemory()}: one node, lost with
 * it). Both operations may fail (the database is down); {@link LlmBudget} decides what then.
 */
public interface BudgetLedger {

  /** What a budget counts against: a bot, a chat, or the whole swarm (key {@code swarm}). */
  enum Scope {
    BOT,
    CHAT,
    SWARM;

    /** As stored and as a metric tag. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  record Key(Scope scope, String id) {}

  /** The day's totals of {@code keys}; a key nothing was spent on is 0. */
  CompletionStage<Map<Key, Long>> totals(LocalDate day, List<Key> keys);

  /** Adds each key's tokens to its total for the day, all or none; the new totals. */
  CompletionStage<Map<Key, Long>> add(LocalDate day, Map<Key, Long> tokens);

  /** A ledger in this JVM's memory, for a node without a database and for tests. */
  static BudgetLedger inMemory() {
    return new BudgetLedger() {
      private record DayKey(LocalDate day, Key key) {}

      private final Map<DayKey, Long> totals = new HashMap<>();

      @Override
      public synchronized CompletionStage<Map<Key, Long>> totals(LocalDate day, List<Key> keys) {
        Map<Key, Long> found = new HashMap<>();
        for (Key k : keys) found.put(k, totals.getOrDefault(new DayKey(day, k), 0L));
        return CompletableFuture.completedFuture(found);
      }

      @Override
      public synchronized CompletionStage<Map<Key, Long>> add(
          LocalDate day, Map<Key, Long> tokens) {
        Map<Key, Long> now = new HashMap<>();
        tokens.forEach((k, t) -> now.put(k, totals.merge(new DayKey(day, k), t, Long::sum)));
        return CompletableFuture.completedFuture(now);
      }
    };
  }
}
