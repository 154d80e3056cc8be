package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The back-off between failed polls: it grows, never past {@link PollBackOff#MOST} however long the
 * failures last, and starts over after an answer; so a bot polls again within seconds once the Bot
 * API answers.
 */
class PollBackOffTest {

  @Test
  void growsToFiveSecondsAtMostAndStartsOverAfterAnAnswer() {
    var noJitter = new PollBackOff(() -> 0.0);
    assertEquals(250, noJitter.nextBackOffMillis());
    assertEquals(500, noJitter.nextBackOffMillis());
    assertEquals(1000, noJitter.nextBackOffMillis());
    assertEquals(2000, noJitter.nextBackOffMillis());
    assertEquals(4000, noJitter.nextBackOffMillis());
    // A day of failures at five seconds: still five seconds, never the library's fifteen minutes.
    for (int i = 0; i < 20_000; i++) assertEquals(5000, noJitter.nextBackOffMillis());
    noJitter.reset();
    assertEquals(250, noJitter.nextBackOffMillis());
  }

  @Test
  void jitterTakesAtMostAFifthOff() {
    var mostJitter = new PollBackOff(() -> 0.999_999);
    long first = mostJitter.nextBackOffMillis();
    assertTrue(first >= 200 && first <= 250, "first wait " + first);
    for (int i = 0; i < 10; i++) mostJitter.nextBackOffMillis();
    long capped = mostJitter.nextBackOffMillis();
    assertTrue(capped >= 4000 && capped <= 5000, "capped wait " + capped);
  }
}
