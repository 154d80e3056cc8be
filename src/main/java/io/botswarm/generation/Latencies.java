package io.botswarm.generation;

import java.time.Duration;
import java.util.Arrays;

/** The latest latencies of a call, kept in a ring, with their count and percentiles. */
public final class Latencies {

  private final long[] micros;
  private long count;

  public Latencies(int window) {
    this.micros = new long[window];
  }

  public synchronized void record(Duration latency) {
    micros[(int) (count++ % micros.length)] = latency.toNanos() / 1000;
  }

  public synchronized long count() {
    return count;
  }

  /**
   * The {@code p}-th percentile (0-100) of the latencies in the window; zero when there are none.
   */
  public synchronized Duration percentile(double p) {
    int n = (int) Math.min(count, micros.length);
    if (n == 0) return Duration.ZERO;
    long[] sorted = Arrays.copyOf(micros, n);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * n) - 1;
    return Duration.ofNanos(sorted[Math.max(0, Math.min(n - 1, index))] * 1000);
  }
}
