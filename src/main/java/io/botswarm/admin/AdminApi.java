package io.botswarm.admin;

import static io.botswarm.http.JsonAnswers.clip;
import static io.botswarm.http.JsonAnswers.done;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import io.botswarm.admin.AdminOperations.Kind;
import io.botswarm.admin.AdminOperations.PlanReport;
import io.botswarm.http.BearerToken;
import io.botswarm.http.HttpEndpoint;
import io.botswarm.http.JsonAnswers;
import io.botswarm.store.DatabaseUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's admin API, JSON over HTTP, every request with {@code Authorization: Bearer <token>}:
 *
 * <ul>
 *   <li>{@code POST /admin/plan} and {@code POST /admin/apply}, the body a swarm definition's text
 *       ({@code ?file=} names it in problems, {@code ?prune=true} removes what it leaves out): the
 *       plan, applied or not;
 *   <li>{@code GET /admin/export}: the running swarm as a definition ({@code text/yaml});
 *   <li>{@code POST /admin/bots/<id>/enable|disable}, {@code POST
 *       /admin/chats/<id>/enable|disable};
 *   <li>{@code GET /admin/bots}, {@code /admin/bots/<id>}, {@code /admin/chats[?pending=true]},
 *       {@code /admin/chats/<id>}.
 * </ul>
 *
 * <p>A request without the token, or with another, is answered 401 before anything is read or
 * called. A plan is 200, 400 when the definition has problems and 503 when some items did not
 * apply, its body the report in each case. Other errors are one line of {@code {"error": ...}}: 400
 * bad input, 404 an unknown bot or chat, 503 a database or cluster that cannot answer now. Nothing
 * here logs a request's headers: the token must not reach a log.
 */
