package io.botswarm.telegram;

import java.util.regex.Pattern;

/**
 * Bot tokens out of text: {@code 123456:ABC-DEF…} becomes {@code 123456:***}. The bot id before the
 * colon is public (it is in every message the bot sends); the secret after it never leaves.
 */
public final class Redaction {

  private static final Pattern TOKEN = Pattern.compile("(\\d{3,19}):[A-Za-z0-9_-]{20,}");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null || text.indexOf(':') < 0) return text;
    return TOKEN.matcher(text).replaceAll("$1:***");
  }
}
