package io.botswarm.generation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that answers {@code POST /v1/chat/completions} the way an
 * OpenAI-compatible server does (with {@code usage}), and can be told to hold its answers until
 * released, to fail or to rate-limit.
 */
final class CompletionsStub implements AutoCloseable {

  enum Mode {
    ANSWER,
    FAIL_500,
    RATE_LIMIT_429
  }

  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  volatile Mode mode = Mode.ANSWER;

  /** Every answer waits for this; {@link #hold()} closes it, {@link #release()} opens it. */
  private volatile CountDownLatch gate = new CountDownLatch(0);

  volatile String answer = "Gold, obviously. Bitcoin is a casino.";

  /** What each answer says it cost, as the real API does; off: answers without {@code usage}. */
  volatile boolean withUsage = true;

  volatile int promptTokens = 40;
  volatile int completionTokens = 10;
  private final HttpServer server;

  CompletionsStub() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v1/models",
        exchange -> {
          byte[] body = "{\"object\":\"list\",\"data\":[]}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          calls.incrementAndGet();
          requests.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          int status;
          String body;
          switch (mode) {
            case FAIL_500 -> {
              status = 500;
              body = "{\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}";
            }
            case RATE_LIMIT_429 -> {
              status = 429;
              body = "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit\"}}";
              exchange.getResponseHeaders().add("Retry-After", "0.1");
            }
            default -> {
              status = 200;
              body =
                  "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                      + "{\"role\":\"assistant\",\"content\":\""
                      + answer
                      + "\"},\"finish_reason\":\"stop\"}]"
                      + (withUsage
                          ? ",\"usage\":{\"prompt_tokens\":"
                              + promptTokens
                              + ",\"completion_tokens\":"
                              + completionTokens
                              + ",\"total_tokens\":"
                              + (promptTokens + completionTokens)
                              + "}"
                          : "")
                      + "}";
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
          } catch (IOException clientGone) {
            // The client timed out first: exactly what holding is for.
          }
          exchange.close();
        });
    server.start();
  }

  /** Answers nothing until {@link #release()}: a slow endpoint, as slow as the test needs. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/");
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
