package io.botswarm.generation;

import io.botswarm.bot.Memory;
import io.botswarm.bot.Words;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which memories a bot brings to a conversation, as in Generative Agents (Park et al., 2023):
 * {@code score = w_recency * recency + w_importance * importance + w_relevance * relevance}, where
 * recency halves every half-life since the memory was last used, importance is its relevance score,
 * and relevance is the cosine between the words of the memory and of the conversation (binary word
 * vectors: shared words / sqrt(words of one x words of the other)). All three lie in [0, 1], so the
 * weights say directly how much each counts.
 */
public final class MemoryRetrieval {

  public record Weights(double recency, double importance, double relevance) {}

  /** A memory with its three components and its score, for drafts and for explaining them. */
  public record Scored(
      Memory memory, double recency, double importance, double relevance, double score) {}

  /**
   * Memories with their words split once and numbered, so that many queries need not split them
   * again, and a query compares small integers instead of strings.
   */
  public static final class Index {
    private final Memory[] memories;
    private final int[][] words;
    private final long[] lastAccessed;
    private final Map<String, Integer> vocabulary = new HashMap<>();

    public Index(List<Memory> memories) {
      this.memories = memories.toArray(Memory[]::new);
      this.words = new int[this.memories.length][];
      this.lastAccessed = new long[this.memories.length];
      for (int i = 0; i < this.memories.length; i++) {
        Set<String> distinct = new HashSet<>(Words.of(this.memories[i].content()));
        int[] ids = new int[distinct.size()];
        int n = 0;
        for (String w : distinct) ids[n++] = vocabulary.computeIfAbsent(w, k -> vocabulary.size());
        Arrays.sort(ids);
        words[i] = ids;
        lastAccessed[i] = this.memories[i].lastAccessed().toEpochMilli();
      }
    }

    public int size() {
      return memories.length;
    }
  }

  private final Weights weights;
  private final double halfLifeMillis;

  public MemoryRetrieval(Weights weights, Duration halfLife) {
    this.weights = weights;
    this.halfLifeMillis = halfLife.toMillis();
  }

  /** The {@code k} best memories for a conversation whose text is {@code query}, best first. */
  public List<Scored> top(List<Memory> memories, String query, Instant now, int k) {
    return top(new Index(memories), query, now, k);
  }

  public List<Scored> top(Index index, String query, Instant now, int k) {
    if (k <= 0 || index.size() == 0) return List.of();
    Set<String> queryWords = new HashSet<>(Words.of(query));
    // Words the memories never use still count in the query's length, not in what they share.
    int[] known =
        queryWords.stream()
            .map(index.vocabulary::get)
            .filter(id -> id != null)
            .mapToInt(id -> id)
            .toArray();
    double queryNorm = Math.sqrt(queryWords.size());
    long nowMillis = now.toEpochMilli();
    double decay = -Math.log(2) / halfLifeMillis;
    int size = Math.min(k, index.size());
    int[] best = new int[size];
    double[] bestScore = new double[size];
    int filled = 0;
    for (int i = 0; i < index.memories.length; i++) {
      double score = score(index, i, known, queryNorm, nowMillis, decay);
      if (filled < size) {
        insert(best, bestScore, filled++, i, score);
      } else if (score > bestScore[size - 1]) {
        insert(best, bestScore, size - 1, i, score);
      }
    }
    List<Scored> out = new ArrayList<>(filled);
    for (int j = 0; j < filled; j++) {
      int i = best[j];
      double recency = Math.exp(decay * Math.max(0, nowMillis - index.lastAccessed[i]));
      double relevance = relevance(index.words[i], known, queryNorm);
      out.add(
          new Scored(
              index.memories[i], recency, index.memories[i].relevance(), relevance, bestScore[j]));
    }
    return out;
  }

  private double score(
      Index index, int i, int[] known, double queryNorm, long nowMillis, double decay) {
    double recency = Math.exp(decay * Math.max(0, nowMillis - index.lastAccessed[i]));
    return weights.recency() * recency
        + weights.importance() * index.memories[i].relevance()
        + weights.relevance() * relevance(index.words[i], known, queryNorm);
  }

  /** Cosine of binary word vectors: shared words / sqrt(memory words x query words). */
  private static double relevance(int[] memoryWords, int[] queryWords, double queryNorm) {
    if (memoryWords.length == 0 || queryNorm == 0) return 0;
    int shared = 0;
    for (int w : queryWords) if (Arrays.binarySearch(memoryWords, w) >= 0) shared++;
    return shared / (Math.sqrt(memoryWords.length) * queryNorm);
  }

  /** Puts (index, score) at its place among the first {@code last + 1} best, best first. */
  private static void insert(int[] best, double[] bestScore, int last, int index, double score) {
    int j = last;
    while (j > 0 && bestScore[j - 1] < score) {
      best[j] = best[j - 1];
      bestScore[j] = bestScore[j - 1];
      j--;
    }
    best[j] = index;
    bestScore[j] = score;
  }
}
