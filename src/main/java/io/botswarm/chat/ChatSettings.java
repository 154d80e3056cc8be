package io.botswarm.chat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * How one chat is run: whether bots may speak, who they are, how chatty the chat is, when it is
 * quiet, and its own limits where they differ from the swarm's.
 *
 * @param activity in [0, 1]: how readily members join in uninvited
 * @param starters whether an idle chat gets conversation starters; absent from journals written
 *     before it existed, where it reads as on
 * @param starterThreadId in a forum, the topic starters go to (Telegram's {@code
 *     message_thread_id}); 0: General, as in journals written before it existed
 */
public record ChatSettings(
    String title,
    boolean enabled,
    List<Member> members,
    double activity,
    Optional<QuietHours> quietHours,
    Optional<ChatLimits> limits,
    Boolean starters,
    long starterThreadId) {

  /** A bot of the chat, with what turn-taking needs to know of it. */
  public record Member(String botId, String handle, String name, List<String> topics) {
    public Member {
      topics = List.copyOf(topics);
    }
  }

  /** Bots stay silent from {@code start} to {@code end} in {@code zone} (may span midnight). */
  public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {
    public boolean covers(Instant at) {
      LocalTime t = ZonedDateTime.ofInstant(at, zone).toLocalTime();
      return start.isBefore(end)
          ? !t.isBefore(start) && t.isBefore(end)
          : !t.isBefore(start) || t.isBefore(end);
    }
  }

  public ChatSettings {
    members = List.copyOf(members);
    if (starterThreadId < 0)
      throw new IllegalArgumentException(
          "starter thread " + starterThreadId + ": a forum topic's id is positive (0: General)");
    starters = starters == null || starters;
  }

  /** Starters, if on, in General. */
  public ChatSettings(
      String title,
      boolean enabled,
      List<Member> members,
      double activity,
      Optional<QuietHours> quietHours,
      Optional<ChatLimits> limits,
      Boolean starters) {
    this(title, enabled, members, activity, quietHours, limits, starters, 0);
  }

  /** With conversation starters on. */
  public ChatSettings(
      String title,
      boolean enabled,
      List<Member> members,
      double activity,
      Optional<QuietHours> quietHours,
      Optional<ChatLimits> limits) {
    this(title, enabled, members, activity, quietHours, limits, true);
  }

  /** These settings as a coordinator keeps them: the chat's limits, else {@code defaults}. */
  public ChatSettings withDefaultLimits(ChatLimits defaults) {
    return new ChatSettings(
        title,
        enabled,
        members,
        activity,
        quietHours,
        Optional.of(limits.orElse(defaults)),
        starters,
        starterThreadId);
  }

  /** The same settings with other members. */
  public ChatSettings withMembers(List<Member> others) {
    return new ChatSettings(
        title, enabled, others, activity, quietHours, limits, starters, starterThreadId);
  }

  public Optional<Member> member(String botId) {
    return members.stream().filter(m -> m.botId().equals(botId)).findFirst();
  }

  /** Why these settings cannot be used, or empty. */
  public Optional<String> problem() {
    if (title == null || title.isBlank()) return Optional.of("chat title is empty");
    if (Double.isNaN(activity) || activity < 0 || activity > 1)
      return Optional.of("activity " + activity + " is not in [0, 1]");
    if (members.stream().map(Member::botId).distinct().count() != members.size())
      return Optional.of("a bot is listed twice among the members");
    return limits.flatMap(ChatLimits::problem);
  }
}
