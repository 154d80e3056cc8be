package io.botswarm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slow OpenAI-compatible endpoint for benchmarks: {@code POST /v1/chat/completions} answers after
 * {@code latency} with a short take that differs from the last ones (a fixed answer would be
 * refused by the coordinators as a duplicate every time).
 */
public final class LlmStub {

  private static final String[] OPENERS = {
    "Honestly,", "Look,", "Hear me out:", "Not financial advice, but", "Plain and simple:", "Sure,"
  };
  private static final String[] TAKES = {
    "gold keeps its value when money does not",
    "rates will stay higher than people hope",
    "chips are the picks and shovels of this cycle",
    "bitcoin is a liquidity gauge, nothing more",
    "oil demand has not peaked yet",
    "regulation will pick winners in defi",
    "cash is a position too",
    "ethereum fees decide its fate"
  };
  private static final String[] CLOSERS = {
    "Change my mind.",
    "That is my bet.",
    "Time will tell.",
    "I am sizing accordingly.",
    "Watch this space."
  };

  private LlmStub() {}

  /** Starts the stub on 127.0.0.1:{@code port} (0: any free port). */
  public static HttpServer start(int port, Duration latency) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    server.setExecutor(Executors.newCachedThreadPool());
    ObjectMapper json = new ObjectMapper();
    AtomicLong count = new AtomicLong();
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          try {
            Thread.sleep(latency.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          long n = count.getAndIncrement();
          String text =
              OPENERS[(int) (n % OPENERS.length)]
                  + " "
                  + TAKES[(int) (n / OPENERS.length % TAKES.length)]
                  + ". "
                  + CLOSERS[(int) (n / 7 % CLOSERS.length)];
          var answer =
              json.createObjectNode().put("id", "stub-" + n).put("object", "chat.completion");
          var choice =
              answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
          choice.putObject("message").put("role", "assistant").put("content", text);
          byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }
}
