package io.botswarm.telegram;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.telegram.telegrambots.longpolling.interfaces.BackOff;

/**
 * How long a bot's long poll waits after a failed {@code getUpdates} before it asks again: from
 * {@link #FIRST}, doubling, never more than {@link #MOST}, with a little jitter so that the bots of
 * a node do not ask in step; back to the start after an answer.
 *
 * <p>The library's own {@code ExponentialBackOff} grows to a minute between polls, and once
 * failures have lasted its fifteen minutes of "elapsed time" it waits fifteen minutes every time:
 * after a long outage a bot stayed deaf for up to a quarter of an hour once the API answered again.
 * The library sleeps the poll thread for the whole wait, so the wait is how late the first poll
 * after a recovery can be: here that is seconds.
 */
final class PollBackOff implements BackOff {

  static final Duration FIRST = Duration.ofMillis(250);
  static final Duration MOST = Duration.ofSeconds(5);

  private final DoubleSupplier random;
  private long next = FIRST.toMillis();

  PollBackOff() {
    this(() -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random numbers in [0, 1) for the jitter
   */
  PollBackOff(DoubleSupplier random) {
    this.random = random;
  }

  @Override
  public void reset() {
    next = FIRST.toMillis();
  }

  /** The wait before the next poll: between 80 % and 100 % of the current step. */
  @Override
  public long nextBackOffMillis() {
    long step = next;
    next = Math.min(MOST.toMillis(), next * 2);
    return step - (long) (step * 0.2 * random.getAsDouble());
  }
}
