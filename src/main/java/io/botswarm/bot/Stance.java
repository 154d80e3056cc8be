package io.botswarm.bot;

import java.time.Instant;

/**
 * A bot's position on a topic, from -1 (against) to 1 (for). Its sign may change only once the
 * cooldown has passed, so bots do not flip-flop from one message to the next.
 */
public record Stance(
    String topic,
    double position,
    double confidence,
    String rationale,
    Instant updatedAt,
    Instant cooldownUntil) {

  /** Whether moving to {@code newPosition} changes the side taken (against, neutral, for). */
  boolean flipsTo(double newPosition) {
    return Math.signum(position) != Math.signum(newPosition);
  }
}
