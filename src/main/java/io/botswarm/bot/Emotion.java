package io.botswarm.bot;

import java.time.Duration;
import java.time.Instant;

/**
 * A mood felt with an intensity in [0, 1] since an instant. The intensity halves every half-life,
 * so decay is a pure function of time: no timer and no event is needed for it, and replaying the
 * journal gives the same feeling at the same instant.
 */
public record Emotion(Mood mood, double intensity, Instant since) {

  /** Below this intensity a feeling is gone and the bot is neutral again. */
  static final double FADED = 0.05;

  public static Emotion neutral(Instant since) {
    return new Emotion(Mood.NEUTRAL, 0.0, since);
  }

  /** The feeling as it is at {@code now}, after decaying since {@link #since}. */
  public Emotion at(Instant now, Duration halfLife) {
    if (mood == Mood.NEUTRAL || !now.isAfter(since)) return this;
    double halvings = (double) Duration.between(since, now).toMillis() / halfLife.toMillis();
    double left = intensity * Math.pow(0.5, halvings);
    return left < FADED ? neutral(now) : new Emotion(mood, left, now);
  }
}
