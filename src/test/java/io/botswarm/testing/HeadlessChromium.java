package io.botswarm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, for tests of pages we serve
 * ourselves. No driver library: the browser is started with {@code --remote-debugging-port=0},
 * prints its DevTools address on stderr, and is spoken to over one WebSocket with JSON.
 *
 * <p>The driver opens a page target of its own and attaches to it in flattened mode, so every
 * command names its session. Responses are matched to commands by id; events (which can arrive
 * between a command and its response) go to whoever waits for them. Every wait has a timeout, and a
 * browser that dies fails whatever is waiting instead of hanging it.
 *
 * <p>It only talks to 127.0.0.1: the DevTools endpoint must be there, and {@link #navigate} accepts
 * only loopback pages. {@code CHROMIUM} names another binary than Debian's {@code
 * /usr/bin/chromium}.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Pattern DEVTOOLS =
      Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:\\d+/devtools/browser/\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final int KEPT_LINES = 40;

  private final ObjectMapper json = new ObjectMapper();
  private final Path home;
  private final Process process;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Deque<String> pageLog = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final WebSocket socket;
  private final String session;
  private volatile boolean closed;

  /** Why the connection to the page is gone, once it is; later commands fail with it. */
  private volatile RuntimeException broken;

  private record Pending(String method, CompletableFuture<JsonNode> result) {}

  private record Waiter(Predicate<JsonNode> matches, CompletableFuture<JsonNode> event) {}

  /** A JavaScript exception thrown by code given to {@link #evaluate}. */
  public static final class JavaScriptException extends RuntimeException {
    JavaScriptException(String message) {
      super(message);
    }
  }

  /** The binary that {@link #launch} starts: {@code $CHROMIUM} or {@code /usr/bin/chromium}. */
  public static Path binary() {
    String path = System.getenv("CHROMIUM");
    return Path.of(path == null || path.isBlank() ? "/usr/bin/chromium" : path);
  }

  /** Whether {@link #binary()} exists and can be run. */
  public static boolean available() {
    return Files.isExecutable(binary());
  }

  /** Starts a browser with a fresh profile and opens a blank page in it. */
  public static HeadlessChromium launch() {
    Path home;
    try {
      home = Files.createTempDirectory("headless-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a profile directory for chromium", e);
    }
    try {
      return new HeadlessChromium(home);
    } catch (RuntimeException e) {
      Trees.deleteTree(home);
      throw e;
    }
  }

  private HeadlessChromium(Path home) {
    this.home = home;
    List<String> command =
        List.of(
            binary().toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            // A desktop-sized viewport, so that screenshots show the page as a person sees it.
            "--window-size=1280,900",
            "--remote-debugging-port=0",
            "--user-data-dir=" + home.resolve("profile"),
            "about:blank");
    try {
      var builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      // Chromium keeps crash reports and caches under the XDG directories, not the profile: they
      // go to the temporary home too, so a test leaves nothing in $HOME.
      builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
      builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
      this.process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary() + ": " + e.getMessage(), e);
    }
    try {
      String endpoint = readDevToolsEndpoint();
      this.socket =
          HttpClient.newBuilder()
              .proxy(HttpClient.Builder.NO_PROXY)
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .newWebSocketBuilder()
              .buildAsync(URI.create(endpoint), new Listener())
              .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      String target =
          browserCommand("Target.createTarget", json.createObjectNode().put("url", "about:blank"))
              .path("targetId")
              .asText();
      this.session =
          browserCommand(
                  "Target.attachToTarget",
                  json.createObjectNode().put("targetId", target).put("flatten", true))
              .path("sessionId")
              .asText();
      send("Page.enable", json.createObjectNode(), COMMAND_TIMEOUT);
      send("Runtime.enable", json.createObjectNode(), COMMAND_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("interrupted while starting chromium", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      kill();
      throw new IllegalStateException(
          "chromium did not start: " + e.getMessage() + stderrTail(), e);
    }
  }

  /**
   * Reads stderr until the DevTools line, then keeps draining it on a daemon thread (a full pipe
   * would block the browser) and remembers the last lines for error messages.
   */
  private String readDevToolsEndpoint() throws InterruptedException, TimeoutException {
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  remember(stderrTail, line);
                  Matcher m = DEVTOOLS.matcher(line);
                  if (m.find()) endpoint.complete(m.group(1));
                }
              } catch (IOException e) {
                // The process is gone; what follows reports it.
              }
              try {
                process.waitFor(2, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              endpoint.completeExceptionally(
                  new IllegalStateException(
                      "chromium closed its stderr without printing a DevTools address on 127.0.0.1"
                          + exitStatus()));
            },
            "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return endpoint.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (TimeoutException e) {
      throw new TimeoutException("no DevTools address on chromium's stderr in " + START_TIMEOUT);
    }
  }

  /** Opens {@code url} (on 127.0.0.1 or localhost) and waits for its load event. */
  public void navigate(String url) {
    navigate(url, COMMAND_TIMEOUT);
  }

  public void navigate(String url, Duration timeout) {
    URI uri = URI.create(url);
    boolean loopback =
        ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
    if (!loopback && !url.equals("about:blank"))
      throw new IllegalArgumentException("the test browser only opens pages on 127.0.0.1: " + url);
    // Waiting starts before the navigation, so that a fast load is not missed.
    CompletableFuture<JsonNode> loaded = awaitEvent("Page.loadEventFired");
    JsonNode result = send("Page.navigate", json.createObjectNode().put("url", url), timeout);
    if (result.hasNonNull("errorText")) {
      loaded.cancel(false);
      throw new IllegalStateException(
          "cannot open " + url + ": " + result.path("errorText").asText());
    }
    await(loaded, timeout, "the load event of " + url);
  }

  /**
   * Runs {@code js} in the page and returns its value (a promise is awaited) as JSON: numbers,
   * strings, booleans, arrays and plain objects; {@code undefined} and DOM nodes come back as
   * {@code null} and {@code {}}. A JavaScript exception is thrown as a {@link JavaScriptException}
   * with its text.
   */
  public JsonNode evaluate(String js) {
    return evaluate(js, COMMAND_TIMEOUT);
  }

  public JsonNode evaluate(String js, Duration timeout) {
    JsonNode answer =
        send(
            "Runtime.evaluate",
            json.createObjectNode()
                .put("expression", js)
                .put("returnByValue", true)
                .put("awaitPromise", true)
                .put("userGesture", true),
            timeout);
    JsonNode exception = answer.get("exceptionDetails");
    if (exception != null) {
      String text = exception.path("exception").path("description").asText("");
      if (text.isEmpty()) text = exception.path("exception").path("value").asText("");
      if (text.isEmpty()) text = exception.path("text").asText("exception");
      throw new JavaScriptException(text + "\n  in: " + abbreviate(js));
    }
    JsonNode value = answer.path("result").get("value");
    return value == null ? NullNode.getInstance() : value;
  }

  /**
   * Polls {@code jsCondition} until it is truthy; an exception thrown by it counts as not yet.
   *
   * @throws AssertionError if it is still not true after {@code timeout}, with the condition and
   *     its last error
   */
  public void waitFor(String jsCondition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastError = null;
    while (true) {
      try {
        if (evaluate("Boolean(" + jsCondition + "\n)").asBoolean()) return;
        lastError = null;
      } catch (JavaScriptException e) {
        lastError = e.getMessage().lines().findFirst().orElse("");
      }
      if (System.nanoTime() > deadline)
        throw new AssertionError(
            "not true after "
                + timeout.toMillis()
                + " ms: "
                + abbreviate(jsCondition)
                + (lastError == null ? "" : " (last error: " + lastError + ")"));
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + jsCondition, e);
      }
    }
  }

  /** Saves what the page shows as a PNG, creating the directories it needs. */
  public Path screenshot(Path png) {
    JsonNode shot =
        send(
            "Page.captureScreenshot",
            json.createObjectNode().put("format", "png").put("captureBeyondViewport", false),
            COMMAND_TIMEOUT);
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
      return png;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the screenshot to " + png, e);
    }
  }

  /** The page's recent console messages and uncaught exceptions, oldest first, for diagnostics. */
  public List<String> pageLog() {
    synchronized (pageLog) {
      return List.copyOf(pageLog);
    }
  }

  /** Closes the browser, kills whatever of its process tree is left and deletes its profile. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      // Asking first lets the browser stop its own children; killing follows regardless.
      sendRaw(null, "Browser.close", json.createObjectNode())
          .orTimeout(2, TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
    } catch (RuntimeException e) {
      // Already gone.
    }
    socket.abort();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
    Trees.deleteTree(home);
  }

  private void kill() {
    // Children first: once the browser is dead they are no longer its descendants.
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    failAll(new IllegalStateException("the browser was closed"));
  }

  private JsonNode browserCommand(String method, ObjectNode params) {
    return await(sendRaw(null, method, params), COMMAND_TIMEOUT, method);
  }

  private JsonNode send(String method, ObjectNode params, Duration timeout) {
    if (closed) throw new IllegalStateException("the browser is closed");
    return await(sendRaw(session, method, params), timeout, method);
  }

  private CompletableFuture<JsonNode> sendRaw(String sessionId, String method, ObjectNode params) {
    long id = ids.incrementAndGet();
    ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (sessionId != null) message.put("sessionId", sessionId);
    var result = new CompletableFuture<JsonNode>();
    pending.put(id, new Pending(method, result));
    result.whenComplete((r, e) -> pending.remove(id));
    if (broken != null && sessionId != null) {
      result.completeExceptionally(new IllegalStateException(broken.getMessage()));
      return result;
    }
    // A WebSocket takes one send at a time.
    synchronized (socket) {
      try {
        socket
            .sendText(message.toString(), true)
            .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result.completeExceptionally(e);
      } catch (ExecutionException | TimeoutException e) {
        result.completeExceptionally(
            new IllegalStateException("cannot send " + method + " to the browser: " + e, e));
      }
    }
    return result;
  }

  private CompletableFuture<JsonNode> awaitEvent(String method) {
    var event = new CompletableFuture<JsonNode>();
    var waiter =
        new Waiter(
            m ->
                method.equals(m.path("method").asText())
                    && session.equals(m.path("sessionId").asText()),
            event);
    waiters.add(waiter);
    event.whenComplete((r, e) -> waiters.remove(waiter));
    if (broken != null) event.completeExceptionally(new IllegalStateException(broken.getMessage()));
    return event;
  }

  private JsonNode await(CompletableFuture<JsonNode> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new IllegalStateException(
          "the browser did not answer "
              + what
              + " within "
              + timeout.toMillis()
              + " ms"
              + exitStatus());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      throw new IllegalStateException(what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  private void onMessage(String text) {
    JsonNode message;
    try {
      message = json.readTree(text);
    } catch (IOException e) {
      return; // Not CDP; nothing waits for it.
    }
    if (message.has("id")) {
      Pending p = pending.get(message.path("id").asLong());
      if (p == null) return; // Its waiter gave up.
      JsonNode error = message.get("error");
      if (error != null)
        p.result()
            .completeExceptionally(
                new IllegalStateException(
                    "the browser refused "
                        + p.method()
                        + ": "
                        + error.path("message").asText()
                        + (error.has("data") ? " (" + error.path("data").asText() + ")" : "")));
      else p.result().complete(message.path("result"));
      return;
    }
    logPageEvent(message);
    for (Waiter w : waiters)
      if (w.matches().test(message)) w.event().complete(message.path("params"));
  }

  private void logPageEvent(JsonNode message) {
    JsonNode params = message.path("params");
    switch (message.path("method").asText()) {
      case "Runtime.consoleAPICalled" -> {
        var line = new StringBuilder("console." + params.path("type").asText() + ":");
        for (JsonNode arg : params.path("args"))
          line.append(' ')
              .append(
                  arg.has("value")
                      ? arg.path("value").asText()
                      : arg.path("description").asText(arg.path("type").asText()));
        remember(pageLog, line.toString());
      }
      case "Runtime.exceptionThrown" -> {
        JsonNode details = params.path("exceptionDetails");
        remember(
            pageLog,
            "uncaught: "
                + details
                    .path("exception")
                    .path("description")
                    .asText(details.path("text").asText()));
      }
      case "Inspector.targetCrashed" -> {
        remember(pageLog, "the page crashed");
        failAll(new IllegalStateException("the page crashed" + exitStatus()));
      }
      case "Target.detachedFromTarget" -> {
        if (session != null && session.equals(params.path("sessionId").asText()))
          failAll(new IllegalStateException("the page was detached" + exitStatus()));
      }
      default -> {}
    }
  }

  private void failAll(RuntimeException why) {
    if (broken == null) broken = why;
    pending.values().forEach(p -> p.result().completeExceptionally(why));
    waiters.forEach(w -> w.event().completeExceptionally(why));
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        onMessage(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(
          new IllegalStateException(
              "the browser closed the DevTools connection ("
                  + statusCode
                  + " "
                  + reason
                  + ")"
                  + exitStatus()));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(
          new IllegalStateException(
              "the DevTools connection failed: " + error + exitStatus(), error));
    }
  }

  private String exitStatus() {
    return process.isAlive() ? "" : "; chromium exited with status " + process.exitValue();
  }

  private String stderrTail() {
    synchronized (stderrTail) {
      return stderrTail.isEmpty()
          ? "; it wrote nothing on stderr"
          : "; the end of its stderr:\n" + String.join("\n", stderrTail);
    }
  }

  private static void remember(Deque<String> lines, String line) {
    synchronized (lines) {
      lines.addLast(line);
      while (lines.size() > KEPT_LINES) lines.removeFirst();
    }
  }

  private static String abbreviate(String js) {
    String flat = js.strip().replaceAll("\\s+", " ");
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
  }

  @Override
  public String toString() {
    return "HeadlessChromium[" + binary() + ", pid " + process.pid() + "]";
  }
}
