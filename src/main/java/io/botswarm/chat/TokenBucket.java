package io.botswarm.chat;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket as a value: {@code capacity} tokens, refilled continuously at {@code capacity} per
 * {@code period}. Refill is computed from the time of each use, so the same uses always leave the
 * same bucket. It paces the gateway's sends per bot and models Telegram's flood control in the
 * sandbox; it lets up to {@code 2 × capacity − 1} through in one period, so a chat's own limits,
 * which must hold in every window, are {@link SlidingWindow}s instead.
 */
public record TokenBucket(double capacity, Duration period, double tokens, Instant updated) {

  public static TokenBucket full(double capacity, Duration period, Instant now) {
    return new TokenBucket(capacity, period, capacity, now);
  }

  /** The bucket as it stands at {@code now}. */
  public TokenBucket at(Instant now) {
    if (!now.isAfter(updated)) return this;
    double refill = capacity * Duration.between(updated, now).toNanos() / (double) period.toNanos();
    return new TokenBucket(capacity, period, Math.min(capacity, tokens + refill), now);
  }

  public boolean hasToken(Instant now) {
    return at(now).tokens >= 1.0 - 1e-9;
  }

  /** Takes one token at {@code now}; may go below one, never below zero. */
  public TokenBucket take(Instant now) {
    TokenBucket b = at(now);
    return new TokenBucket(capacity, period, Math.max(0, b.tokens - 1), b.updated);
  }

  /**
   * When the next token will be there: {@code now} when it already is. A bucket last used in the
   * future (a draft booked to go later) counts from then.
   */
  public Instant nextTokenAt(Instant now) {
    Instant base = now.isAfter(updated) ? now : updated;
    TokenBucket b = at(base);
    if (b.tokens >= 1.0 - 1e-9) return base;
    long nanos = (long) Math.ceil((1 - b.tokens) * period.toNanos() / capacity);
    return base.plusNanos(nanos);
  }
}
