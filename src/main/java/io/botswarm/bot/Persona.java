package io.botswarm.bot;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a bot is: shown to people (name, handle, bio) and used by generation (speaking style,
 * interests). Immutable; {@link #problem()} says why a persona is not acceptable.
 *
 * @param handle the Telegram username without the {@code @}
 */
public record Persona(
    String name, String handle, String bio, String speakingStyle, List<String> interests) {

  static final int MAX_NAME = 64;
  static final int MAX_BIO = 500;
  static final int MAX_STYLE = 200;
  static final int MAX_INTERESTS = 20;
  static final int MAX_INTEREST = 40;
  // Telegram usernames: 5 to 32 characters, letters, digits and underscores, starting with a
  // letter.
  private static final Pattern HANDLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{4,31}");

  public Persona {
    interests = interests == null ? List.of() : List.copyOf(interests);
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
    if (interests.size() > MAX_INTERESTS)
      return Optional.of("persona has more than " + MAX_INTERESTS + " interests");
    for (String interest : interests) {
      if (interest == null || interest.isBlank() || interest.length() > MAX_INTEREST)
        return Optional.of("persona interest '" + interest + "' is empty or too long");
    }
    return Optional.empty();
  }
}
