package io.botswarm.definition;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Telegram group chat of the definition as written; {@code enabled}, {@code activity}, {@code
 * starters}, {@code quietHours} may be {@code null} (inherited), {@code limits} holds only the keys
 * given; {@code starterThreadId}, in a forum, the topic starters go to ({@code null}: General).
 */
public record ChatEntry(
    long id,
    String title,
    Boolean enabled,
    List<MemberEntry> members,
    Double activity,
    Boolean starters,
    QuietHoursEntry quietHours,
    LimitsEntry limits,
    Long starterThreadId) {

  public ChatEntry {
    members = members == null ? List.of() : List.copyOf(members);
    limits = limits == null ? LimitsEntry.NONE : limits;
  }

  /** A bot of the chat; {@code topics} {@code null} when the bot's own topics apply. */
  public record MemberEntry(String bot, List<String> topics) {
    public MemberEntry {
      topics = topics == null ? null : List.copyOf(topics);
    }
  }

  /** Bots are silent from {@code start} to {@code end} (HH:MM) in {@code zone} (an IANA id). */
  public record QuietHoursEntry(String start, String end, String zone) {

    public LocalTime startTime() {
      return time(start).orElseThrow(() -> new IllegalStateException(badTime(start)));
    }

    public LocalTime endTime() {
      return time(end).orElseThrow(() -> new IllegalStateException(badTime(end)));
    }

    public ZoneId zoneId() {
      return ZoneId.of(zone);
    }

    static Optional<LocalTime> time(String text) {
      if (text == null || !text.matches("\\d{1,2}:\\d{2}")) return Optional.empty();
      try {
        return Optional.of(LocalTime.parse(text.length() == 4 ? "0" + text : text));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }

    static String badTime(String text) {
      return "'" + text + "' is not a time of day (write HH:MM, e.g. 23:00)";
    }

    static boolean isZone(String zone) {
      try {
        ZoneId.of(zone);
        return zone.contains("/") || zone.equals("UTC") || zone.equals("GMT");
      } catch (DateTimeException e) {
        return false;
      }
    }
  }

  /**
   * Rate limits of a chat, each {@code null} where not given; {@code minGapPerBot} as written
   * ({@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}).
   */
  public record LimitsEntry(
      Integer perChatPerSecond,
      Integer perGroupPerMinute,
      Integer chatPerMinute,
      Integer perBotPerHour,
      String minGapPerBot) {

    public static final LimitsEntry NONE = new LimitsEntry(null, null, null, null, null);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    public Optional<Duration> minGap() {
      return minGapPerBot == null ? Optional.empty() : Optional.of(duration(minGapPerBot).get());
    }

    /** These limits with {@code fallback}'s value for every key not given here. */
    public LimitsEntry over(LimitsEntry fallback) {
      return new LimitsEntry(
          perChatPerSecond != null ? perChatPerSecond : fallback.perChatPerSecond,
          perGroupPerMinute != null ? perGroupPerMinute : fallback.perGroupPerMinute,
          chatPerMinute != null ? chatPerMinute : fallback.chatPerMinute,
          perBotPerHour != null ? perBotPerHour : fallback.perBotPerHour,
          minGapPerBot != null ? minGapPerBot : fallback.minGapPerBot);
    }

    /** Only the keys whose value differs from {@code fallback}'s. */
    LimitsEntry without(LimitsEntry fallback) {
      return new LimitsEntry(
          differs(perChatPerSecond, fallback.perChatPerSecond),
          differs(perGroupPerMinute, fallback.perGroupPerMinute),
          differs(chatPerMinute, fallback.chatPerMinute),
          differs(perBotPerHour, fallback.perBotPerHour),
          differs(minGapPerBot, fallback.minGapPerBot));
    }

    private static <T> T differs(T value, T fallback) {
      return value != null && value.equals(fallback) ? null : value;
    }

    public boolean isEmpty() {
      return equals(NONE);
    }

    static Optional<Duration> duration(String text) {
      Matcher m = DURATION.matcher(text == null ? "" : text.trim());
      if (!m.matches()) return Optional.empty();
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          });
    }
  }

  ChatEntry resolved(Defaults defaults, Map<String, BotEntry> bots) {
    Defaults.ChatDefaults effective = defaults.chat();
    List<MemberEntry> resolvedMembers =
        members.stream()
            .map(
                m -> {
                  if (m.topics() != null || !bots.containsKey(m.bot())) return m;
                  return new MemberEntry(m.bot(), bots.get(m.bot()).defaultTopics());
                })
            .toList();
    return new ChatEntry(
        id,
        title,
        enabled == null ? defaults.enabled() : enabled,
        resolvedMembers,
        activity == null ? effective.activity() : activity,
        starters == null ? effective.starters() : starters,
        quietHours == null ? effective.quietHours() : quietHours,
        limits.over(effective.limits()),
        starterThreadId);
  }
}
