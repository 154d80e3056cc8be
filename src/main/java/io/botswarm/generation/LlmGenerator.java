package io.botswarm.generation;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.CircuitBreaker;
import akka.stream.OverflowStrategy;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.SourceQueueWithComplete;
import io.botswarm.generation.DraftResult.Draft;
import io.botswarm.generation.DraftResult.Refusal;
import io.botswarm.latency.Latencies;
import io.botswarm.metrics.SwarmMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drafts from an OpenAI-compatible endpoint, with the offline generator behind it. LLM latency is
 * the swarm's real bottleneck, so the endpoint is shielded three ways, and in each case the draft
 * falls back to the offline generator at once instead of waiting:
 *
 * <ul>
 *   <li>bounded concurrency with backpressure: an akka-stream queue feeds at most {@code
 *       concurrency} requests at a time; past {@code queue-size} waiting ones, a draft falls back;
 *   <li>a deadline: a draft not answered within {@code timeout} of being asked falls back, and its
 *       request is not sent if it had not started;
 *   <li>a circuit breaker: {@code max-failures} errors or timeouts in a row open it, drafts fall
 *       back until {@code reset-timeout} has passed, then one trial request half-opens it.
 * </ul>
 *
 * <p>And the {@link LlmBudget} is asked before each call: a draft whose budget is spent never
 * reaches the endpoint; it is written offline or refused, by the budget's policy.
 */
public final class LlmGenerator implements Generator {

  private static final Logger log = LoggerFactory.getLogger(LlmGenerator.class);

  private record Job(
      DraftRequest request,
      List<OpenAiClient.Message> prompt,
      CompletableFuture<DraftResult> result,
      long askedAt,
      LlmBudget.Ticket ticket) {}

  private final GenerationSettings.OpenAi settings;
  private final OpenAiClient client;
  private final OfflineGenerator fallback;
  private final LlmBudget budget;
  private final CircuitBreaker breaker;
  private final SourceQueueWithComplete<Job> queue;
  private final Latencies latencies = new Latencies();
  private final String name;

  /** Without a budget: every draft may call the endpoint. */
  public LlmGenerator(
      ActorSystem<?> system,
      GenerationSettings.OpenAi settings,
      OpenAiClient client,
      OfflineGenerator fallback) {
    this(system, settings, client, fallback, LlmBudget.unlimited());
  }

  public LlmGenerator(
      ActorSystem<?> system,
      GenerationSettings.OpenAi settings,
      OpenAiClient client,
      OfflineGenerator fallback,
      LlmBudget budget) {
    this.settings = settings;
    this.client = client;
    this.fallback = fallback;
    this.budget = budget;
    this.name = "llm:" + settings.model();
    var classic = Adapter.toClassic(system);
    this.breaker =
        new CircuitBreaker(
                classic.dispatcher(),
                classic.scheduler(),
                settings.maxFailures(),
                settings.timeout().plusMillis(500),
                settings.resetTimeout())
            .addOnOpenListener(
                () ->
                    log.warn(
                        "generation: {} failing, drafts fall back for {} s",
                        name,
                        settings.resetTimeout().toSeconds()))
            .addOnHalfOpenListener(() -> log.info("generation: trying {} again", name))
            .addOnCloseListener(() -> log.info("generation: {} answers again", name));
    this.queue =
        Source.<Job>queue(Math.max(1, settings.queueSize()), OverflowStrategy.dropNew())
            .mapAsyncUnordered(settings.concurrency(), this::call)
            .to(Sink.ignore())
            .run(system);
  }

  @Override
  public String name() {
    return name;
  }

  /** Latencies of the endpoint's successful answers. */
  public Latencies latencies() {
    return latencies;
  }

  public boolean breakerOpen() {
    return breaker.isOpen();
  }

