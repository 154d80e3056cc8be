package io.botswarm.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One call to an OpenAI-compatible {@code /chat/completions} endpoint, asynchronous (the JDK's HTTP
 * client: no thread waits for the answer). A request that got no answer at all (refused connection)
 * or a 429/503 is retried after a pause, up to the configured retries: a completion has no side
 * effects, so a retry can only cost time. The API key is sent, never printed.
 */
public final class OpenAiClient {

  public record Message(String role, String content) {}

  /**
   * An answer: its text and what it cost.
   *
   * @param tokens the answer's {@code usage.total_tokens} (or prompt plus completion tokens); when
   *     the endpoint sent no usage, {@link #estimate} of the prompt and the text
   * @param estimated whether {@code tokens} is that estimate
   */
  public record Completion(String text, long tokens, boolean estimated) {}

  /**
   * Tokens by the usual rule of thumb for English with OpenAI-style tokenizers: one per four
   * characters, rounded up. Used where the endpoint says nothing.
   */
  public static long estimate(List<Message> messages, String text) {
    long chars = text.length();
    for (Message m : messages) chars += m.content().length();
    return (chars + 3) / 4;
  }

  /** The endpoint answered, but not with a completion. */
  public static final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(5);

  private final GenerationSettings.OpenAi settings;
  private final ObjectMapper json;
  private final HttpClient http;
  private final URI completions;

  public OpenAiClient(GenerationSettings.OpenAi settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.completions = settings.baseUrl().resolve("chat/completions");
  }

  /**
   * The completion's text and usage; fails with {@link ApiException}, a timeout or an I/O error.
   */
  public CompletionStage<Completion> complete(List<Message> messages) {
    return attempt(request(messages), settings.retries())
        .thenApply(body -> completion(messages, body));
  }

  /** Whether the endpoint answers at all ({@code GET models}), for a warning at start. */
  public CompletionStage<Optional<String>> probe(Duration timeout) {
    var get =
        authorized(HttpRequest.newBuilder(settings.baseUrl().resolve("models")))
            .timeout(timeout)
            .GET()
            .build();
    return http.sendAsync(get, HttpResponse.BodyHandlers.discarding())
        .thenApply(
            r ->
                r.statusCode() < 500
                    ? Optional.<String>empty()
                    : Optional.of("it answered " + r.statusCode()))
        .exceptionally(e -> Optional.of(describe(e)));
  }

  private HttpRequest request(List<Message> messages) {
    ObjectNode body = json.createObjectNode();
    body.put("model", settings.model());
    var array = body.putArray("messages");
    for (Message m : messages) array.addObject().put("role", m.role()).put("content", m.content());
    body.put("max_tokens", settings.maxTokens());
    body.put("temperature", settings.temperature());
    body.put("stream", false);
    return authorized(HttpRequest.newBuilder(completions))
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    return builder;
  }

  private CompletionStage<String> attempt(HttpRequest request, int retriesLeft) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause =
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                boolean unanswered =
                    cause instanceof ConnectException
                        || cause instanceof HttpConnectTimeoutException;
                if (unanswered && retriesLeft > 0)
                  return retryAfter(request, retriesLeft, Duration.ofMillis(200));
                return CompletableFuture.<String>failedFuture(cause);
              }
              int status = response.statusCode();
              if ((status == 429 || status == 503) && retriesLeft > 0)
                return retryAfter(request, retriesLeft, retryAfter(response));
              if (status != 200)
                return CompletableFuture.<String>failedFuture(
                    new ApiException(
                        status, "the endpoint answered " + status + brief(response.body())));
              return CompletableFuture.completedFuture(response.body());
            })
        .thenCompose(stage -> stage);
  }

  private CompletionStage<String> retryAfter(HttpRequest request, int retriesLeft, Duration pause) {
    var delayed = CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(() -> null, delayed)
        .thenCompose(x -> attempt(request, retriesLeft - 1));
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    Duration pause =
        response
            .headers()
            .firstValue("Retry-After")
            .flatMap(OpenAiClient::seconds)
            .orElse(Duration.ofSeconds(1));
    return pause.compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause;
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Completion completion(List<Message> messages, String body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new ApiException(200, "the endpoint answered with something that is not JSON");
    }
    JsonNode content = root.path("choices").path(0).path("message").path("content");
    String text = content.isTextual() ? content.asText().strip() : "";
    if (text.isEmpty()) throw new ApiException(200, "the endpoint answered without any text");
    JsonNode usage = root.path("usage");
    JsonNode total = usage.path("total_tokens");
    if (total.canConvertToLong() && total.asLong() > 0)
      return new Completion(text, total.asLong(), false);
    JsonNode prompt = usage.path("prompt_tokens");
    JsonNode answer = usage.path("completion_tokens");
    if (prompt.canConvertToLong() && answer.canConvertToLong())
      return new Completion(text, prompt.asLong() + answer.asLong(), false);
    return new Completion(text, estimate(messages, text), true);
  }

  private static String brief(String body) {
    if (body == null || body.isBlank()) return "";
    String one = body.strip().replaceAll("\\s+", " ");
    return ": " + (one.length() > 200 ? one.substring(0, 197) + "..." : one);
  }

  static String describe(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String message = t.getMessage();
    return t.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
