package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.botswarm.generation.BudgetLedger.Key;
import io.botswarm.generation.BudgetLedger.Scope;
import io.botswarm.generation.GenerationSettings.Budget;
import io.botswarm.generation.GenerationSettings.WhenSpent;
import io.botswarm.generation.LlmBudget.Go;
import io.botswarm.generation.LlmBudget.Spent;
import io.botswarm.testing.CapturedLog;
import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The budget's rules on a clock the test moves, over a ledger in memory. */
class LlmBudgetTest {

  static final Instant LATE_EVENING = Instant.parse("2026-11-29T22:00:00Z");
  static final Duration REFRESH = Duration.ofSeconds(5);

  static Budget budget(long perBot, long perChat, long swarm) {
    return new Budget(perBot, perChat, swarm, WhenSpent.OFFLINE, REFRESH, Duration.ofMillis(200));
  }

  static LlmBudget.Decision check(LlmBudget budget, String bot, String chat, long estimate) {
    return budget.check(bot, Optional.ofNullable(chat), estimate).toCompletableFuture().join();
  }

  /** Lets a call through and charges what it cost. */
  static void spend(LlmBudget budget, String bot, String chat, long tokens) {
    budget.charge(assertInstanceOf(Go.class, check(budget, bot, chat, 1)).ticket(), tokens);
  }

  @Test
  void aCallStartsOnlyWhileTheBotsBudgetIsNotSpent() {
    var budget = new LlmBudget(budget(100, 0, 0), BudgetLedger.inMemory(), clock());
    spend(budget, "anna_bot", null, 60);
    spend(budget, "anna_bot", null, 50);
    var spent = assertInstanceOf(Spent.class, check(budget, "anna_bot", null, 1));
    assertEquals(Scope.BOT, spent.scope());
    assertEquals("anna_bot", spent.key());
    assertEquals(
        "the LLM budget of bot anna_bot (100 tokens a day) is spent for 2026-11-29 UTC",
        spent.reason());
    assertEquals(OptionalLong.of(0), budget.remaining(Scope.BOT, "anna_bot"));
    assertInstanceOf(Go.class, check(budget, "boris_bot", null, 1), "another bot's own budget");
  }

  @Test
  void callsInFlightCountAtTheirEstimateUntilTheyAreChargedOrReleased() {
    var budget = new LlmBudget(budget(100, 0, 0), BudgetLedger.inMemory(), clock());
    var first = assertInstanceOf(Go.class, check(budget, "anna_bot", null, 60));
    var second = assertInstanceOf(Go.class, check(budget, "anna_bot", null, 40));
    assertInstanceOf(Spent.class, check(budget, "anna_bot", null, 5), "60 + 40 in flight");
    budget.release(second.ticket());
    assertInstanceOf(Go.class, check(budget, "anna_bot", null, 5), "the released 40 came back");
    budget.charge(first.ticket(), 10);
    assertEquals(OptionalLong.of(90), budget.remaining(Scope.BOT, "anna_bot"));
  }

  @Test
  void aNewUtcDayStartsEveryBudgetAfresh() {
    var clock = clock();
    var budget = new LlmBudget(budget(100, 100, 100), BudgetLedger.inMemory(), clock);
    spend(budget, "anna_bot", "-100", 100);
    assertInstanceOf(Spent.class, check(budget, "anna_bot", "-100", 1));
    clock.advance(Duration.ofMinutes(119));
    assertInstanceOf(Spent.class, check(budget, "anna_bot", "-100", 1), "23:59 is still today");
    clock.advance(Duration.ofMinutes(1));
    assertInstanceOf(Go.class, check(budget, "anna_bot", "-100", 1), "midnight UTC");
    assertEquals(OptionalLong.of(100), budget.remaining(Scope.SWARM, "swarm"));
  }

  @Test
  void aChatsBudgetCountsOnlyDraftsForThatChat() {
    var budget = new LlmBudget(budget(0, 100, 0), BudgetLedger.inMemory(), clock());
    spend(budget, "anna_bot", "-100", 70);
    spend(budget, "boris_bot", "-100", 30);
    var spent = assertInstanceOf(Spent.class, check(budget, "carol_bot", "-100", 1));
    assertEquals(new Key(Scope.CHAT, "-100"), new Key(spent.scope(), spent.key()));
    assertInstanceOf(Go.class, check(budget, "carol_bot", "-200", 1), "another chat");
    assertInstanceOf(Go.class, check(budget, "carol_bot", null, 1), "a draft for no chat");
    assertEquals(OptionalLong.empty(), budget.remaining(Scope.BOT, "carol_bot"), "no bot limit");
  }

  @Test
  void theSwarmBudgetCountsEveryBotInEveryChat() {
    var budget = new LlmBudget(budget(0, 0, 100), BudgetLedger.inMemory(), clock());
    spend(budget, "anna_bot", "-100", 50);
    spend(budget, "boris_bot", "-200", 30);
    spend(budget, "carol_bot", null, 20);
    var spent = assertInstanceOf(Spent.class, check(budget, "dora_bot", "-300", 1));
    assertEquals(Scope.SWARM, spent.scope());
  }

  @Test
  void withoutLimitsEveryCallGoesAndNothingIsWritten() {
    var ledger = new SwitchableLedger();
    var budget = new LlmBudget(budget(0, 0, 0), ledger, clock());
    spend(budget, "anna_bot", "-100", 1_000_000);
    assertInstanceOf(Go.class, check(budget, "anna_bot", "-100", 1_000_000));
    assertEquals(0, ledger.asked);
  }