  @Override
  public CompletionStage<DraftResult> draft(DraftRequest request) {
    if (breaker.isOpen())
      return CompletableFuture.completedFuture(
          fallBack(request, "breaker", "circuit breaker open"));
    var result = new CompletableFuture<DraftResult>();
    long askedAt = System.nanoTime();
    CompletableFuture.delayedExecutor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (result.isDone()) return;
              result.complete(fallBack(request, "deadline", noAnswer()));
            });
    List<OpenAiClient.Message> prompt = Prompt.of(request);
    // The most a call can cost: its prompt, and an answer as long as it may be.
    long estimate = OpenAiClient.estimate(prompt, "") + settings.maxTokens();
    budget
        .check(request.botId(), request.chatId(), estimate)
        .thenAccept(
            decision -> {
              if (decision instanceof LlmBudget.Spent spent) result.complete(spent(request, spent));
              else if (decision instanceof LlmBudget.Go go) {
                if (result.isDone()) budget.release(go.ticket());
                else offer(new Job(request, prompt, result, askedAt, go.ticket()));
              }
            });
    return result;
  }

  private void offer(Job job) {
    queue
        .offer(job)
        .whenComplete(
            (offered, error) -> {
              if (error != null || offered != QueueOfferResult.enqueued()) {
                budget.release(job.ticket());
                job.result()
                    .complete(
                        fallBack(job.request(), "queue", "too many drafts waiting for " + name));
              }
            });
  }

  /** What a draft gets when its budget is spent: the offline generator's, or silence. */
  private DraftResult spent(DraftRequest request, LlmBudget.Spent spent) {
    SwarmMetrics.llmBudgetRefused(
        spent.scope().label(), spent.policy().name().toLowerCase(Locale.ROOT));
    return switch (spent.policy()) {
      case OFFLINE -> fallBack(request, "budget", spent.reason());
      case SILENCE -> new Refusal(spent.reason());
    };
  }

  /** Runs one request through the breaker; always completes normally so the stream goes on. */
  private CompletionStage<Done> call(Job job) {
    if (job.result().isDone()) {
      budget.release(job.ticket());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    long start = System.nanoTime();
    return breaker
        .callWithCircuitBreakerCS(() -> client.complete(job.prompt()))
        .handle(
            (completion, error) -> {
              // Charged even when the deadline already gave the draft to the offline generator:
              // the endpoint did the work.
              if (error == null) budget.charge(job.ticket(), completion.tokens());
              else budget.release(job.ticket());
              if (error == null) {
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                latencies.record(latency);
                SwarmMetrics.generation("llm", "draft", latency);
                job.result()
                    .complete(
                        new Draft(
                            OfflineGenerator.clip(completion.text()),
                            name,
                            Duration.ofNanos(System.nanoTime() - job.askedAt()),
                            job.request().memories().stream().map(m -> m.id()).toList()));
              } else if (timedOut(error)) {
                // The request's own timeout is the draft's deadline: whichever fires first, the
                // draft falls back for the same reason.
                job.result().complete(fallBack(job.request(), "deadline", noAnswer()));
              } else {
                job.result()
                    .complete(fallBack(job.request(), "error", OpenAiClient.describe(error)));
              }
              return Done.getInstance();
            });
  }

  private String noAnswer() {
    return "no answer within " + settings.timeout().toMillis() + " ms";
  }

  /** The endpoint's request timed out (the HTTP client's or the breaker's call timeout). */
  private static boolean timedOut(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause())
      if (t instanceof java.net.http.HttpTimeoutException
          || t instanceof java.util.concurrent.TimeoutException) return true;
    return false;
  }

  /**
   * @param kind why, in one word of a fixed few, for the metrics: breaker, queue, deadline, error
   */
  private DraftResult fallBack(DraftRequest request, String kind, String why) {
    SwarmMetrics.fallback(kind);
    DraftResult offline = fallback.write(request);
    if (offline instanceof Draft d)
      return new Draft(d.text(), "offline (fallback: " + why + ")", d.latency(), d.memoryIds());
    return offline;
  }
}
