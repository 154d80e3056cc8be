package io.botswarm.api;

import static io.botswarm.http.JsonAnswers.clip;
import static io.botswarm.http.JsonAnswers.done;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.pattern.StatusReply;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import io.botswarm.bot.BotClient;
import io.botswarm.http.BearerToken;
import io.botswarm.http.HttpEndpoint;
import io.botswarm.http.JsonAnswers;
import io.botswarm.readmodel.ReadModelQueries;
import io.botswarm.readmodel.ReadModelQueries.Parameter;
import io.botswarm.readmodel.ReadModelQueries.Query;
import io.botswarm.store.DatabaseUnavailableException;
import io.botswarm.store.Databases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's read API, JSON over HTTP:
 *
 * <ul>
 *   <li>{@code GET /chats/<chat id>/messages} the chat's last 20 messages, newest first; with
 *       {@code ?archive=true} archived messages count too; a supergroup that continues an upgraded
 *       basic group goes on into the group's messages (each names its chat);
 *   <li>{@code GET /bots/<bot id>/messages} what the bot said in the last hour (up to 50);
 *   <li>{@code GET /bots/<bot id>} the bot's profile ({@link ProfileView}): persona, emotion,
 *       stances, holdings, memories.
 * </ul>
 *
 * <p>History comes from the read replicas through the read model's named queries (so their latency
 * is in {@code botswarm_query_seconds} by name), on a dispatcher of its own: JDBC blocks. A profile
 * comes from the bot entity's state, never from the database: it is what the bot knows now. Bad ids
 * are 400, unknown chats and bots 404, a database that cannot answer 503, each with a one-line
 * {@code {"error": ...}}.
 *
 * <p>With a token configured ({@code SWARM_API_TOKEN}) every request must carry it as {@code
 * Authorization: Bearer <token>}, or it is answered 401 and nothing is read. Without one the API
 * starts only on a loopback address ({@link ApiSettings}). It only ever reads.
 */
