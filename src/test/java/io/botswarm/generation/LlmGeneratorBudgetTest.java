package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.botswarm.generation.BudgetLedger.Scope;
import io.botswarm.generation.DraftResult.Draft;
import io.botswarm.generation.DraftResult.Refusal;
import io.botswarm.generation.GenerationSettings.Budget;
import io.botswarm.generation.GenerationSettings.WhenSpent;
import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The budget in front of a real OpenAI-compatible HTTP server that answers {@code usage} (40 prompt
 * and 10 completion tokens a call): a spent budget keeps drafts from the endpoint.
 */
class LlmGeneratorBudgetTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("akka.actor.provider = local")
              .withFallback(ConfigFactory.load("application-test.conf")));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static final DraftRequest ANNA = Requests.forBot(7, 1, Optional.of(Requests.QUESTION));
  static final DraftRequest BORIS = Requests.forBot(8, 1, Optional.of(Requests.QUESTION));

  static LlmBudget budget(long perBot, long perChat, WhenSpent whenSpent) {
    return new LlmBudget(
        new Budget(perBot, perChat, 0, whenSpent, Duration.ofSeconds(5), Duration.ofSeconds(1)),
        BudgetLedger.inMemory(),
        new ManualClock(Instant.parse("2026-11-29T12:00:00Z")));
  }

  static LlmGenerator generator(CompletionsStub stub, LlmBudget budget) {
    var settings =
        LlmGeneratorTest.settings(
            stub, LlmGeneratorTest.PATIENT, 4, 10, 3, Duration.ofSeconds(5), 0);
    return new LlmGenerator(
        testKit.system(),
        settings,
        new OpenAiClient(settings, new ObjectMapper()),
        new OfflineGenerator(42),
        budget);
  }

  static DraftResult draft(LlmGenerator generator, DraftRequest request) throws Exception {
    return generator.draft(request).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void onceABotsBudgetIsSpentItsDraftsAreWrittenOfflineAndTheEndpointHearsNoMore()
      throws Exception {
    try (var stub = new CompletionsStub()) {
      var budget = budget(100, 0, WhenSpent.OFFLINE);
      var generator = generator(stub, budget);
      for (int i = 0; i < 2; i++)
        assertEquals(
            "llm:test-model", assertInstanceOf(Draft.class, draft(generator, ANNA)).source());
      assertEquals(OptionalLong.of(0), budget.remaining(Scope.BOT, ANNA.botId()));

      for (int i = 0; i < 3; i++) {
        Draft offline = assertInstanceOf(Draft.class, draft(generator, ANNA));
        assertEquals(
            "offline (fallback: the LLM budget of bot "
                + ANNA.botId()
                + " (100 tokens a day) is spent for 2026-11-29 UTC)",
            offline.source());
        assertTrue(!offline.text().isBlank());
      }
      assertEquals(2, stub.calls.get(), "no call for a spent budget");

      assertEquals(
          "llm:test-model", assertInstanceOf(Draft.class, draft(generator, BORIS)).source());
      assertEquals(3, stub.calls.get(), "another bot's budget is its own");
    }
  }

  @Test
  void onceAChatsBudgetIsSpentPolicySilenceRefusesItsDraftsWithoutACall() throws Exception {
    try (var stub = new CompletionsStub()) {
      var generator = generator(stub, budget(0, 50, WhenSpent.SILENCE));
      assertInstanceOf(Draft.class, draft(generator, ANNA.inChat("-100")));
      Refusal refusal = assertInstanceOf(Refusal.class, draft(generator, BORIS.inChat("-100")));
      assertEquals(
          "the LLM budget of chat -100 (50 tokens a day) is spent for 2026-11-29 UTC",
          refusal.reason());
      assertEquals(1, stub.calls.get());
      assertInstanceOf(Draft.class, draft(generator, BORIS.inChat("-200")));
      assertEquals(2, stub.calls.get(), "another chat");
    }
  }

  @Test
  void anAnswerWithoutUsageIsChargedAtOneTokenPerFourCharacters() throws Exception {
    try (var stub = new CompletionsStub()) {
      stub.withUsage = false;
      var budget = budget(10_000, 0, WhenSpent.OFFLINE);
      var generator = generator(stub, budget);
      assertInstanceOf(Draft.class, draft(generator, ANNA));
      long estimate = OpenAiClient.estimate(Prompt.of(ANNA), stub.answer);
      assertTrue(estimate > 50, "the prompt alone is longer than 200 characters: " + estimate);
      assertEquals(OptionalLong.of(10_000 - estimate), budget.remaining(Scope.BOT, ANNA.botId()));
    }
  }
}
