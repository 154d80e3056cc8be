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