public final class AdminApi extends AllDirectives implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}");
  private static final Pattern FILE_NAME = Pattern.compile("[^\\p{Cntrl}]{1,200}");
  private static final ContentType YAML = ContentTypes.parse("text/yaml; charset=UTF-8");
  private static final String ROUTES =
      "POST /admin/plan, /admin/apply, /admin/bots/<id>/enable|disable,"
          + " /admin/chats/<id>/enable|disable; GET /admin/export, /admin/bots, /admin/bots/<id>,"
          + " /admin/chats[?pending=true], /admin/chats/<id>";

  private final AdminOperations operations;
  private final BearerToken token;
  private final JsonAnswers answers;
  private final HttpEndpoint endpoint;

  private AdminApi(ActorSystem<?> system, AdminOperations operations, AdminSettings settings) {
    settings
        .refusal()
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    this.token =
        settings
            .token()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the admin API runs only with a token: set SWARM_ADMIN_TOKEN"
                            + " (botswarm.admin.token)"));
    this.operations = operations;
    // Akka's own mapper: what show() returns may hold the entities' records and times.
    this.answers =
        new JsonAnswers(
            JacksonObjectMapperProvider.get(akka.actor.typed.javadsl.Adapter.toClassic(system))
                .getOrCreate("jackson-json", Optional.empty()),
            "admin API",
            log);
    this.endpoint =
        HttpEndpoint.bind(
            system,
            "the admin API",
            settings.host(),
            settings.port(),
            route(),
            settings.answerWithin());
  }

  /**
   * Binds the API.
   *
   * @throws IllegalStateException when the settings have no token, or the port is taken
   */
  public static AdminApi start(
      ActorSystem<?> system, AdminOperations operations, AdminSettings settings) {
    return new AdminApi(system, operations, settings);
  }

  public int port() {
    return endpoint.port();
  }

  Route route() {
    return optionalHeaderValueByName(
        "Authorization",
        given ->
            token.admits(given)
                ? routes()
                : extractRequest(
                    request ->
                        extractMaterializer(
                            materializer -> {
                              // Refused unread: nothing of the body is looked at.
                              request.discardEntityBytes(materializer);
                              return complete(
                                  answers
                                      .error(
                                          StatusCodes.UNAUTHORIZED,
                                          "missing or wrong token: send Authorization: Bearer"
                                              + " <the node's SWARM_ADMIN_TOKEN>")
                                      .addHeader(HttpHeader.parse("WWW-Authenticate", "Bearer")));
                            })));
  }

  private Route routes() {
    return concat(
        path(PathMatchers.segment("admin").slash("plan"), () -> post(() -> definition(false))),
        path(PathMatchers.segment("admin").slash("apply"), () -> post(() -> definition(true))),
        path(
            PathMatchers.segment("admin").slash("export"),
            () -> get(() -> completeWithFuture(export()))),
        entities(Kind.BOT),
        entities(Kind.CHAT),
        complete(answers.error(StatusCodes.NOT_FOUND, "no such resource; this API has " + ROUTES)));
  }

  /** The routes of {@code /admin/bots} or {@code /admin/chats}. */
  private Route entities(Kind kind) {
    String plural = plural(kind);
    return concat(
        path(
            PathMatchers.segment("admin").slash(plural),
            () ->
                get(
                    () ->
                        parameterOptional(
                            "pending",
                            pending -> completeWithFuture(list(kind, pending.orElse("false")))))),
        path(
            PathMatchers.segment("admin").slash(plural).slash(PathMatchers.segment()),
            id -> get(() -> completeWithFuture(show(kind, id)))),
        path(
            PathMatchers.segment("admin")
                .slash(plural)
                .slash(PathMatchers.segment())
                .slash(PathMatchers.segment(Pattern.compile("enable|disable"))),
            (id, action) -> post(() -> completeWithFuture(setEnabled(kind, id, action)))));
  }

  private Route definition(boolean apply) {
    return parameterOptional(
        "file",
        file ->
            parameterOptional(
                "prune",
                prune ->
                    entity(
                        Unmarshaller.entityToString(),
                        text ->
                            completeWithFuture(
                                plan(
                                    file.orElse("swarm.yaml"),
                                    prune.orElse("false"),
                                    text,
                                    apply)))));
  }

  private CompletionStage<HttpResponse> plan(
      String file, String prune, String text, boolean apply) {
    if (!FILE_NAME.matcher(file).matches())
      return done(
          answers.error(StatusCodes.BAD_REQUEST, "file is a file name of 1 to 200 characters"));
    Optional<Boolean> pruning = bool(prune);
    if (pruning.isEmpty())
      return done(answers.error(StatusCodes.BAD_REQUEST, "prune is true or false"));
    if (text.isBlank())
      return done(
          answers.error(
              StatusCodes.BAD_REQUEST,
              "the body is the swarm definition (the text of swarm.yaml), and it was empty"));
    String what = (apply ? "apply of " : "plan of ") + file;
    return call(
        what,
        () -> operations.plan(file, text, apply, pruning.get()),
        report -> {
          if (apply) logReport(what, report);
          return report(report);
        });
  }

  private CompletionStage<HttpResponse> export() {
    return call(
        "export",
        operations::export,
        yaml -> HttpResponse.create().withEntity(YAML, yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private CompletionStage<HttpResponse> setEnabled(Kind kind, String id, String action) {
    Optional<HttpResponse> bad = badId(kind, id);
    if (bad.isPresent()) return done(bad.get());
    boolean enable = action.equals("enable");
    String what = action + " " + noun(kind) + " " + id;
    return call(
        what,
        () -> operations.setEnabled(kind, id, enable),
        report -> {
          logReport(what, report);
          return report(report);
        });
  }

  private CompletionStage<HttpResponse> list(Kind kind, String pending) {
    Optional<Boolean> pendingOnly = bool(pending);
    if (pendingOnly.isEmpty())
      return done(answers.error(StatusCodes.BAD_REQUEST, "pending is true or false"));
    if (kind == Kind.BOT && pendingOnly.get())
      return done(answers.error(StatusCodes.BAD_REQUEST, "only chats can be pending"));
    return call(
        "list of " + plural(kind),
        () -> operations.list(kind, pendingOnly.get()),
        rows -> answers.ok(Map.of(plural(kind), rows)));
  }

  private CompletionStage<HttpResponse> show(Kind kind, String id) {
    Optional<HttpResponse> bad = badId(kind, id);
    if (bad.isPresent()) return done(bad.get());
    return call(
        noun(kind) + " " + id,
        () -> operations.show(kind, id),
        found ->
            found
                .map(answers::ok)
                .orElseGet(
                    () ->
                        answers.error(StatusCodes.NOT_FOUND, "unknown " + noun(kind) + " " + id)));
  }

  /** Calls an operation; whatever it throws, at once or later, becomes an error response. */
  private <T> CompletionStage<HttpResponse> call(
      String what, Supplier<CompletionStage<T>> operation, Function<T, HttpResponse> answer) {
    CompletionStage<T> result;
    try {
      result = operation.get();
    } catch (RuntimeException e) {
      return done(failure(what, e));
    }
    return result.handle((value, e) -> e == null ? answer.apply(value) : failure(what, e));
  }

  private HttpResponse failure(String what, Throwable e) {
    Throwable cause = e;
    while (cause instanceof CompletionException && cause.getCause() != null)
      cause = cause.getCause();
    if (cause instanceof IllegalArgumentException)
      return answers.error(StatusCodes.BAD_REQUEST, oneLine(cause.getMessage()));
    if (cause instanceof NoSuchElementException)
      return answers.error(StatusCodes.NOT_FOUND, oneLine(cause.getMessage()));
    if (cause instanceof DatabaseUnavailableException) {
      log.warn("admin API: {}: {}", what, cause.getMessage());
      return answers.error(StatusCodes.SERVICE_UNAVAILABLE, "the database cannot answer now");
    }
    if (cause instanceof TimeoutException) {
      log.warn("admin API: {} got no answer in time: {}", what, cause.getMessage());
      return answers.error(
          StatusCodes.SERVICE_UNAVAILABLE,
          what + ": the cluster did not answer in time; try again");
    }
    log.error("admin API: {} failed", what, cause);
    return answers.error(
        StatusCodes.INTERNAL_SERVER_ERROR,
        what + " failed: " + cause.getClass().getSimpleName() + " (the node's log has more)");
  }

  private HttpResponse report(PlanReport report) {
    StatusCode status =
        !report.problems().isEmpty()
            ? StatusCodes.BAD_REQUEST
            : !report.failed().isEmpty() ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.OK;
    return answers.ok(report).withStatus(status);
  }

  private static void logReport(String what, PlanReport report) {
    log.info(
        "admin API: {}: {} changes, {} unchanged, {} problems, {} failed, applied {}",
        what,
        report.changes().size(),
        report.unchanged(),
        report.problems().size(),
        report.failed().size(),
        report.applied());
  }

  private Optional<HttpResponse> badId(Kind kind, String id) {
    if (kind == Kind.BOT && !BOT_ID.matcher(id).matches())
      return Optional.of(
          answers.error(StatusCodes.BAD_REQUEST, "not a bot id: '" + clip(id) + "'"));
    if (kind == Kind.CHAT && !CHAT_ID.matcher(id).matches())
      return Optional.of(
          answers.error(StatusCodes.BAD_REQUEST, "a chat id is a number, not '" + clip(id) + "'"));
    return Optional.empty();
  }

  private static Optional<Boolean> bool(String value) {
    return switch (value) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  static String plural(Kind kind) {
    return kind == Kind.BOT ? "bots" : "chats";
  }

  static String noun(Kind kind) {
    return kind == Kind.BOT ? "bot" : "chat";
  }

  private static String oneLine(String message) {
    if (message == null) return "bad request";
    return String.join("; ", Arrays.stream(message.split("\\R")).map(String::strip).toList());
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
