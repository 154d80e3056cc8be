package io.botswarm.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void givesNearestRankPercentilesToThreeSignificantDigits() {
    var latencies = new Latencies();
    for (int ms = 1; ms <= 1000; ms++) latencies.recordMillis(ms);

    assertEquals(1000, latencies.count());
    assertEquals(500, latencies.percentileMillis(50), 0.5);
    assertEquals(990, latencies.percentileMillis(99), 1);
    assertEquals(1000, latencies.percentileMillis(100), 1);
    assertEquals(950, latencies.percentile(95).toMillis(), 1);
  }

  @Test
  void anEmptyOneSaysSoInsteadOfInventingALatency() {
    var latencies = new Latencies();

    assertEquals(0, latencies.count());
    assertEquals(Duration.ZERO, latencies.percentile(99));
    assertTrue(Double.isNaN(latencies.percentileMillis(99)));
  }

  @Test
  void countsABackwardClockAsNoTime() {
    var latencies = new Latencies();
    latencies.record(Duration.ofMillis(-3));

    assertEquals(1, latencies.count());
    assertEquals(Duration.ZERO, latencies.percentile(50));
  }
}
