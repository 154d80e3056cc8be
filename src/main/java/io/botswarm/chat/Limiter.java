package io.botswarm.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every rate limit of one chat as token buckets, in the coordinator's state. Admissions change it
 * through events, so after a failover the new coordinator has the very same buckets: no reset that
 * would allow a burst.
 */
public record Limiter(
    ChatLimits limits,
    TokenBucket perChatPerSecond,
    TokenBucket perGroupPerMinute,
    TokenBucket chatPerMinute,
    Map<String, TokenBucket> perBot,
    Map<String, Instant> lastByBot) {

  static final Duration SECOND = Duration.ofSeconds(1);
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration HOUR = Duration.ofHours(1);

  public Limiter {
    perBot = Collections.unmodifiableMap(new TreeMap<>(perBot));
    lastByBot = Collections.unmodifiableMap(new TreeMap<>(lastByBot));
  }

  public static Limiter fresh(ChatLimits limits, Instant now) {
    return new Limiter(
        limits,
        TokenBucket.full(limits.perChatPerSecond(), SECOND, now),
        TokenBucket.full(limits.perGroupPerMinute(), MINUTE, now),
        TokenBucket.full(limits.chatPerMinute(), MINUTE, now),
        Map.of(),
        Map.of());
  }

  /** The same use so far under new limits: each bucket keeps its tokens, capped by its capacity. */
  public Limiter withLimits(ChatLimits next, Instant now) {
    return new Limiter(
        next,
        resized(perChatPerSecond, next.perChatPerSecond(), now),
        resized(perGroupPerMinute, next.perGroupPerMinute(), now),
        resized(chatPerMinute, next.chatPerMinute(), now),
        perBot,
        lastByBot);
  }

  private static TokenBucket resized(TokenBucket b, int capacity, Instant now) {
    TokenBucket at = b.at(now);
    return new TokenBucket(capacity, b.period(), Math.min(capacity, at.tokens()), at.updated());
  }

  /**
   * The earliest instant at or after {@code now} at which {@code botId} may post, and the limit
   * that sets it ({@code no limit} when that is {@code now}).
   */
  public record Slot(Instant at, String limit) {}

  /** Every limit's next slot, computed once; the one that comes last binds. */
  public Slot next(String botId, Instant now) {
    Instant last = lastByBot.get(botId);
    Instant[] at = {
      perChatPerSecond.nextTokenAt(now),
      perGroupPerMinute.nextTokenAt(now),
      chatPerMinute.nextTokenAt(now),
      bot(botId, now).nextTokenAt(now),
      last == null ? now : last.plus(limits.minGapPerBot())
    };
    int binding = -1;
    Instant latest = now;
    for (int i = 0; i < at.length; i++) {
      if (at[i].isAfter(latest)) {
        latest = at[i];
        binding = i;
      }
    }
    return new Slot(latest, binding < 0 ? "no limit" : describe(binding));
  }

  /** When {@code botId} may post next. */
  public Instant earliest(String botId, Instant now) {
    return next(botId, now).at();
  }

  /** The limit that sets {@link #earliest}. */
  public String blocking(String botId, Instant now) {
    return next(botId, now).limit();
  }

  private String describe(int limit) {
    return switch (limit) {
      case 0 -> "chat limit of " + limits.perChatPerSecond() + " a second";
      case 1 -> "group limit of " + limits.perGroupPerMinute() + " a minute";
      case 2 -> "chat-wide cap of " + limits.chatPerMinute() + " a minute";
      case 3 -> "cap of " + limits.perBotPerHour() + " an hour for the bot";
      default ->
          "gap of " + limits.minGapPerBot().toSeconds() + " s between two messages of the bot";
    };
  }

  /** One message of {@code botId} admitted at {@code at}. */
  public Limiter admit(String botId, Instant at) {
    var bots = new TreeMap<>(perBot);
    bots.put(botId, bot(botId, at).take(at));
    var last = new TreeMap<>(lastByBot);
    last.put(botId, at);
    return new Limiter(
        limits,
        perChatPerSecond.take(at),
        perGroupPerMinute.take(at),
        chatPerMinute.take(at),
        bots,
        last);
  }

  private TokenBucket bot(String botId, Instant now) {
    TokenBucket b = perBot.get(botId);
    return b != null ? b : TokenBucket.full(limits.perBotPerHour(), HOUR, now);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
