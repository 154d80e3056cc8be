package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.generation.BudgetLedger.Key;
import io.botswarm.generation.BudgetLedger.Scope;
import io.botswarm.generation.GenerationSettings.Budget;
import io.botswarm.generation.GenerationSettings.WhenSpent;
import io.botswarm.generation.LlmBudget.Go;
import io.botswarm.generation.LlmBudget.Spent;
import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.testing.CapturedLog;
import io.botswarm.testing.ManualClock;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@code llm_budget} table on the suite's PostgreSQL: two nodes' budgets over it hold the
 * swarm-wide budget between them, concurrent adds lose nothing, and a database that is down leaves
 * one log line and a swarm that still talks.
 */
class JdbcBudgetLedgerTest {

  static final ExecutorService blocking = Executors.newFixedThreadPool(4);

  @AfterAll
  static void stop() {
    blocking.shutdown();
  }

  static JdbcBudgetLedger ledger(String url) {
    var source = new PGSimpleDataSource();
    source.setUrl(url);
    source.setUser(LocalPostgres.USER);
    return new JdbcBudgetLedger(source, blocking);
  }

  static LlmBudget node(BudgetLedger ledger, ManualClock clock, long swarm) {
    return new LlmBudget(
        new Budget(0, 0, swarm, WhenSpent.SILENCE, Duration.ofSeconds(5), Duration.ofSeconds(10)),
        ledger,
        clock);
  }

  static LlmBudget.Decision check(LlmBudget budget, String bot) {
    return budget.check(bot, Optional.of("-100"), 1).toCompletableFuture().join();
  }

  @Test
  void twoNodesHoldTheSwarmBudgetBetweenThem() throws Exception {
    // A day of its own in the shared database.
    var clock = new ManualClock(Instant.parse("2031-03-01T09:00:00Z"));
    var database = ledger(TestDatabase.url());
    var one = node(ledger(TestDatabase.url()), clock, 100);
    var two = node(ledger(TestDatabase.url()), clock, 100);
    one.charge(assertInstanceOf(Go.class, check(one, "anna_bot")).ticket(), 70);
    awaitSwarmTotal(database, clock, 70);
    // Node two reads the database before its first call: it knows node one's 70.
    var go = assertInstanceOf(Go.class, check(two, "boris_bot"));
    two.charge(go.ticket(), 30);
    assertInstanceOf(Spent.class, check(two, "boris_bot"), "70 read and 30 spent");
    awaitSwarmTotal(database, clock, 100);
    clock.advance(Duration.ofSeconds(5));
    assertInstanceOf(Spent.class, check(one, "anna_bot"), "one read node two's 30");
  }

  /** Charges are written after the call, asynchronously: wait until the table has them. */
  static void awaitSwarmTotal(BudgetLedger ledger, ManualClock clock, long tokens)
      throws Exception {
    var day = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    var swarm = new Key(Scope.SWARM, "swarm");
    TestNodes.await(
        "the swarm's total is " + tokens,
        20,
        () -> ledger.totals(day, List.of(swarm)).toCompletableFuture().join().get(swarm) == tokens);
  }

  @Test
  void concurrentAddsFromManyNodesLoseNoToken() {
    var ledger = ledger(TestDatabase.url());
    var day = LocalDate.of(2031, 3, 2);
    var swarm = new Key(Scope.SWARM, "swarm");
    List<CompletableFuture<?>> adds = new ArrayList<>();
    for (int i = 0; i < 40; i++)
      adds.add(
          ledger
              .add(day, Map.of(swarm, 5L, new Key(Scope.BOT, "b" + i % 4), 5L))
              .toCompletableFuture());
    CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).join();
    var totals =
        ledger.totals(day, List.of(swarm, new Key(Scope.BOT, "b0"))).toCompletableFuture().join();
    assertEquals(200L, totals.get(swarm));
    assertEquals(50L, totals.get(new Key(Scope.BOT, "b0")));
  }

  @Test
  void aDatabaseThatIsDownLeavesOneLogLineAndTheCallsGoOn() {
    var clock = new ManualClock(Instant.parse("2031-03-03T09:00:00Z"));
    var down = ledger("jdbc:postgresql://127.0.0.1:" + TestDatabase.freePort() + "/nothing");
    var budget = node(down, clock, 100);
    int mark = CapturedLog.mark();
    budget.charge(assertInstanceOf(Go.class, check(budget, "anna_bot")).ticket(), 60);
    clock.advance(Duration.ofSeconds(5));
    budget.charge(assertInstanceOf(Go.class, check(budget, "anna_bot")).ticket(), 40);
    assertInstanceOf(Spent.class, check(budget, "anna_bot"), "this node still counts");
    String log = CapturedLog.since(mark);
    assertEquals(1, LlmBudgetTest.count(log, "cannot read or write the LLM budget"), log);
    assertTrue(!log.contains("\tat "), "no stack trace: " + log);
  }
}
