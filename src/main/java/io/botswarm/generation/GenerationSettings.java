package io.botswarm.generation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code botswarm.generation} block.
 *
 * @param backend {@code offline}, or {@code openai} for an OpenAI-compatible endpoint (its
 *     settings: {@link #openAiFromConfig}, read separately so that a bad endpoint cannot stop a
 *     node that can still run on the offline generator)
 */
public record GenerationSettings(
    String backend,
    long seed,
    int memoriesPerDraft,
    int recentMessages,
    MemoryRetrieval.Weights weights,
    Duration memoryHalfLife) {

  /**
   * @param apiKey from {@code SWARM_OPENAI_API_KEY}; empty for local servers that need none
   * @param concurrency requests in flight at once
   * @param queueSize requests waiting for a slot; past it a draft falls back at once
   */
  public record OpenAi(
      URI baseUrl,
      String model,
      Optional<String> apiKey,
      Duration timeout,
      int maxTokens,
      double temperature,
      int concurrency,
      int queueSize,
      int maxFailures,
      Duration resetTimeout,
      int retries) {

    @Override
    public String toString() {
      // Never print the key.
      return "OpenAi["
          + baseUrl
          + ", model "
          + model
          + (apiKey.isPresent() ? ", key set" : "")
          + "]";
    }
  }

  /** What a draft gets when a budget it counts against is spent. */
  public enum WhenSpent {
    /** The offline generator writes it. */
    OFFLINE,
    /** No draft: the bot stays silent. */
    SILENCE
  }

  /**
   * The {@code budget} block: tokens per UTC day; 0 is no limit.
   *
   * @param refresh how long a node trusts the totals it last read or wrote
   * @param readWait how long a draft waits for the totals to be read before deciding on what the
   *     node knows
   */
  public record Budget(
      long perBotTokens,
      long perChatTokens,
      long swarmTokens,
      WhenSpent whenSpent,
      Duration refresh,
      Duration readWait) {

    /** No limits: every call is made, and only counted. */
    public static Budget unlimited() {
      return new Budget(0, 0, 0, WhenSpent.OFFLINE, Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public boolean limited() {
      return perBotTokens > 0 || perChatTokens > 0 || swarmTokens > 0;
    }
  }

  /** The {@code budget} block, checked: limits 0 or more, a known policy. */
  public static Budget budgetFromConfig(Config root) {
    Config c = root.getConfig("botswarm.generation.budget");
    long perBot = tokens(c, "per-bot-tokens");
    long perChat = tokens(c, "per-chat-tokens");
    long swarm = tokens(c, "swarm-tokens");
    String policy = c.getString("when-spent").strip();
    WhenSpent whenSpent =
        switch (policy) {
          case "offline" -> WhenSpent.OFFLINE;
          case "silence" -> WhenSpent.SILENCE;
          default ->
              throw bad(c, "budget.when-spent", "'" + policy + "' must be offline or silence");
        };
    Duration refresh = c.getDuration("refresh");
    if (refresh.isNegative()) throw bad(c, "budget.refresh", "must be 0s or more");
    Duration readWait = c.getDuration("read-wait");
    if (readWait.isNegative()) throw bad(c, "budget.read-wait", "must be 0s or more");
    return new Budget(perBot, perChat, swarm, whenSpent, refresh, readWait);
  }

  private static long tokens(Config c, String key) {
    long tokens = c.getLong(key);
    if (tokens < 0) throw bad(c, "budget." + key, "must be 0 (no limit) or a number of tokens");
    return tokens;
  }

  public static GenerationSettings fromConfig(Config root) {
    Config c = root.getConfig("botswarm.generation");
    String backend = c.getString("backend");
    if (!backend.equals("offline") && !backend.equals("openai"))
      throw bad(c, "backend", "must be offline or openai");
    int memories = c.getInt("memories-per-draft");
    if (memories < 0) throw bad(c, "memories-per-draft", "must be 0 or more");
    int recent = c.getInt("recent-messages");
    if (recent < 1) throw bad(c, "recent-messages", "must be at least 1");
    Config w = c.getConfig("retrieval.weights");
    var weights =
        new MemoryRetrieval.Weights(
            w.getDouble("recency"), w.getDouble("importance"), w.getDouble("relevance"));
    Duration halfLife = c.getDuration("retrieval.half-life");
    if (halfLife.isZero() || halfLife.isNegative())
      throw bad(c, "retrieval.half-life", "must be positive");
    return new GenerationSettings(backend, c.getLong("seed"), memories, recent, weights, halfLife);
  }

  /** The {@code openai} block, checked: an http(s) base URL, a model, sane limits. */
  public static OpenAi openAiFromConfig(Config root) {
    Config c = root.getConfig("botswarm.generation.openai");
    String url = c.getString("base-url").strip();
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url : url + "/");
    } catch (IllegalArgumentException e) {
      throw bad(c, "openai.base-url", "'" + url + "' is not a URL");
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null)
      throw bad(
          c,
          "openai.base-url",
          "'" + url + "' is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)");
    String model = c.getString("model").strip();
    if (model.isEmpty()) throw bad(c, "openai.model", "is empty");
    String key = c.getString("api-key").strip();
    int concurrency = c.getInt("concurrency");
    if (concurrency < 1) throw bad(c, "openai.concurrency", "must be at least 1");
    return new OpenAi(
        uri,
        model,
        key.isEmpty() ? Optional.empty() : Optional.of(key),
        c.getDuration("timeout"),
        c.getInt("max-tokens"),
        c.getDouble("temperature"),
        concurrency,
        Math.max(0, c.getInt("queue-size")),
        Math.max(1, c.getInt("breaker.max-failures")),
        c.getDuration("breaker.reset-timeout"),
        Math.max(0, c.getInt("retries")));
  }

  private static ConfigException bad(Config c, String key, String why) {
    return new ConfigException.BadValue(c.origin(), "botswarm.generation." + key, why);
  }
}
