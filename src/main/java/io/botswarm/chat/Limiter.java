package io.botswarm.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every rate limit of one chat, each an exact {@link SlidingWindow}: never more than its limit in
 * any window of one period. Telegram's own limits are of that kind: "no more than 20 messages per
 * minute in the same group" and about one message a second in a chat (<a
 * href="https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this">Bots
 * FAQ</a>); a token bucket would let nearly twice as many through in some minute and pay for it in
 * 429s. The limiter is part of the coordinator's state and changes only through its events, so
 * after a failover the new coordinator has the very same windows: no reset that would allow a
 * burst. The gap between two messages of one bot is kept apart, as the bot's last admission.
 */
public record Limiter(
    ChatLimits limits,
    SlidingWindow perChatPerSecond,
    SlidingWindow perGroupPerMinute,
    SlidingWindow chatPerMinute,
    Map<String, SlidingWindow> perBot,
    Map<String, Instant> lastByBot) {

  static final Duration SECOND = Duration.ofSeconds(1);
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration HOUR = Duration.ofHours(1);

  public Limiter {
    perBot = Collections.unmodifiableMap(new TreeMap<>(perBot));
    lastByBot = Collections.unmodifiableMap(new TreeMap<>(lastByBot));
  }

  public static Limiter fresh(ChatLimits limits) {
    return new Limiter(
        limits,
        SlidingWindow.empty(SECOND),
        SlidingWindow.empty(MINUTE),
        SlidingWindow.empty(MINUTE),
        Map.of(),
        Map.of());
  }

  /**
   * The same admissions so far under new limits: each window keeps the admissions that can bind
   * under its new limit.
   */
  public Limiter withLimits(ChatLimits next) {
    var bots = new TreeMap<String, SlidingWindow>();
    perBot.forEach((bot, w) -> bots.put(bot, w.kept(next.perBotPerHour())));
    return new Limiter(
        next,
        perChatPerSecond.kept(next.perChatPerSecond()),
        perGroupPerMinute.kept(next.perGroupPerMinute()),
        chatPerMinute.kept(next.chatPerMinute()),
        bots,
        lastByBot);
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
      perChatPerSecond.next(limits.perChatPerSecond(), now),
      perGroupPerMinute.next(limits.perGroupPerMinute(), now),
      chatPerMinute.next(limits.chatPerMinute(), now),
      bot(botId).next(limits.perBotPerHour(), now),
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

  /** How many more messages the chat-wide cap lets through at {@code now}. */
  public int chatWideLeft(Instant now) {
    return chatPerMinute.left(limits.chatPerMinute(), now);
  }

  /** One message of {@code botId} admitted at {@code at}. */
  public Limiter admit(String botId, Instant at) {
    var bots = new TreeMap<>(perBot);
    bots.put(botId, bot(botId).admit(limits.perBotPerHour(), at));
    var last = new TreeMap<>(lastByBot);
    last.put(botId, at);
    return new Limiter(
        limits,
        perChatPerSecond.admit(limits.perChatPerSecond(), at),
        perGroupPerMinute.admit(limits.perGroupPerMinute(), at),
        chatPerMinute.admit(limits.chatPerMinute(), at),
        bots,
        last);
  }

  private SlidingWindow bot(String botId) {
    SlidingWindow w = perBot.get(botId);
    return w != null ? w : SlidingWindow.empty(HOUR);
  }
}