  @Test
  void twoNodesOverOneLedgerHoldTheSwarmBudgetAsSoonAsEitherLooksAgain() {
    var clock = clock();
    var ledger = BudgetLedger.inMemory();
    var one = new LlmBudget(budget(0, 0, 100), ledger, clock);
    var two = new LlmBudget(budget(0, 0, 100), ledger, clock);
    assertInstanceOf(Go.class, check(two, "boris_bot", null, 1));
    spend(one, "anna_bot", null, 100);
    assertInstanceOf(Spent.class, check(one, "anna_bot", null, 1));
    // Node two read the total (0) a moment ago and trusts it for REFRESH: the documented overshoot.
    assertInstanceOf(Go.class, check(two, "boris_bot", null, 1));
    clock.advance(REFRESH);
    assertInstanceOf(Spent.class, check(two, "boris_bot", null, 1), "it read the swarm's total");
  }

  @Test
  void aSpentBudgetIsLoggedOncePerScopeAndDay() {
    var clock = clock();
    var budget = new LlmBudget(budget(10, 0, 0), BudgetLedger.inMemory(), clock);
    int mark = CapturedLog.mark();
    spend(budget, "logged_bot", null, 10);
    for (int i = 0; i < 3; i++) assertInstanceOf(Spent.class, check(budget, "logged_bot", null, 1));
    clock.advance(Duration.ofHours(2));
    spend(budget, "logged_bot", null, 10);
    assertInstanceOf(Spent.class, check(budget, "logged_bot", null, 1));
    var lines =
        Pattern.compile("LLM budget of bot logged_bot \\(10 tokens a day\\) is spent for (\\S+)")
            .matcher(CapturedLog.since(mark))
            .results()
            .map(m -> m.group(1))
            .toList();
    assertEquals(List.of("2026-11-29", "2026-11-30"), lines);
  }

  @Test
  void aLedgerThatFailsLeavesTheNodeCountingOnItsOwnAndItsSpendingIsWrittenLater() {
    var clock = clock();
    var ledger = new SwitchableLedger();
    var budget = new LlmBudget(budget(100, 0, 0), ledger, clock);
    int mark = CapturedLog.mark();
    ledger.down = true;
    spend(budget, "anna_bot", null, 60);
    clock.advance(REFRESH);
    spend(budget, "anna_bot", null, 40);
    assertInstanceOf(Spent.class, check(budget, "anna_bot", null, 1), "counted on this node");
    String log = CapturedLog.since(mark);
    assertEquals(1, count(log, "cannot read or write the LLM budget"), log);
    assertTrue(!log.contains("\tat "), "one line, no stack trace: " + log);

    ledger.down = false;
    clock.advance(REFRESH);
    assertInstanceOf(Spent.class, check(budget, "anna_bot", null, 1));
    assertEquals(
        100L,
        ledger
            .totals(LATE_EVENING_DAY, List.of(new Key(Scope.BOT, "anna_bot")))
            .toCompletableFuture()
            .join()
            .get(new Key(Scope.BOT, "anna_bot")),
        "what it spent while the ledger was down");
    assertEquals(1, count(CapturedLog.since(mark), "database answers again"));
  }

  @Test
  void aLedgerThatHangsHoldsADecisionNoLongerThanTheReadWait() {
    var hanging =
        new BudgetLedger() {
          @Override
          public CompletionStage<Map<Key, Long>> totals(LocalDate day, List<Key> keys) {
            return new CompletableFuture<>();
          }

          @Override
          public CompletionStage<Map<Key, Long>> add(LocalDate day, Map<Key, Long> tokens) {
            return new CompletableFuture<>();
          }
        };
    var budget = new LlmBudget(budget(100, 0, 0), hanging, clock());
    assertInstanceOf(Go.class, check(budget, "anna_bot", null, 1));
  }

  @Test
  void theDefaultBudgetHasNoLimits() {
    var budget = GenerationSettings.budgetFromConfig(ConfigFactory.load("application-test.conf"));
    assertEquals(Budget.unlimited(), budget);
  }

  @Test
  void aBadBudgetSettingIsOneLineNamingTheKeyAndWhatToWrite() {
    var config =
        ConfigFactory.parseString("botswarm.generation.budget.when-spent = mute")
            .withFallback(ConfigFactory.load("application-test.conf"));
    var e = assertThrows(ConfigException.class, () -> GenerationSettings.budgetFromConfig(config));
    assertTrue(
        e.getMessage().contains("botswarm.generation.budget.when-spent")
            && e.getMessage().contains("'mute' must be offline or silence"),
        e.getMessage());
    var negative =
        ConfigFactory.parseString("botswarm.generation.budget.swarm-tokens = -5")
            .withFallback(ConfigFactory.load("application-test.conf"));
    assertTrue(
        assertThrows(ConfigException.class, () -> GenerationSettings.budgetFromConfig(negative))
            .getMessage()
            .contains("budget.swarm-tokens"));
  }

  static final LocalDate LATE_EVENING_DAY = LocalDate.of(2026, 11, 29);

  static ManualClock clock() {
    return new ManualClock(LATE_EVENING);
  }

  static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  /** A ledger in memory that can be told to fail, as a database that is down does. */
  static final class SwitchableLedger implements BudgetLedger {
    private final BudgetLedger memory = BudgetLedger.inMemory();
    volatile boolean down;
    volatile int asked;

    @Override
    public CompletionStage<Map<Key, Long>> totals(LocalDate day, List<Key> keys) {
      asked++;
      return down ? refused() : memory.totals(day, keys);
    }

    @Override
    public CompletionStage<Map<Key, Long>> add(LocalDate day, Map<Key, Long> tokens) {
      asked++;
      return down ? refused() : memory.add(day, tokens);
    }

    private static <T> CompletionStage<T> refused() {
      return CompletableFuture.failedFuture(
          new java.sql.SQLTransientConnectionException("Connection refused"));
    }
  }
}
