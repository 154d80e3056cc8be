package io.botswarm.definition;

import io.botswarm.definition.BotEntry.EmotionEntry;
import io.botswarm.definition.ChatEntry.LimitsEntry;
import io.botswarm.definition.ChatEntry.QuietHoursEntry;

/**
 * The swarm-wide values bots and chats inherit; {@code null} where the file says nothing, and
 * {@link #effective()} fills in the built-in ones.
 */
public record Defaults(Boolean enabled, String language, EmotionEntry emotion, ChatDefaults chat) {

  public static final boolean ENABLED = true;
  public static final String LANGUAGE = "en";
  public static final EmotionEntry EMOTION = new EmotionEntry("neutral", 0.0);
  public static final double ACTIVITY = 0.6;
  public static final boolean STARTERS = true;

  /** Nothing said: every value built in. */
  public static final Defaults NONE = new Defaults(null, null, null, null);

  public Defaults {
    chat = chat == null ? ChatDefaults.NONE : chat;
  }

  /** What every chat inherits; quiet hours and limits stay absent unless given. */
  public record ChatDefaults(
      Double activity, Boolean starters, QuietHoursEntry quietHours, LimitsEntry limits) {
    public static final ChatDefaults NONE = new ChatDefaults(null, null, null, null);

    public ChatDefaults {
      limits = limits == null ? LimitsEntry.NONE : limits;
    }

    ChatDefaults effective() {
      return new ChatDefaults(
          activity == null ? ACTIVITY : activity,
          starters == null ? STARTERS : starters,
          quietHours,
          limits);
    }
  }

  /** These defaults with the built-in values where the file gave none. */
  public Defaults effective() {
    return new Defaults(
        enabled == null ? ENABLED : enabled,
        language == null ? LANGUAGE : language,
        emotion == null ? EMOTION : emotion.resolved(),
        chat.effective());
  }
}
