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

  /** The earliest instant at or after {@code now} at which {@code botId} may post. */
  public Instant earliest(String botId, Instant now) {
    Instant t = now;
    t = later(t, perChatPerSecond.nextTokenAt(now));
    t = later(t, perGroupPerMinute.nextTokenAt(now));
    t = later(t, chatPerMinute.nextTokenAt(now));
    t = later(t, bot(botId, now).nextTokenAt(now));
    Instant last = lastByBot.get(botId);
    if (last != null) t = later(t, last.plus(limits.minGapPerBot()));
    return t;
  }

  /** The limit that sets {@link #earliest}: the one whose next slot comes last. */
  public String blocking(String botId, Instant now) {
    String why = "no limit";
    Instant latest = now;
    Instant last = lastByBot.get(botId);
    Object[][] limits = {
      {
        perChatPerSecond.nextTokenAt(now),
        "chat limit of " + this.limits.perChatPerSecond() + " a second"
      },
      {
        perGroupPerMinute.nextTokenAt(now),
        "group limit of " + this.limits.perGroupPerMinute() + " a minute"
      },
      {
        chatPerMinute.nextTokenAt(now),
        "chat-wide cap of " + this.limits.chatPerMinute() + " a minute"
      },
      {
        bot(botId, now).nextTokenAt(now),
        "cap of " + this.limits.perBotPerHour() + " an hour for the bot"
      },
      {
        last == null ? now : last.plus(this.limits.minGapPerBot()),
        "gap of " + this.limits.minGapPerBot().toSeconds() + " s between two messages of the bot"
      }
    };
    for (Object[] limit : limits) {
      if (((Instant) limit[0]).isAfter(latest)) {
        latest = (Instant) limit[0];
        why = (String) limit[1];
      }
    }
    return why;
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