public final class HistoryApi extends AllDirectives implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HistoryApi.class);
  private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}");
  private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** The messages a chat's history shows (the queries' limit). */
  private static final int HISTORY = 20;

  private static final String ROUTES =
      "GET /chats/<chat id>/messages[?archive=true], /bots/<bot id>, /bots/<bot id>/messages";

  private final Databases databases;
  private final BotClient bots;
  private final Executor blocking;
  private final JsonAnswers answers;
  private final HttpEndpoint endpoint;
  private final Optional<BearerToken> token;

  private HistoryApi(ActorSystem<?> system, Databases databases, ApiSettings settings) {
    settings
        .refusal()
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    this.token = settings.token();
    this.databases = databases;
    this.bots = new BotClient(system);
    this.blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("botswarm.api.dispatcher"));
    // Akka's mapper, for the node's one way of writing JSON (ISO instants); what it writes are the
    // API's own views, never an entity's state.
    this.answers =
        new JsonAnswers(
            JacksonObjectMapperProvider.get(akka.actor.typed.javadsl.Adapter.toClassic(system))
                .getOrCreate("jackson-json", Optional.empty()),
            "read API",
            log);
    this.endpoint =
        HttpEndpoint.bind(system, "the read API", settings.host(), settings.port(), route());
  }

  /** Binds the API; a port that is taken fails here, with the address in the message. */
  public static HistoryApi start(ActorSystem<?> system, Databases databases, ApiSettings settings) {
    return new HistoryApi(system, databases, settings);
  }

  public int port() {
    return endpoint.port();
  }

  Route route() {
    if (token.isEmpty()) return routes();
    BearerToken required = token.get();
    return optionalHeaderValueByName(
        "Authorization",
        given ->
            required.admits(given)
                ? routes()
                : complete(
                    answers
                        .error(
                            StatusCodes.UNAUTHORIZED,
                            "missing or wrong token: send Authorization: Bearer <the node's"
                                + " SWARM_API_TOKEN>")
                        .addHeader(HttpHeader.parse("WWW-Authenticate", "Bearer"))));
  }

  private Route routes() {
    return concat(
        path(
            PathMatchers.segment("chats").slash(PathMatchers.segment()).slash("messages"),
            chatId ->
                get(
                    () ->
                        parameterOptional(
                            "archive",
                            archive ->
                                completeWithFuture(chatHistory(chatId, archive.orElse("false")))))),
        path(
            PathMatchers.segment("bots").slash(PathMatchers.segment()).slash("messages"),
            botId -> get(() -> completeWithFuture(botMessages(botId)))),
        path(
            PathMatchers.segment("bots").slash(PathMatchers.segment()),
            botId -> get(() -> completeWithFuture(profile(botId)))),
        complete(answers.error(StatusCodes.NOT_FOUND, "no such resource; this API has " + ROUTES)));
  }

  private CompletionStage<HttpResponse> chatHistory(String chatId, String archive) {
    if (!CHAT_ID.matcher(chatId).matches())
      return done(
          answers.error(
              StatusCodes.BAD_REQUEST, "a chat id is a number, not '" + clip(chatId) + "'"));
    if (!archive.equals("true") && !archive.equals("false"))
      return done(answers.error(StatusCodes.BAD_REQUEST, "archive is true or false"));
    return messages(
        archive.equals("true") ? ReadModelQueries.HISTORY_WITH_ARCHIVE : ReadModelQueries.HISTORY,
        chatId);
  }

  private CompletionStage<HttpResponse> botMessages(String botId) {
    if (!BOT_ID.matcher(botId).matches())
      return done(answers.error(StatusCodes.BAD_REQUEST, "not a bot id: '" + clip(botId) + "'"));
    return messages(ReadModelQueries.BOT_RECENT, botId);
  }

  /** Messages of a chat or a bot; none of one the read model does not know is a 404. */
  private CompletionStage<HttpResponse> messages(Query query, String id) {
    String kind = query.parameter() == Parameter.CHAT ? "chat" : "bot";
    return read(
        c -> {
          var rows = ReadModelQueries.rows(c, query, Map.of(query.parameter(), id));
          if (query.parameter() == Parameter.CHAT) rows = withEarlier(c, query, id, rows);
          if (rows.isEmpty() && !ReadModelQueries.known(c, query.parameter(), id))
            return answers.error(StatusCodes.NOT_FOUND, "unknown " + kind + " " + id);
          return answers.ok(
              query.parameter() == Parameter.CHAT
                  ? new HistoryView.ChatHistory(
                      id, rows.stream().map(HistoryView.ChatMessage::of).toList())
                  : new HistoryView.BotHistory(
                      id, rows.stream().map(HistoryView.BotMessage::of).toList()));
        });
  }

  private CompletionStage<HttpResponse> profile(String botId) {
    if (!BOT_ID.matcher(botId).matches())
      return done(answers.error(StatusCodes.BAD_REQUEST, "not a bot id: '" + clip(botId) + "'"));
    return bots.profile(botId)
        .thenApply(p -> answers.ok(ProfileView.of(p)))
        .exceptionally(
            e -> {
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              if (cause instanceof StatusReply.ErrorMessage refused)
                return answers.error(StatusCodes.NOT_FOUND, refused.getMessage());
              return answers.error(
                  StatusCodes.SERVICE_UNAVAILABLE,
                  "bot " + botId + " did not answer: " + cause.getClass().getSimpleName());
            });
  }

  private interface Read {
    HttpResponse run(java.sql.Connection c) throws SQLException;
  }

  private CompletionStage<HttpResponse> read(Read work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return databases.read(work::run);
          } catch (DatabaseUnavailableException e) {
            log.warn("read API: {}", e.getMessage());
            return answers.error(StatusCodes.SERVICE_UNAVAILABLE, "the database cannot answer now");
          }
        },
        blocking);
  }

  @Override
  public void close() {
    endpoint.close();
  }

  /** A chat's history, then that of the basic group it continues, up to {@link #HISTORY} in all. */
  private static List<Map<String, Object>> withEarlier(
      java.sql.Connection c, Query query, String chatId, List<Map<String, Object>> rows)
      throws SQLException {
    if (rows.size() >= HISTORY) return rows;
    var from = ReadModelQueries.continuedFrom(c, chatId);
    if (from.isEmpty()) return rows;
    List<Map<String, Object>> all = new ArrayList<>(rows);
    var earlier = ReadModelQueries.rows(c, query, Map.of(Parameter.CHAT, from.get()));
    all.addAll(earlier.subList(0, Math.min(earlier.size(), HISTORY - rows.size())));
    return all;
  }
}
