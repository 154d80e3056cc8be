package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.generation.GenerationSettings.Budget;
import io.botswarm.generation.GenerationSettings.WhenSpent;
import io.botswarm.generation.LlmBudget.Go;
import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * One node's budget under any interleaving of calls starting and answering: it never lets more
 * calls start than the budget pays for.
 */
class LlmBudgetPropertyTest {

  /**
   * @param steps per step: 0 starts a call if the budget lets it, 1 answers the oldest call in
   *     flight, 2 lets the oldest call fail (it costs nothing)
   */
  @Property(tries = 500)
  void neverMoreCallsStartThanTheBudgetPaysFor(
      @ForAll @LongRange(min = 1, max = 2_000) long limit,
      @ForAll @LongRange(min = 1, max = 300) long cost,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 2) Integer> steps) {
    var budget =
        new LlmBudget(
            new Budget(0, 0, limit, WhenSpent.SILENCE, Duration.ofSeconds(5), Duration.ZERO),
            BudgetLedger.inMemory(),
            new ManualClock(Instant.parse("2026-11-29T12:00:00Z")));
    Deque<LlmBudget.Ticket> inFlight = new ArrayDeque<>();
    long charged = 0;
    long started = 0;
    for (int step : steps) {
      if (step == 0) {
        var decision =
            budget.check("anna_bot", Optional.of("-100"), cost).toCompletableFuture().join();
        if (decision instanceof Go go) {
          assertTrue(
              charged + inFlight.size() * cost < limit,
              "a call started with " + charged + " spent and " + inFlight.size() + " in flight");
          inFlight.add(go.ticket());
          started++;
        }
      } else if (!inFlight.isEmpty()) {
        var ticket = inFlight.poll();
        if (step == 1) {
          budget.charge(ticket, cost);
          charged += cost;
        } else {
          budget.release(ticket);
        }
      }
    }
    long paidFor = (limit + cost - 1) / cost;
    assertTrue(
        charged <= paidFor * cost,
        "spent " + charged + " of " + limit + " with calls of " + cost + " (" + started + ")");
    assertTrue(charged < limit + cost, "at most the last call passes the limit");
  }
}
