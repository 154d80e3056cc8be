package io.botswarm.telegram.sandbox;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.settings.ServerSettings;
import akka.stream.Materializer;
import akka.stream.TLSProtocol;
import akka.stream.javadsl.BidiFlow;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.TLSPlacebo;
import akka.stream.javadsl.Tcp;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.botswarm.http.HttpEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's HTTP server. {@code /bot<token>/<method>} is the Bot API, at the root as on
 * api.telegram.org, so that the telegrambots client reaches it through its custom server URL.
 * {@code /} is the live page; {@code /sandbox/...} is what the page and scripts use: chats, a
 * person's post, a bot added to a group, the event stream, the swarm's verdicts, injected faults
 * and counters.
 *
 * <p>It runs in an actor system of its own, so that a sandbox started by {@code swarm demo} is the
 * same program as one started by {@code swarm sandbox}. Connections are tracked one by one: a long
 * poll whose client hung up is forgotten, and only a second live poller is a conflict.
 */
public final class BotApiSandbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BotApiSandbox.class);

  /** Who changes a bot's standing in a chat when the control does not say. */
  public static final String ADMIN = "Admin";

  private static final Pattern BOT_PATH = Pattern.compile("/bot([^/]+)/(?:test/)?([A-Za-z]+)/?");
  private static final Pattern HUMAN_POST = Pattern.compile("/sandbox/chats/(-?\\d+)/messages");
  private static final Pattern BOT_ADDED = Pattern.compile("/sandbox/chats/(-?\\d+)/bots");
  private static final Pattern UPGRADED = Pattern.compile("/sandbox/chats/(-?\\d+)/upgrade");
  private static final Pattern TOPICS = Pattern.compile("/sandbox/chats/(-?\\d+)/topics");
  private static final Pattern HUMAN_EDIT =
      Pattern.compile("/sandbox/chats/(-?\\d+)/messages/(\\d+)/edit");
  private static final ContentType.WithFixedCharset JSON = ContentTypes.APPLICATION_JSON;

  private final ActorSystem<Void> system;
  private final Tcp.ServerBinding binding;
  private final SandboxWorld world;
  private final LiveFeed feed;
  private final ObjectMapper json = new ObjectMapper();
  private final String page;

  private BotApiSandbox(
      ActorSystem<Void> system,
      SandboxSpec spec,
      String host,
      int port,
      Duration startTimeout,
      Clock clock,
      Optional<BiConsumer<Duration, Runnable>> scheduler) {
    this.system = system;
    Materializer materializer = Materializer.matFromSystem(system);
    this.feed = new LiveFeed(materializer);
    BiConsumer<Duration, Runnable> later = scheduler.orElse(this::schedule);
    var pusher = new WebhookPusher(later);
    this.world = new SandboxWorld(spec, json, clock, feed::publish, later, pusher::kick);
    pusher.attach(world);
    this.page = resource("page.html");
    // Plain TCP under the HTTP layer (SessionBytes are SslTlsInbound; Java generics cannot say so).
    @SuppressWarnings("unchecked")
    var placebo =
        (BidiFlow<
                TLSProtocol.SslTlsOutbound,
                ByteString,
                ByteString,
                TLSProtocol.SslTlsInbound,
                NotUsed>)
            (BidiFlow<?, ?, ?, ?, ?>) TLSPlacebo.getInstance();
    var layer =
        Http.get(system)
            .serverLayer(ServerSettings.create(system.settings().config()))
            .atop(placebo)
            .reversed();
    this.binding =
        Tcp.get(system)
            .bind(host, port)
            .toMat(Sink.foreach(c -> serve(c, layer, materializer)), Keep.left())
            .run(materializer)
            .toCompletableFuture()
            .orTimeout(startTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .join();
  }

  /** Starts a sandbox on {@code host:port} (0: any free port). */
  public static BotApiSandbox start(SandboxSpec spec, String host, int port) {
    return start(spec, host, port, Clock.systemUTC(), Optional.empty());
  }

  /**
   * As {@link #start(SandboxSpec, String, int)}, with Telegram's time (flood limits, dates) read
   * from {@code clock} and its delayed work (long polls ending, webhook retries) handed to {@code
   * scheduler}: a test moves time itself.
   */
  static BotApiSandbox start(
      SandboxSpec spec,
      String host,
      int port,
      Clock clock,
      Optional<BiConsumer<Duration, Runnable>> scheduler) {
    Config config =
        ConfigFactory.parseString(
                """
                akka.actor.provider = local
                akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
                akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
                akka.loglevel = WARNING
                akka.coordinated-shutdown.exit-jvm = off
                akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                # Long polls last up to 50 s.
                akka.http.server.request-timeout = 75s
                akka.http.server.idle-timeout = 120s
                """)
            .withFallback(ConfigFactory.defaultReference());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "sandbox", config);
    try {
      return new BotApiSandbox(system, spec, host, port, Duration.ofSeconds(10), clock, scheduler);
    } catch (CompletionException e) {
      system.terminate();
      throw new IllegalStateException(
          "the sandbox cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage());
    }
  }

  /** Where the Bot API and the page answer, as {@code http://host:port}. */
  public String url() {
    var address = binding.localAddress();
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public SandboxStats stats() {
    return world.stats();
  }

  /** Whether a long poll of the bot with {@code token} is waiting for an update. */
  boolean polling(String token) {
    return world.polling(token);
  }

  /**
   * A person creates a forum topic {@code name} in a supergroup, as {@code POST
   * /sandbox/chats/<id>/topics} with {@code {"name", "from"}} does; returns its {@code
   * message_thread_id}.
   */
  public long createTopic(long chatId, String name, String by) {
    return world.createTopic(chatId, name, by);
  }

  /** A person posts into the forum topic {@code threadId}; returns the message's id. */
  public long postInTopic(long chatId, long threadId, String name, String text) {
    return world
        .postAsHuman(chatId, name, text, 0, SandboxWorld.Poster.PERSON, 0, threadId)
        .path("message_id")
        .asLong();
  }

  /** A person posts into a chat; returns the message's id. */
  public long postAsHuman(long chatId, String name, String text) {
    return world.postAsHuman(chatId, name, text, 0).path("message_id").asLong();
  }

  /**
   * A person posts as {@code POST /sandbox/chats/<id>/messages} with {@code "as"} does: {@code
   * person}, {@code anonymous-admin} (the group speaks; {@code name} is the signature, may be
   * empty), {@code channel-forward} (the linked channel {@code name}'s post, forwarded by Telegram)
   * or {@code forwarded}; {@code date} (epoch seconds, 0 for now) dates it in the past. Returns the
   * message's id as the page shows it.
   */
  public long postAs(long chatId, String as, String name, String text, long date) {
    return world
        .postAsHuman(chatId, name, text, 0, SandboxWorld.Poster.of(as), date, 0)
        .path("message_id")
        .asLong();
  }

  /**
   * A person adds a bot to a group, as {@code POST /sandbox/chats/<id>/bots} does: a group the
   * sandbox does not have is created with {@code title}; the bot gets a {@code my_chat_member}.
   */
  public void addBot(long chatId, String botUsername, String title, String by) {
    world.addBot(chatId, botUsername, title, by);
  }

  /**
   * A person upgrades a basic group to a supergroup, as {@code POST /sandbox/chats/<id>/upgrade}
   * does; {@code to} empty derives the new id. Returns the supergroup's id.
   */
  public long upgrade(long chatId, OptionalLong to, String by) {
    return world.upgrade(chatId, to, by);
  }

  /** The recent messages of a chat (the last 100), oldest first, as Telegram's Message objects. */
  public List<JsonNode> messages(long chatId) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode chat : world.snapshot().path("chats"))
      if (chat.path("id").asLong() == chatId) chat.path("messages").forEach(out::add);
    return out;
  }

  /**
   * Every event of the page ({@code message}, {@code action}, {@code verdict}, {@code flood},
   * {@code conflict}, {@code joined}) also goes to {@code listener}, on the thread that caused it.
   */
  public void listen(java.util.function.Consumer<JsonNode> listener) {
    feed.listen(listener::accept);
  }

  /** Makes the sandbox misbehave for a bot, as {@code POST /sandbox/faults} does. */
  public void inject(String botUsername, SandboxFault fault, int times) {
    world.inject(botUsername, fault, times);
  }

  /**
   * Puts a bot in a chat with a status, or takes it out ({@link MemberStatus#LEFT}, {@link
   * MemberStatus#KICKED}), as {@code POST /sandbox/members} does; the person {@code by} did it, and
   * the bot gets a {@code my_chat_member} update saying so.
   */
  public void setMember(long chatId, String botUsername, MemberStatus status, String by) {
    world.setMember(chatId, botUsername, status, by);
  }

  /** {@link #setMember(long, String, MemberStatus, String)} by the group's admin. */
  public void setMember(long chatId, String botUsername, MemberStatus status) {
    setMember(chatId, botUsername, status, ADMIN);
  }

  /**
   * Turns a bot's Group Privacy on or off, as {@code POST /sandbox/privacy} does. {@code getMe}
   * tells at once; a chat applies it when the bot joins again (as in Telegram).
   */
  public void setPrivacy(String botUsername, boolean on) {
    world.setPrivacy(botUsername, on);
  }

  /**
   * Restarts a bot's update ids at {@code nextUpdateId}, as {@code POST /sandbox/updates/reset}
   * does: as Telegram does after a long quiet spell, or another API server.
   */
  public void resetUpdateIds(String botUsername, long nextUpdateId) {
    world.resetUpdateIds(botUsername, nextUpdateId);
  }

  /**
   * Makes Telegram answer the bot's sends 429 for {@code retryAfter} seconds (on the sandbox's
   * clock), in one chat or, with an empty {@code chatId}, in every chat, as {@code POST
   * /sandbox/floods} does: each answer carries the seconds left.
   */
  public void flood(String botUsername, Optional<Long> chatId, int retryAfter) {
    world.setFlood(botUsername, chatId, retryAfter);
  }

  @Override
  public void close() {
    feed.close();
    HttpEndpoint.awaitUnbound(binding.unbind());
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private void schedule(Duration delay, Runnable task) {
    system.scheduler().scheduleOnce(delay, task, system.executionContext());
  }

  /**
   * Serves one TCP connection. akka-http keeps a request open while its answer is pending even when
   * the client has gone, so the end of the bytes coming in is watched below the HTTP layer: that is
   * when a long poll stops counting as a poller.
   */
  private void serve(
      Tcp.IncomingConnection connection,
      BidiFlow<ByteString, HttpRequest, HttpResponse, ByteString, NotUsed> layer,
      Materializer materializer) {
    Object id = new Object();
    Flow<HttpRequest, HttpResponse, NotUsed> handler =
        Flow.of(HttpRequest.class).mapAsync(1, request -> handle(id, request, materializer));
    connection.handleWith(
        Flow.of(ByteString.class)
            .watchTermination(
                (mat, done) -> {
                  done.whenComplete((d, e) -> world.connectionClosed(id));
                  return mat;
                })
            .via(layer.join(handler)),
        materializer);
  }

  private CompletionStage<HttpResponse> handle(
      Object connection, HttpRequest request, Materializer materializer) {
    String path = request.getUri().path();
    Matcher bot = BOT_PATH.matcher(path);
    if (bot.matches())
      return body(request, materializer)
          .thenCompose(
              body ->
                  botApi(
                      connection,
                      bot.group(1),
                      bot.group(2),
                      request.getUri().rawQueryString().orElse(null),
                      mediaType(request),
                      body))
          .exceptionally(e -> telegramError(e));
    boolean get = request.method().equals(HttpMethods.GET);
    boolean post = request.method().equals(HttpMethods.POST);
    if (get && (path.equals("/") || path.equals("/index.html")))
      return done(HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, page));
    if (get && path.equals("/sandbox/chats")) return done(ok(world.snapshot()));
    if (get && path.equals("/sandbox/stats")) return done(ok(json.valueToTree(world.stats())));
    if (get && path.equals("/sandbox/events"))
      return done(
          HttpResponse.create()
              .withEntity(
                  HttpEntities.createChunked(
                      ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), feed.subscribe())));
    if (post) {
      Matcher human = HUMAN_POST.matcher(path);
      Matcher edit = HUMAN_EDIT.matcher(path);
      if (human.matches() || edit.matches() || path.startsWith("/sandbox/"))
        return body(request, materializer)
            .thenApply(body -> sandboxPost(path, human, edit, body))
            .exceptionally(e -> problem(StatusCodes.BAD_REQUEST, cause(e).getMessage()));
    }
    return done(problem(StatusCodes.NOT_FOUND, "nothing here: " + path));
  }

  private CompletionStage<HttpResponse> botApi(
      Object connection, String token, String method, String query, String media, String body) {
    Params params = Params.parse(json, query, media, body);
    return world
        .call(token, method, params, connection)
        .thenApply(
            result -> {
              ObjectNode answer = json.createObjectNode();
              answer.put("ok", true);
              answer.set("result", result);
              return HttpResponse.create().withEntity(JSON, answer.toString());
            });
  }

  private HttpResponse telegramError(Throwable failure) {
    Throwable e = cause(failure);
    if (e instanceof SandboxWorld.ResponseLost)
      return HttpResponse.create()
          .withStatus(StatusCodes.BAD_GATEWAY)
          .withEntity(
              ContentTypes.TEXT_HTML_UTF8, "<html><body><h1>502 Bad Gateway</h1></body></html>");
    ApiError error;
    if (e instanceof ApiError api) {
      error = api;
    } else {
      log.warn("sandbox: a Bot API call failed: {}", e.toString());
      error = ApiError.internal();
    }
    ObjectNode answer = json.createObjectNode();
    answer.put("ok", false);
    answer.put("error_code", error.code);
    answer.put("description", error.getMessage());
    error.retryAfter.ifPresent(s -> answer.putObject("parameters").put("retry_after", s));
    error.migrateToChatId.ifPresent(
        id ->
            (answer.has("parameters")
                    ? (ObjectNode) answer.get("parameters")
                    : answer.putObject("parameters"))
                .put("migrate_to_chat_id", id));
    return HttpResponse.create()
        .withStatus(StatusCodes.get(error.code))
        .withEntity(JSON, answer.toString());
  }

  /** A post's {@code message_thread_id}: a topic's id, or absent for General. */
  private static long threadId(JsonNode in) {
    JsonNode id = in.path("message_thread_id");
    if (!id.isMissingNode() && !id.canConvertToLong())
      throw new IllegalArgumentException(
          "\"message_thread_id\": "
              + id
              + " is no topic id; give the number POST /sandbox/chats/<id>/topics answered, or"
              + " leave it out for General");
    return id.asLong(0);
  }

  private HttpResponse sandboxPost(String path, Matcher human, Matcher edit, String body) {
    JsonNode in = readJson(body);
    if (human.matches()) {
      return ok(
          world.postAsHuman(
              Long.parseLong(human.group(1)),
              in.path("from").asText(""),
              in.path("text").asText(""),
              in.path("reply_to_message_id").asLong(0),
              SandboxWorld.Poster.of(in.path("as").asText("")),
              in.path("date").asLong(0),
              threadId(in)));
    }
    Matcher topics = TOPICS.matcher(path);
    if (topics.matches()) {
      ObjectNode answer = json.createObjectNode();
      answer.put(
          "message_thread_id",
          world.createTopic(
              Long.parseLong(topics.group(1)),
              in.path("name").asText(""),
              in.path("from").asText("")));
      return ok(answer);
    }
    Matcher added = BOT_ADDED.matcher(path);
    if (added.matches()) {
      return ok(
          world.addBot(
              Long.parseLong(added.group(1)),
              in.path("bot").asText(""),
              in.path("title").asText(""),
              in.path("from").asText("")));
    }
    Matcher upgraded = UPGRADED.matcher(path);
    if (upgraded.matches()) {
      if (in.has("to") && !in.path("to").canConvertToLong())
        throw new IllegalArgumentException(
            "\"to\" is the supergroup's id, -100 followed by digits, or absent to derive it");
      long to =
          world.upgrade(
              Long.parseLong(upgraded.group(1)),
              in.has("to") ? OptionalLong.of(in.path("to").asLong()) : OptionalLong.empty(),
              in.path("from").asText(""));
      ObjectNode answer = json.createObjectNode();
      answer.put("chat_id", to);
      return ok(answer);
    }
    if (edit.matches()) {
      return ok(
          world.editAsHuman(
              Long.parseLong(edit.group(1)),
              Long.parseLong(edit.group(2)),
              in.path("text").asText("")));
    }
    switch (path) {
      case "/sandbox/verdicts" -> {
        world.verdict(
            in.path("chat_id").asLong(),
            in.path("bot").asText(),
            in.path("verdict").asText(),
            in.path("detail").asText());
        return ok(json.createObjectNode());
      }
      case "/sandbox/faults" -> {
        world.inject(
            in.path("bot").asText(),
            SandboxFault.parse(in.path("fault").asText()),
            Math.max(1, in.path("times").asInt(1)));
        return ok(json.createObjectNode());
      }
      case "/sandbox/members" -> {
        if (!in.path("chat_id").canConvertToLong() || in.path("bot").asText().isEmpty())
          throw new IllegalArgumentException(
              "say which chat_id and bot, and the status (member, administrator, restricted, left, kicked)");
        world.setMember(
            in.path("chat_id").asLong(),
            in.path("bot").asText(),
            MemberStatus.parse(in.path("status").asText()),
            in.path("from").asText(ADMIN));
        return ok(json.createObjectNode());
      }
      case "/sandbox/privacy" -> {
        if (!in.path("on").isBoolean())
          throw new IllegalArgumentException("say which bot and \"on\": true or false");
        world.setPrivacy(in.path("bot").asText(), in.path("on").asBoolean());
        return ok(json.createObjectNode());
      }
      case "/sandbox/updates/reset" -> {
        if (!in.path("next_update_id").canConvertToLong() || in.path("bot").asText().isEmpty())
          throw new IllegalArgumentException(
              "say which bot and its \"next_update_id\" (a positive number)");
        world.resetUpdateIds(in.path("bot").asText(), in.path("next_update_id").asLong());
        return ok(json.createObjectNode());
      }
      case "/sandbox/floods" -> {
        JsonNode chat = in.path("chat_id");
        if (!in.path("retry_after").canConvertToInt()
            || !chat.isMissingNode() && !chat.isNull() && !chat.canConvertToLong())
          throw new IllegalArgumentException(
              "say which bot, \"retry_after\" in seconds, and \"chat_id\" (leave it out for a bot-wide flood)");
        world.setFlood(
            in.path("bot").asText(),
            chat.isMissingNode() || chat.isNull() ? Optional.empty() : Optional.of(chat.asLong()),
            in.path("retry_after").asInt());
        return ok(json.createObjectNode());
      }
      default -> {
        return problem(StatusCodes.NOT_FOUND, "nothing here: " + path);
      }
    }
  }

  private JsonNode readJson(String body) {
    try {
      return body.isBlank() ? json.createObjectNode() : json.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON");
    }
  }

  private HttpResponse ok(JsonNode body) {
    return HttpResponse.create().withEntity(JSON, body.toString());
  }

  private HttpResponse problem(akka.http.javadsl.model.StatusCode status, String message) {
    ObjectNode body = json.createObjectNode();
    body.put("error", message == null ? "bad request" : message);
    return HttpResponse.create().withStatus(status).withEntity(JSON, body.toString());
  }

  private static CompletionStage<String> body(HttpRequest request, Materializer materializer) {
    return request
        .entity()
        .toStrict(10_000, materializer)
        .thenApply(strict -> strict.getData().utf8String());
  }

  private static String mediaType(HttpRequest request) {
    return request.entity().getContentType().toString();
  }

  private static Throwable cause(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
    return e;
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private static String resource(String name) {
    try (InputStream in = BotApiSandbox.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
