package io.botswarm.telegram;

import io.botswarm.chat.ChatTransport;
import io.botswarm.metrics.SwarmMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The Bot API calls of one bot, through the telegrambots client, and what their failures mean. A
 * failed call is {@link Kind#REJECTED} (Telegram answered no: nothing happened), {@link
 * Kind#NOT_SENT} (the request never reached the server) or {@link Kind#AMBIGUOUS} (it may have been
 * carried out: a timeout, a lost answer, a 5xx). Only the first two may be retried for a message;
 * OkHttp's own silent retry is off for the same reason.
 */
public final class TelegramApi {

  public enum Kind {
    REJECTED,
    NOT_SENT,
    AMBIGUOUS
  }

  /**
   * @param code Telegram's error code when it answered, else 0
   * @param retryAfter the seconds a 429 asks to wait, else 0
   * @param migrateToChatId the supergroup a group became, when a 400 says so ({@code
   *     parameters.migrate_to_chat_id}), else 0
   */
  public record Failure(
      Kind kind, int code, String description, int retryAfter, long migrateToChatId) {

    public Failure(Kind kind, int code, String description, int retryAfter) {
      this(kind, code, description, retryAfter, 0);
    }

    public boolean unauthorized() {
      return kind == Kind.REJECTED && code == 401;
    }

    /** Telegram's flood control: 429 Too Many Requests, with {@code retryAfter}. */
    public boolean floodControl() {
      return kind == Kind.REJECTED && code == 429;
    }

    /**
     * What Telegram's refusal says about the chat or the bot, at {@code now}: a migrated group, a
     * bot that may not post there (any 403; a 400 for a chat it cannot see or may not write in),
     * flood control until {@code retry_after} has passed; empty for anything else.
     */
    public Optional<ChatTransport.Refusal> refusal(Instant now) {
      if (kind != Kind.REJECTED) return Optional.empty();
      if (migrateToChatId != 0)
        return Optional.of(new ChatTransport.Migrated(String.valueOf(migrateToChatId)));
      if (code == 429)
        return Optional.of(
            new ChatTransport.Flooded(now.plusSeconds(Math.max(1, retryAfter)), false));
      String said = description.toLowerCase(Locale.ROOT);
      if (code == 403 || code == 400 && CANNOT_POST.stream().anyMatch(said::contains))
        return Optional.of(new ChatTransport.CannotPost(description));
      return Optional.empty();
    }

    /**
     * What a 409 on {@code getUpdates} says is in the way, from its description; empty for any
     * other failure. Telegram answers 409 when a newer poll of the same token ends this one
     * ("terminated by other getUpdates request") and when a webhook is set ("can't use getUpdates
     * method while webhook is active", or "terminated by setWebhook request" for the poll under way
     * as it is set).
     */
    public Optional<Conflict> conflict() {
      if (kind != Kind.REJECTED || code != 409) return Optional.empty();
      String said = description.toLowerCase(Locale.ROOT);
      if (said.contains("webhook")) return Optional.of(Conflict.WEBHOOK_SET);
      if (said.contains("getupdates request")) return Optional.of(Conflict.ANOTHER_POLLER);
      return Optional.of(Conflict.OTHER);
    }

    @Override
    public String toString() {
      return code > 0 ? code + " " + description : description;
    }
  }

  /** What a 409 on {@code getUpdates} means (see {@link Failure#conflict}). */
  public enum Conflict {
    /** Another program polls the same token: only an operator can stop it. */
    ANOTHER_POLLER,
    /** A webhook is set on the bot: a polling gateway may delete it. */
    WEBHOOK_SET,
    /** A 409 whose description says neither. */
    OTHER
  }

  private static final Set<String> METHODS =
      Set.of(
          "getme",
          "getupdates",
          "sendmessage",
          "sendchataction",
          "setwebhook",
          "deletewebhook",
          "getwebhookinfo");

  /**
   * Telegram's 400s that mean the bot cannot post in the chat (as its descriptions word them; the
   * Bot API documents no codes finer than the HTTP status).
   */
  private static final List<String> CANNOT_POST =
      List.of(
          "chat not found",
          "not enough rights",
          "have no rights to send",
          "chat_write_forbidden",
          "chat_restricted",
          "peer_id_invalid",
          "need administrator rights");

  private final OkHttpTelegramClient client;

  TelegramApi(OkHttpClient http, String token, TelegramUrl url) {
    this.client = new OkHttpTelegramClient(http, token, url);
  }

