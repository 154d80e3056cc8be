package io.botswarm.telegram.sandbox;

import io.botswarm.chat.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Telegram's flood control as the sandbox models it, a pure rule of the time it is given: per bot a
 * limit over all chats, and per bot and chat a burst refilled at one message per interval and a cap
 * a minute. A refused message takes nothing and learns its {@code retry_after}: the whole seconds,
 * rounded up, until every limit has room again — the time left, not the chat's interval. Long
 * floods ({@link #hold}) refuse a bot in a chat, or everywhere, until a given time, as Telegram
 * does for minutes after a burst in a group or on the bot's own limit.
 */
public final class FloodControl {

  private final SandboxSpec.FloodLimits limits;
  private final Map<String, TokenBucket> perSecond = new HashMap<>();
  private final Map<String, Map<Long, TokenBucket>> chatBurst = new HashMap<>();
  private final Map<String, Map<Long, TokenBucket>> groupMinute = new HashMap<>();

  /** Long floods: per bot, per chat id ({@link #EVERY_CHAT}: the whole bot), until when. */
  private final Map<String, Map<Long, Instant>> holds = new HashMap<>();

  private static final long EVERY_CHAT = 0;

  public FloodControl(SandboxSpec.FloodLimits limits) {
    this.limits = limits;
  }

  /**
   * A message of {@code bot} to {@code chatId} at {@code now}: empty when it may go (and it is
   * counted), else the {@code retry_after} in seconds of Telegram's 429.
   */
  public Optional<Integer> send(String bot, long chatId, Instant now) {
    Optional<Integer> held = held(bot, chatId, now);
    if (held.isPresent()) return held;
    TokenBucket all =
        perSecond.computeIfAbsent(
            bot, b -> TokenBucket.full(limits.perBotPerSecond(), Duration.ofSeconds(1), now));
    TokenBucket burst =
        chatBurst
            .computeIfAbsent(bot, b -> new HashMap<>())
            .computeIfAbsent(
                chatId,
                c ->
                    TokenBucket.full(
                        limits.chatBurst(),
                        limits.chatInterval().multipliedBy(limits.chatBurst()),
                        now));
    TokenBucket minute =
        groupMinute
            .computeIfAbsent(bot, b -> new HashMap<>())
            .computeIfAbsent(
                chatId, c -> TokenBucket.full(limits.groupPerMinute(), Duration.ofMinutes(1), now));
    Instant next = now;
    for (TokenBucket b : new TokenBucket[] {all, burst, minute}) {
      Instant at = b.nextTokenAt(now);
      if (at.isAfter(next)) next = at;
    }
    if (next.isAfter(now))
      return Optional.of((int) Math.max(1, Math.ceil(Duration.between(now, next).toNanos() / 1e9)));
    perSecond.put(bot, all.take(now));
    chatBurst.get(bot).put(chatId, burst.take(now));
    groupMinute.get(bot).put(chatId, minute.take(now));
    return Optional.empty();
  }

  /**
   * A long flood: {@code bot}'s sends to {@code chatId} (empty: to every chat) are refused until
   * {@code until}, whatever its limits say.
   */
  public void hold(String bot, Optional<Long> chatId, Instant until) {
    holds.computeIfAbsent(bot, b -> new HashMap<>()).put(chatId.orElse(EVERY_CHAT), until);
  }

  /**
   * The {@code retry_after} of a long flood on {@code bot} in {@code chatId} or everywhere at
   * {@code now}: the whole seconds left, rounded up; empty when none is on.
   */
  public Optional<Integer> held(String bot, long chatId, Instant now) {
    Map<Long, Instant> set = holds.get(bot);
    if (set == null) return Optional.empty();
    set.values().removeIf(until -> !until.isAfter(now));
    Instant until = null;
    for (long key : new long[] {chatId, EVERY_CHAT}) {
      Instant at = set.get(key);
      if (at != null && (until == null || at.isAfter(until))) until = at;
    }
    return until == null
        ? Optional.empty()
        : Optional.of((int) Math.max(1, Math.ceil(Duration.between(now, until).toNanos() / 1e9)));
  }
}
