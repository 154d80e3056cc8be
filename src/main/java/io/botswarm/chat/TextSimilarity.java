package io.botswarm.chat;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When two messages say the same thing: equal after normalisation (case, whitespace, punctuation
 * and accents do not count), or near-equal by the Jaccard similarity of their word shingles.
 */
public final class TextSimilarity {

  /** Words per shingle; texts shorter than this are compared by their words. */
  static final int SHINGLE = 3;

  private TextSimilarity() {}

  public static String normalize(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    return decomposed.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }

  /** The word shingles of a normalised text. */
  public static Set<String> shingles(String normalized) {
    List<String> words = normalized.isEmpty() ? List.of() : List.of(normalized.split(" "));
    Set<String> out = new HashSet<>();
    if (words.size() < SHINGLE) {
      out.addAll(words);
      return out;
    }
    for (int i = 0; i + SHINGLE <= words.size(); i++)
      out.add(String.join(" ", words.subList(i, i + SHINGLE)));
    return out;
  }

  /** |a ∩ b| / |a ∪ b|; 1 for two empty sets. */
  public static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) return 1;
    int shared = 0;
    for (String s : a) if (b.contains(s)) shared++;
    return shared / (double) (a.size() + b.size() - shared);
  }
}
