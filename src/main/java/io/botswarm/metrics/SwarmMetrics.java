package io.botswarm.metrics;

import java.time.Duration;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.tag.TagSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swarm's own metrics, exported by Kamon's Prometheus reporter. Every tag has a small, fixed
 * set of values (a verdict, a reason, an entity type, a query name, a pool name): never a chat id,
 * a bot id, a token or a message text, which would explode the number of series and leak data.
 * Instruments are cheap to use when Kamon is not started: they record into nothing reported.
 */
public final class SwarmMetrics {

  private static final Logger log = LoggerFactory.getLogger(SwarmMetrics.class);

  public static final Counter MESSAGES_RECEIVED =
      Kamon.counter("botswarm.messages.received", "Messages that arrived in chats, once each")
          .withoutTags();

  public static final Counter MESSAGES_DUPLICATE =
      Kamon.counter("botswarm.messages.duplicate", "Incoming messages delivered again and ignored")
          .withoutTags();

  private static volatile Duration slowQuery = Duration.ofMillis(100);

  private SwarmMetrics() {}

  /**
   * A coordinator's verdict on a draft: admitted, deferred, or rejected with its reason; and how
   * long the decision took from taking up the draft to its verdict journaled.
   */
  public static void draft(String verdict, String reason, long startNanos) {
    // One TagSet: chained withTag calls would register an instrument at every step.
    Kamon.counter("botswarm.drafts", "Drafts judged by chat coordinators")
        .withTags(TagSet.builder().add("verdict", verdict).add("reason", reason).build())
        .increment();
    Kamon.timer("botswarm.chat.decision", "Coordinator decisions, from draft to verdict journaled")
        .withTag("verdict", verdict)
        .record(System.nanoTime() - startNanos);
  }

  /**
   * A bot not asked for a draft because its message could not be posted now nor soon, by the rule
   * that held it ({@code cannot_post}, {@code rate_limited}, {@code quiet_hours}, ...): each one a
   * draft, perhaps an LLM call, saved.
   */
  public static void draftNotAsked(String reason) {
    Kamon.counter("botswarm.drafts.not.asked", "Drafts not asked for: no room to post them")
        .withTag("reason", reason)
        .increment();
  }

  /**
   * How handing a message to the chat ended: sent, failed or unknown, or cut_off (sent in parts of
   * which Telegram took only the first ones).
   */
  public static void sent(String outcome) {
    Kamon.counter("botswarm.messages.sent", "Admitted messages by the outcome of sending")
        .withTag("outcome", outcome)
        .increment();
  }

  /**
   * One Bot API call by method ({@code sendmessage}, {@code getupdates}, ...) and outcome ({@code
   * ok}, {@code rate_limited}, {@code client_error}, {@code server_error}, {@code io_error}).
   */
  public static void telegramCall(String method, String outcome, long startNanos) {
    Kamon.timer("botswarm.telegram.call", "Bot API calls, from request to answer")
        .withTags(TagSet.builder().add("method", method).add("outcome", outcome).build())
        .record(System.nanoTime() - startNanos);
    if (outcome.equals("rate_limited"))
      Kamon.counter("botswarm.telegram.rate.limited", "Bot API calls answered 429")
          .withTag("method", method)
          .increment();
    else if (!outcome.equals("ok"))
      Kamon.counter("botswarm.telegram.errors", "Bot API calls that failed, 429s apart")
          .withTags(TagSet.builder().add("method", method).add("outcome", outcome).build())
          .increment();
  }

  /** One journal write of an entity type, from the command to the persisted callback. */
  public static void journalWrite(String entityType, long startNanos) {
    Kamon.timer("botswarm.journal.write", "Journal writes, from command to persisted")
        .withTag("entity", entityType)
        .record(System.nanoTime() - startNanos);
  }

  /**
   * A draft written by a generator ({@code offline} or {@code llm}), by the endpoint or its
   * fallback.
   */
  public static void generation(String generator, String result, Duration latency) {
    Kamon.timer("botswarm.generation.latency", "Time to a draft")
        .withTags(TagSet.builder().add("generator", generator).add("result", result).build())
        .record(latency.toNanos());
  }

