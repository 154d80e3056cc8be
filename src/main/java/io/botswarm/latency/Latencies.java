package io.botswarm.latency;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one kind of call and their percentiles: an HdrHistogram in microseconds, three
 * significant digits, growing to whatever range it is given, so that neither a window of raw
 * samples nor a sort is needed. Safe to record into from many threads.
 */
public final class Latencies {

  private final Histogram micros = new Histogram(3);

  public synchronized void record(Duration latency) {
    // A clock that stepped back gives a negative interval: it counts, as no time at all.
    micros.recordValue(Math.max(0, latency.toNanos() / 1000));
  }

  public void recordMillis(long millis) {
    record(Duration.ofMillis(millis));
  }

  public synchronized long count() {
    return micros.getTotalCount();
  }

  /** The {@code p}-th percentile (0-100); zero when nothing was recorded. */
  public synchronized Duration percentile(double p) {
    return count() == 0 ? Duration.ZERO : Duration.ofNanos(micros.getValueAtPercentile(p) * 1000);
  }

  /** The {@code p}-th percentile (0-100) in milliseconds; NaN when nothing was recorded. */
  public synchronized double percentileMillis(double p) {
    return count() == 0 ? Double.NaN : micros.getValueAtPercentile(p) / 1000.0;
  }
}
