package io.botswarm.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.http.BearerToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@link AdminOperations} over a node's admin API: what the command line calls. Errors come back as
 * one line for the person at the terminal: an {@link IllegalArgumentException} for what the node
 * refused as bad input or unknown, an {@link IllegalStateException} for a node that cannot be
 * reached, refused the token, or could not answer. The token goes in a header and nowhere else.
 */
public final class AdminClient implements AdminOperations {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI node;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param node the node's admin API, e.g. {@code http://127.0.0.1:8190}
   * @param token the node's {@code SWARM_ADMIN_TOKEN}
   * @param timeout how long one call may take (an apply of a large swarm takes a while)
   */
  public AdminClient(URI node, String token, Duration timeout) {
    String base = node.toString();
    this.node = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.authorization = BearerToken.header(token);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public CompletionStage<PlanReport> plan(
      String fileName, String definitionText, boolean apply, boolean prune) {
    String path =
        "/admin/"
            + (apply ? "apply" : "plan")
            + "?file="
            + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
            + (prune ? "&prune=true" : "");
    return send(request(path)
            .header("Content-Type", "text/yaml; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(definitionText, StandardCharsets.UTF_8)))
        .thenApply(this::report);
  }

  @Override
  public CompletionStage<String> export() {
    return send(request("/admin/export").GET())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) throw refused(response);
              return response.body();
            });
  }

  @Override
  public CompletionStage<PlanReport> setEnabled(Kind kind, String id, boolean enabled) {
    return send(request(entity(kind, id) + "/" + (enabled ? "enable" : "disable"))
            .POST(HttpRequest.BodyPublishers.noBody()))
        .thenApply(this::report);
  }

  @Override
  public CompletionStage<List<Row>> list(Kind kind, boolean pendingOnly) {
    String plural = AdminApi.plural(kind);
    return send(request("/admin/" + plural + (pendingOnly ? "?pending=true" : "")).GET())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) throw refused(response);
              JsonNode rows = read(response).path(plural);
              return JSON.convertValue(rows, new TypeReference<List<Row>>() {});
            });
  }

  @Override
  public CompletionStage<Optional<Map<String, Object>>> show(Kind kind, String id) {
    return send(request(entity(kind, id)).GET())
        .thenApply(
            response -> {
              if (response.statusCode() == 404) return Optional.empty();
              if (response.statusCode() != 200) throw refused(response);
              return Optional.of(
                  JSON.convertValue(read(response), new TypeReference<Map<String, Object>>() {}));
            });
  }

  private static String entity(Kind kind, String id) {
    return "/admin/" + AdminApi.plural(kind) + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(node + path))
        .timeout(timeout)
        .header("Authorization", authorization)
        .header("Accept", "application/json, text/yaml");
  }

  private CompletionStage<HttpResponse<String>> send(HttpRequest.Builder request) {
    return http.sendAsync(
            request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .exceptionally(
            e -> {
              throw new CompletionException(unreachable(e));
            });
  }

  private IllegalStateException unreachable(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException))
      return new IllegalStateException(
          "the admin API at "
              + node
              + " did not answer within "
              + timeout.toSeconds()
              + " s; what it was asked may still be under way");
    String why =
        cause instanceof ConnectException
            ? "connection refused"
            : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new IllegalStateException(
        "cannot reach the admin API at "
            + node
            + ": "
            + why
            + " (is the node running with SWARM_ADMIN_TOKEN set?)");
  }

  /** A plan's report: the body of a 200, and of a 400 or 503 that carries one. */
  private PlanReport report(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 200 || status == 400 || status == 503) {
      JsonNode body = read(response);
      if (body.has("changes")) return JSON.convertValue(body, PlanReport.class);
    }
    throw refused(response);
  }

  private RuntimeException refused(HttpResponse<String> response) {
    int status = response.statusCode();
    String message;
    try {
      message = JSON.readTree(response.body()).path("error").asText("");
    } catch (IOException e) {
      message = "";
    }
    if (message.isEmpty()) message = "answered HTTP " + status;
    if (status == 401)
      return new IllegalStateException(
          "the admin API at "
              + node
              + " refused the token: SWARM_ADMIN_TOKEN must be the node's own");
    if (status == 400 || status == 404) return new IllegalArgumentException(message);
    return new IllegalStateException("the admin API at " + node + ": " + message);
  }

  private JsonNode read(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "the admin API at "
              + node
              + " answered HTTP "
              + response.statusCode()
              + " with a body that is not JSON: is "
              + node
              + " a botswarm node's admin port?");
    }
  }

  /** Resolved, for the command line's one-line errors. */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    }
  }
}
