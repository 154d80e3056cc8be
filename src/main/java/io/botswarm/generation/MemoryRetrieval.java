package io.botswarm.generation;

import io.botswarm.bot.Memory;
import io.botswarm.bot.Words;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
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

  /** Memories with their words split once, so that many queries need not split them again. */
  public static final class Index {
    private final List<Memory> memories;
    private final List<Set<String>> words;

    public Index(List<Memory> memories) {
      this.memories = List.copyOf(memories);
      this.words = new ArrayList<>(memories.size());
      for (Memory m : memories) words.add(new HashSet<>(Words.of(m.content())));
    }

    public int size() {
      return memories.size();
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
    if (k <= 0) return List.of();
    Set<String> queryWords = new HashSet<>(Words.of(query));
    var best = new PriorityQueue<Scored>(Comparator.comparingDouble(Scored::score));
    for (int i = 0; i < index.memories.size(); i++) {
      Scored s = score(index.memories.get(i), index.words.get(i), queryWords, now);
      if (best.size() < k) best.add(s);
      else if (s.score() > best.peek().score()) {
        best.poll();
        best.add(s);
      }
    }
    List<Scored> out = new ArrayList<>(best);
    out.sort(Comparator.comparingDouble(Scored::score).reversed());
    return out;
  }

  Scored score(Memory m, Set<String> memoryWords, Set<String> queryWords, Instant now) {
    double ageMillis = Math.max(0, now.toEpochMilli() - m.lastAccessed().toEpochMilli());
    double recency = Math.pow(0.5, ageMillis / halfLifeMillis);
    double relevance = cosine(memoryWords, queryWords);
    double score =
        weights.recency() * recency
            + weights.importance() * m.relevance()
            + weights.relevance() * relevance;
    return new Scored(m, recency, m.relevance(), relevance, score);
  }

  static double cosine(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) return 0;
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    int shared = 0;
    for (String w : small) if (large.contains(w)) shared++;
    return shared / Math.sqrt((double) a.size() * b.size());
  }
}