  /**
   * The HTTP client of a node's Bot API calls: a connection pool that closes idle connections
   * before servers do, no silent retries (a resent sendMessage could post twice), call metrics.
   */
  static OkHttpClient httpClient(Duration callTimeout) {
    var dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(64, 30, TimeUnit.SECONDS))
        .retryOnConnectionFailure(false)
        .callTimeout(callTimeout)
        .connectTimeout(Duration.ofSeconds(5))
        .addInterceptor(TelegramApi::timed)
        .build();
  }

  /** A client for long polls: it waits longer than the poll, and may retry (polls are safe). */
  static OkHttpClient pollingClient(OkHttpClient base, Duration pollTimeout) {
    return base.newBuilder()
        .callTimeout(pollTimeout.plusSeconds(15))
        .readTimeout(pollTimeout.plusSeconds(15))
        .retryOnConnectionFailure(true)
        .build();
  }

  private static Response timed(Interceptor.Chain chain) throws IOException {
    List<String> segments = chain.request().url().pathSegments();
    String method = segments.get(segments.size() - 1).toLowerCase(Locale.ROOT);
    if (!METHODS.contains(method)) method = "other";
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(chain.request());
      int code = response.code();
      SwarmMetrics.telegramCall(
          method,
          code < 300
              ? "ok"
              : code == 429 ? "rate_limited" : code < 500 ? "client_error" : "server_error",
          start);
      return response;
    } catch (IOException e) {
      SwarmMetrics.telegramCall(method, "io_error", start);
      throw e;
    }
  }

  public CompletionStage<User> getMe() {
    return run(() -> client.executeAsync(new GetMe()));
  }

  /**
   * Posts one message; {@code threadId} &gt; 0 puts it in that forum topic ({@code
   * message_thread_id}; without it, a forum's message goes to General).
   */
  public CompletionStage<Message> sendMessage(
      String chatId, String text, Optional<Long> replyTo, long threadId) {
    var message = SendMessage.builder().chatId(chatId).text(text);
    if (threadId > 0) message.messageThreadId(Math.toIntExact(threadId));
    replyTo.ifPresent(
        id ->
            message.replyParameters(
                ReplyParameters.builder()
                    .messageId(Math.toIntExact(id))
                    .allowSendingWithoutReply(true)
                    .build()));
    return run(() -> client.executeAsync(message.build()));
  }

  /** "typing…" in the chat, in the forum topic {@code threadId} when it is &gt; 0. */
  public CompletionStage<Boolean> typing(String chatId, long threadId) {
    var action = SendChatAction.builder().chatId(chatId).action(ActionType.TYPING.toString());
    if (threadId > 0) action.messageThreadId(Math.toIntExact(threadId));
    return run(() -> client.executeAsync(action.build()));
  }

  public CompletionStage<Boolean> setWebhook(String url, String secret, List<String> updates) {
    return run(
        () ->
            client.executeAsync(
                SetWebhook.builder().url(url).secretToken(secret).allowedUpdates(updates).build()));
  }

  public CompletionStage<Boolean> deleteWebhook() {
    return run(() -> client.executeAsync(new DeleteWebhook()));
  }

  /**
   * Deletes the bot's webhook, whoever set it; completes with the URL it had (empty when none was
   * set by then), so that the log can say whose it was.
   */
  public CompletionStage<String> removeWebhook() {
    return run(() -> client.executeAsync(new GetWebhookInfo()))
        .thenCompose(
            info -> deleteWebhook().thenApply(ok -> info.getUrl() == null ? "" : info.getUrl()));
  }

  private interface Call<T> {
    CompletableFuture<T> start() throws TelegramApiException;
  }

  private static <T> CompletionStage<T> run(Call<T> call) {
    try {
      return call.start();
    } catch (TelegramApiException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** What a failed call means; never carries the token (the client's messages do not either). */
  public static Failure classify(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
    if (e instanceof TelegramApiRequestException r
        && r.getErrorCode() != null
        && r.getErrorCode() > 0) {
      int code = r.getErrorCode();
      int retryAfter =
          r.getParameters() != null && r.getParameters().getRetryAfter() != null
              ? r.getParameters().getRetryAfter()
              : 0;
      long migrateTo =
          r.getParameters() != null && r.getParameters().getMigrateToChatId() != null
              ? r.getParameters().getMigrateToChatId()
              : 0;
      String description = r.getApiResponse() != null ? r.getApiResponse() : "error";
      // A 5xx may come after the work was done.
      return new Failure(
          code >= 500 ? Kind.AMBIGUOUS : Kind.REJECTED, code, description, retryAfter, migrateTo);
    }
    for (Throwable c = e; c != null; c = c.getCause())
      if (c instanceof ConnectException
          || c instanceof UnknownHostException
          || c instanceof NoRouteToHostException)
        return new Failure(Kind.NOT_SENT, 0, "cannot reach the Bot API: " + unreachable(c), 0);
    String what =
        e instanceof TelegramApiRequestException
            ? "an answer that is not the Bot API's (" + Redaction.redact(e.getMessage()) + ")"
            : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + Redaction.redact(e.getMessage()));
    return new Failure(Kind.AMBIGUOUS, 0, what, 0);
  }

  /** Why the Bot API could not be reached, in words (the message can hold a URL: redacted). */
  private static String unreachable(Throwable c) {
    String why =
        c instanceof UnknownHostException
            ? "its host name is not known here (no DNS, or no network)"
            : c instanceof ConnectException ? "the connection was refused" : "no route to its host";
    return why + (c.getMessage() == null ? "" : " (" + Redaction.redact(c.getMessage()) + ")");
  }
}
