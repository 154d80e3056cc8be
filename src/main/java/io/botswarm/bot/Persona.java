package io.botswarm.bot;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a bot is: shown to people (name, handle, bio) and used by generation (lore, speaking style,
 * adjectives, interests, language, example messages). Immutable; {@link #problem()} says why a
 * persona is not acceptable.
 *
 * <p>Version 1 had only name, handle, bio, speaking style and interests: journals and snapshots
 * written then read the missing lists as empty and the language as {@link #DEFAULT_LANGUAGE}.
 *
 * @param handle the Telegram username without the {@code @}
 * @param language a BCP 47 language tag ({@code en}, {@code pt-BR}) the bot writes in
 * @param examples messages the bot would write, the voice generation imitates
 */
public record Persona(
    String name,
    String handle,
    String bio,
    List<String> lore,
    String speakingStyle,
    List<String> adjectives,
    List<String> interests,
    String language,
    List<String> examples) {

  public static final String DEFAULT_LANGUAGE = "en";
  static final int MAX_NAME = 64;
  static final int MAX_BIO = 500;
  static final int MAX_STYLE = 200;
  static final int MAX_INTERESTS = 20;
  static final int MAX_INTEREST = 40;
  static final int MAX_LORE = 20;
  static final int MAX_LORE_ITEM = 500;
  static final int MAX_ADJECTIVES = 20;
  static final int MAX_ADJECTIVE = 40;
  static final int MAX_EXAMPLES = 20;
  static final int MAX_EXAMPLE = 500;
  // Telegram usernames: 5 to 32 characters, letters, digits and underscores, starting with a
  // letter.
  static final Pattern HANDLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{4,31}");
  static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  public Persona {
    lore = lore == null ? List.of() : List.copyOf(lore);
    adjectives = adjectives == null ? List.of() : List.copyOf(adjectives);
    interests = interests == null ? List.of() : List.copyOf(interests);
    language = language == null ? DEFAULT_LANGUAGE : language;
    examples = examples == null ? List.of() : List.copyOf(examples);
  }

  /** A persona of the first version's fields: no lore, adjectives or examples, in English. */
  public Persona(
      String name, String handle, String bio, String speakingStyle, List<String> interests) {
    this(name, handle, bio, List.of(), speakingStyle, List.of(), interests, null, List.of());
  }

  /** Why this persona cannot be used, or empty when it can. */
  public Optional<String> problem() {
    if (name == null || name.isBlank()) return Optional.of("persona name is empty");
    if (name.length() > MAX_NAME)
      return Optional.of("persona name is longer than " + MAX_NAME + " characters");
    if (handle == null || !HANDLE.matcher(handle).matches())
      return Optional.of(
          "persona handle '"
              + handle
              + "' is not a Telegram username (5-32 letters, digits or _, starting with a letter)");
    if (bio != null && bio.length() > MAX_BIO)
      return Optional.of("persona bio is longer than " + MAX_BIO + " characters");
    if (speakingStyle != null && speakingStyle.length() > MAX_STYLE)
      return Optional.of("persona speaking style is longer than " + MAX_STYLE + " characters");
    if (!LANGUAGE.matcher(language).matches())
      return Optional.of(
          "persona language '" + language + "' is not a language tag (like en, de or pt-BR)");
    return listProblem("interest", "interests", interests, MAX_INTERESTS, MAX_INTEREST)
        .or(() -> listProblem("lore item", "lore items", lore, MAX_LORE, MAX_LORE_ITEM))
        .or(() -> listProblem("adjective", "adjectives", adjectives, MAX_ADJECTIVES, MAX_ADJECTIVE))
        .or(() -> listProblem("example", "examples", examples, MAX_EXAMPLES, MAX_EXAMPLE));
  }

  private static Optional<String> listProblem(
      String one, String many, List<String> items, int maxItems, int maxLength) {
    if (items.size() > maxItems)
      return Optional.of("persona has more than " + maxItems + " " + many);
    for (String item : items) {
      if (item == null || item.isBlank()) return Optional.of("persona has an empty " + one);
      if (item.length() > maxLength)
        return Optional.of(
            "persona "
                + one
                + " '"
                + item.substring(0, 20)
                + "...' is longer than "
                + maxLength
                + " characters");
    }
    return Optional.empty();
  }
}