  /** A draft that fell back to the offline generator, and why. */
  public static void fallback(String reason) {
    Kamon.counter("botswarm.generation.fallbacks", "Drafts that fell back to the offline generator")
        .withTag("reason", reason)
        .increment();
  }

  /** One run of a named read-side query; slow ones are counted and logged. */
  public static void query(String name, long nanos) {
    Kamon.timer("botswarm.db.query", "Read-side query durations")
        .withTag("query", name)
        .record(nanos);
    if (nanos > slowQuery.toNanos()) {
      Kamon.counter("botswarm.db.slow.queries", "Queries slower than the slow-query threshold")
          .withTag("query", name)
          .increment();
      log.warn(
          "slow query '{}' took {} ms (threshold {} ms)",
          name,
          nanos / 1_000_000,
          slowQuery.toMillis());
    }
  }

  public static void slowQueryThreshold(Duration threshold) {
    slowQuery = threshold;
  }

  /**
   * Tokens the LLM endpoint spent, counted once in each scope the call counts against ({@code bot},
   * {@code chat} when the chat is known, {@code swarm}).
   */
  public static void llmTokens(String scope, long tokens) {
    Kamon.counter("botswarm.llm.tokens", "Tokens spent by the LLM endpoint, by budget scope")
        .withTag("scope", scope)
        .increment(tokens);
  }

  /**
   * A draft the LLM budget kept from the endpoint: the scope whose budget was spent ({@code bot},
   * {@code chat}, {@code swarm}) and what the draft got instead ({@code offline}, {@code silence}).
   */
  public static void llmBudgetRefused(String scope, String policy) {
    Kamon.counter("botswarm.llm.budget.refused", "Drafts kept from the LLM by a spent budget")
        .withTags(TagSet.builder().add("scope", scope).add("policy", policy).build())
        .increment();
  }

  /** Tokens left today of the swarm-wide LLM budget, as this node knows it. */
  public static void llmBudgetRemaining(long tokens) {
    Kamon.gauge(
            "botswarm.llm.budget.swarm.remaining", "Tokens left today of the swarm's LLM budget")
        .withoutTags()
        .update(tokens);
  }

  /**
   * A 409 on a bot's getUpdates, by what is in the way ({@code another_poller}, {@code
   * webhook_set}, {@code other}); which bot is in its gateway's status and log.
   */
  public static void pollConflict(String kind) {
    Kamon.counter(
            "botswarm.telegram.poll.conflicts", "getUpdates answered 409, by what is in the way")
        .withTag("kind", kind)
        .increment();
  }

  /** Telegram's update ids restarted below a bot's offset, and its gateway re-based it. */
  public static void offsetRebased() {
    Kamon.counter(
            "botswarm.telegram.offset.rebased",
            "Offsets re-based because Telegram's update ids restarted lower")
        .withoutTags()
        .increment();
  }

  private static final java.util.Set<String> PRIVACY_ON =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Whether the bot whose gateway runs on this node has privacy mode on; the gauge counts such bots
   * (which ones, their gateways' status says).
   */
  public static void privacyMode(String botId, boolean on) {
    boolean changed = on ? PRIVACY_ON.add(botId) : PRIVACY_ON.remove(botId);
    if (changed)
      Kamon.gauge(
              "botswarm.telegram.bots.privacy",
              "Bots polled or hooked on this node that have Telegram's privacy mode on")
          .withoutTags()
          .update(PRIVACY_ON.size());
  }

  /**
   * A message Telegram refused, or the gateway refused itself while a 429 held the chat: by code
   * ({@code 400}, {@code 403}, {@code 429}, {@code held}) and what it means ({@code cannot_post},
   * {@code migrated}, {@code flooded}, {@code other}).
   */
  public static void sendRefused(String code, String kind) {
    Kamon.counter("botswarm.telegram.sends.refused", "Messages refused, by Telegram or while held")
        .withTags(TagSet.builder().add("code", code).add("kind", kind).build())
        .increment();
  }
}
