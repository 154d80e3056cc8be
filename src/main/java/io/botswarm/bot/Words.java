package io.botswarm.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Lower-case words of a text, without the commonest English function words. */
public final class Words {

  private static final Set<String> STOP =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i",
          "in", "is", "it", "its", "me", "my", "of", "on", "or", "so", "that", "the", "this", "to",
          "was", "we", "were", "what", "with", "you", "your", "just", "not", "all", "can", "will");

  private Words() {}

  public static List<String> of(String text) {
    List<String> words = new ArrayList<>();
    if (text == null) return words;
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c)) {
        word.append(Character.toLowerCase(c));
      } else if (word.length() > 0) {
        String w = word.toString();
        if (!STOP.contains(w)) words.add(w);
        word.setLength(0);
      }
    }
    return words;
  }

  /** Whether every word of {@code phrase} is among {@code words}. */
  public static boolean mentions(Set<String> words, String phrase) {
    List<String> needed = of(phrase.toLowerCase(Locale.ROOT));
    return !needed.isEmpty() && words.containsAll(needed);
  }
}
