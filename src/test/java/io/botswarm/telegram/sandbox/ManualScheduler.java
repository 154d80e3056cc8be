package io.botswarm.telegram.sandbox;

import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The sandbox's time for a test: its {@link ManualClock} and the work the sandbox put off (long
 * polls ending, webhook retries), run only when the test moves the clock past it.
 */
final class ManualScheduler implements BiConsumer<Duration, Runnable> {

  private record Task(Instant at, long order, Runnable run) {}

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Task> tasks = new ArrayList<>();
  private long order;

  @Override
  public synchronized void accept(Duration delay, Runnable task) {
    tasks.add(new Task(clock.instant().plus(delay), order++, task));
  }

  /** How much work waits for the clock. */
  synchronized int waiting() {
    return tasks.size();
  }

  /** Moves the clock by {@code by} and runs, in time order, the work that has become due. */
  void advance(Duration by) {
    Instant until = clock.instant().plus(by);
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> !t.at().isAfter(until))
                .min(Comparator.comparing(Task::at).thenComparingLong(Task::order))
                .orElse(null);
        if (next == null) break;
        tasks.remove(next);
        if (next.at().isAfter(clock.instant()))
          clock.advance(Duration.between(clock.instant(), next.at()));
      }
      next.run().run();
    }
    if (until.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), until));
  }
}
