package io.botswarm.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * Text over Telegram's limit in parts: each part ends at the last sentence end that fits, else at
 * the last space, else (one unbroken word) at the limit. Lengths are in UTF-16 units, as Telegram
 * counts them; a surrogate pair is never cut.
 */
public final class TextSplitter {

  private TextSplitter() {}

  public static List<String> split(String text, int limit) {
    List<String> parts = new ArrayList<>();
    String rest = text.strip();
    while (rest.length() > limit) {
      int cut = lastSentenceEnd(rest, limit);
      if (cut <= 0) cut = rest.lastIndexOf(' ', limit);
      if (cut <= 0) cut = Character.isHighSurrogate(rest.charAt(limit - 1)) ? limit - 1 : limit;
      parts.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty()) parts.add(rest);
    return parts;
  }

  private static int lastSentenceEnd(String text, int limit) {
    for (int i = Math.min(limit, text.length()) - 1; i > 0; i--) {
      char c = text.charAt(i - 1);
      if ((c == '.' || c == '!' || c == '?' || c == '\n') && Character.isWhitespace(text.charAt(i)))
        return i;
    }
    return -1;
  }
}
