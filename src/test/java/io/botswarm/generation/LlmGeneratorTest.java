package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.botswarm.generation.DraftResult.Draft;
import io.botswarm.testing.TestNodes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Against a real OpenAI-compatible HTTP server on 127.0.0.1 that this test starts and steers. */
class LlmGeneratorTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("akka.actor.provider = local")
              .withFallback(ConfigFactory.load("application-test.conf")));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static GenerationSettings.OpenAi settings(
      CompletionsStub stub,
      Duration timeout,
      int concurrency,
      int queue,
      int maxFailures,
      Duration reset,
      int retries) {
    return new GenerationSettings.OpenAi(
        stub.baseUrl(),
        "test-model",
        Optional.of("sk-test-secret"),
        timeout,
        200,
        0.7,
        concurrency,
        queue,
        maxFailures,
        reset,
        retries);
  }

  static LlmGenerator generator(GenerationSettings.OpenAi settings) {
    return new LlmGenerator(
        testKit.system(),
        settings,
        new OpenAiClient(settings, new ObjectMapper()),
        new OfflineGenerator(42));
  }

  static Draft draft(LlmGenerator generator, DraftRequest request) throws Exception {
    return assertInstanceOf(
        Draft.class, generator.draft(request).toCompletableFuture().get(20, TimeUnit.SECONDS));
  }

  /** The breaker counts a failure when the call's future completes, just after the draft does. */
  static void awaitOpen(LlmGenerator generator) throws Exception {
    TestNodes.await("the breaker opens", 20, generator::breakerOpen);
  }

  /**
   * A deadline no draft meets on a machine however busy, where the test is not about deadlines:
   * only the stub's mode, or holding it, decides what a draft gets.
   */
  static final Duration PATIENT = Duration.ofSeconds(60);

  static final DraftRequest REQUEST = Requests.forBot(7, 1, Optional.of(Requests.QUESTION));

  @Test
  void theRequestCarriesThePersonaTheChosenMemoriesAndTheChat() throws Exception {
    try (var stub = new CompletionsStub()) {
      var generator = generator(settings(stub, PATIENT, 4, 10, 3, Duration.ofSeconds(5), 0));
      Draft draft = draft(generator, REQUEST);
      assertEquals("Gold, obviously. Bitcoin is a casino.", draft.text());
      assertEquals("llm:test-model", draft.source());
      assertEquals(1, generator.latencies().count());

      var body = new ObjectMapper().readTree(stub.requests.get(0));
      assertEquals("test-model", body.get("model").asText());
      assertEquals(200, body.get("max_tokens").asInt());
      String system = body.get("messages").get(0).get("content").asText();
      assertTrue(
          system.contains(REQUEST.persona().name())
              && system.contains("@" + REQUEST.persona().handle()),
          system);
      assertTrue(system.contains(REQUEST.persona().speakingStyle()), system);
      for (var memory : REQUEST.memories()) assertTrue(system.contains(memory.content()), system);
      for (var stance : REQUEST.stances()) assertTrue(system.contains(stance.topic()), system);
      var messages = body.get("messages");
      assertEquals("Bob: " + Requests.QUESTION.text(), messages.get(1).get("content").asText());
      assertTrue(
          messages.get(messages.size() - 1).get("content").asText().contains("reply to Bob"));
      assertFalse(
          stub.requests.get(0).contains("sk-test-secret"),
          "the key goes in a header, not the body");
    }
  }

  @Test
  void errorsOpenTheBreakerDraftsFallBackAndItRecoversAfterTheResetTimeout() throws Exception {
    try (var stub = new CompletionsStub()) {
      var generator = generator(settings(stub, PATIENT, 4, 10, 2, Duration.ofMillis(800), 0));
      stub.mode = CompletionsStub.Mode.FAIL_500;
      Draft first = draft(generator, REQUEST);
      assertTrue(
          first.source().startsWith("offline (fallback: ApiException: the endpoint answered 500"),
          first.source());
      assertFalse(first.text().isBlank());
      draft(generator, REQUEST);
      awaitOpen(generator);

      int callsWhileOpen = stub.calls.get();
      Draft whileOpen = draft(generator, REQUEST);
      assertEquals("offline (fallback: circuit breaker open)", whileOpen.source());
      assertEquals(callsWhileOpen, stub.calls.get(), "an open breaker sends nothing");

      stub.mode = CompletionsStub.Mode.ANSWER;
      TestNodes.await(
          "the breaker half-opens after its reset timeout", 20, () -> !generator.breakerOpen());
      Draft halfOpen = draft(generator, REQUEST);
      assertEquals(
          "llm:test-model",
          halfOpen.source(),
          "the trial request half-opened and closed the breaker");
      assertFalse(generator.breakerOpen());
    }
  }

  @Test
  void rateLimitsAreRetriedOnceThenCountAsFailures() throws Exception {
    try (var stub = new CompletionsStub()) {
      var generator = generator(settings(stub, PATIENT, 4, 10, 1, Duration.ofSeconds(30), 1));
      stub.mode = CompletionsStub.Mode.RATE_LIMIT_429;
      Draft limited = draft(generator, REQUEST);
      assertEquals(2, stub.calls.get(), "one retry after Retry-After");
      assertTrue(limited.source().contains("429"), limited.source());
      awaitOpen(generator);
    }
  }

  @Test
  void aTimeoutFallsBackAndOpensTheBreaker() throws Exception {
    try (var stub = new CompletionsStub()) {
      var generator =
          generator(settings(stub, Duration.ofMillis(400), 4, 10, 1, Duration.ofSeconds(30), 0));
      // The endpoint holds its answer until the stub closes: the draft comes back without it.
      stub.hold();
      Draft late = draft(generator, REQUEST);
      assertEquals("offline (fallback: no answer within 400 ms)", late.source());
      awaitOpen(generator);
    }
  }

  @Test
  void aSlowEndpointDelaysNoOtherDrafts() throws Exception {
    try (var slow = new CompletionsStub();
        var fast = new CompletionsStub()) {
      slow.hold();
      var busy = generator(settings(slow, PATIENT, 1, 1, 5, Duration.ofSeconds(30), 0));
      var quick = generator(settings(fast, PATIENT, 1, 1, 5, Duration.ofSeconds(30), 0));
      var inFlight = busy.draft(REQUEST).toCompletableFuture();
      var waiting = busy.draft(REQUEST).toCompletableFuture();
      // Offers queue in order: once the first is at the endpoint, the second fills the queue.
      TestNodes.await("the first draft reaches the slow endpoint", 20, () -> slow.calls.get() == 1);

      Draft overflow = draft(busy, REQUEST);
      assertEquals(
          "offline (fallback: too many drafts waiting for llm:test-model)", overflow.source());
      Draft other = draft(quick, REQUEST);
      assertEquals("llm:test-model", other.source());
      var offline = new OfflineGenerator(42).draft(REQUEST).toCompletableFuture().get();
      assertInstanceOf(Draft.class, offline);
      assertFalse(
          inFlight.isDone() || waiting.isDone(),
          "none of them waited for the slow endpoint, which has not answered yet");

      slow.release();
      assertEquals("llm:test-model", ((Draft) inFlight.get(20, TimeUnit.SECONDS)).source());
      assertEquals("llm:test-model", ((Draft) waiting.get(20, TimeUnit.SECONDS)).source());
    }
  }

  @Test
  void aMisconfiguredEndpointLeavesTheSwarmOnTheOfflineGenerator() {
    var system =
        ActorTestKit.create(
            ConfigFactory.parseMap(
                    Map.of(
                        "akka.actor.provider", "local",
                        "botswarm.generation.backend", "openai",
                        "botswarm.generation.openai.base-url", "ftp://models.example",
                        "botswarm.generation.openai.model", "x"))
                .withFallback(ConfigFactory.load("application-test.conf")));
    try {
      var settings = GenerationSettings.fromConfig(system.system().settings().config());
      assertInstanceOf(
          OfflineGenerator.class,
          Generators.create(system.system(), settings, BudgetLedger.inMemory()));
    } finally {
      system.shutdownTestKit();
    }
  }

  @Test
  void theKeyNeverShowsInTheSettingsText() throws Exception {
    try (var stub = new CompletionsStub()) {
      var s = settings(stub, Duration.ofSeconds(1), 1, 1, 1, Duration.ofSeconds(1), 0);
      assertFalse(s.toString().contains("sk-test-secret"), s.toString());
      assertTrue(s.toString().contains("key set"));
    }
  }
}
