package io.botswarm.telegram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.util.ExponentialBackOff;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The long poll of one bot, on the telegrambots library's {@link BotSession}, made safe to fail
 * over. The library keeps its offset in memory from 0 and counts a batch as received before its
 * consumer runs; here every {@code getUpdates} asks from the offset the gateway journaled, and a
 * batch is acknowledged (journaled) only once the coordinators have it. A batch that cannot be
 * delivered is tried again, in this session, until it is delivered or the session stops. An update
 * that cannot be parsed is logged and skipped, and acknowledged with the rest: one bad update never
 * stalls a bot.
 */
final class Poller implements LongPollingUpdateConsumer {

  private static final Logger log = LoggerFactory.getLogger(Poller.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Duration MAX_RETRY = Duration.ofSeconds(10);

  /** Hands a batch to the coordinators; completes when they all have it. */
  interface Delivery {
    CompletionStage<?> deliver(List<Update> updates);
  }

  private final String botId;
  private final Delivery delivery;
  private final LongFunction<CompletionStage<?>> acknowledge;
  private final Duration waitFor;
  private final AtomicLong acknowledged;
  private final AtomicLong skipped = new AtomicLong();
  private final ScheduledExecutorService thread;
  private final OkHttpClient http;
  private final BotSession session;
  private volatile boolean running = true;
  private String lastProblem;

  /**
   * @param offset the last update id acknowledged before (0: none)
   * @param acknowledge journals a new last update id; completes when it is journaled
   */
  Poller(
      String botId,
      String token,
      TelegramUrl url,
      OkHttpClient base,
      TelegramSettings settings,
      long offset,
      Delivery delivery,
      LongFunction<CompletionStage<?>> acknowledge) {
    this.botId = botId;
    this.delivery = delivery;
    this.acknowledge = acknowledge;
    this.waitFor = settings.sendDeadline();
    this.acknowledged = new AtomicLong(offset);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "telegram-poll-" + botId);
              t.setDaemon(true);
              return t;
            });
    // A dispatcher of its own, so that stopping cancels this bot's poll and nothing else.
    this.http =
        TelegramApi.pollingClient(base, settings.pollTimeout())
            .newBuilder()
            .dispatcher(new Dispatcher())
            .addInterceptor(this::watched)
            .build();
    int timeout = (int) settings.pollTimeout().toSeconds();
    int limit = settings.pollLimit();
    this.session =
        new BotSession(
            JSON,
            http,
            thread,
            token,
            () -> url,
            ignoredLibraryOffset -> nextPoll(limit, timeout),
            ExponentialBackOff::new,
            this);
  }

  /** Starts polling; runs on the poller's own thread (the library first calls deleteWebhook). */
  void start() {
    thread.execute(
        () -> {
          try {
            session.start();
          } catch (Exception e) {
            log.warn("bot {}: long polling did not start: {}", botId, TelegramApi.classify(e));
            thread.schedule(this::start, 5, TimeUnit.SECONDS);
          }
        });
  }

  /** Stops polling: the poll under way is cancelled, so that no other poller overlaps it. */
  void stop() {
    running = false;
    session.stop();
    http.dispatcher().cancelAll();
    thread.shutdownNow();
  }

  /**
   * The library logs failed polls with stack traces, every one; this says in a line when polling
   * starts failing, why (Telegram's description, e.g. a 409 for a second poller), and when it
   * recovers.
   */
  private Response watched(Interceptor.Chain chain) throws IOException {
    try {
      Response response = chain.proceed(chain.request());
      String problem = null;
      if (response.code() != 200) {
        String description = "";
        try {
          description =
              JSON.readTree(response.peekBody(2048).string()).path("description").asText("");
        } catch (Exception notJson) {
          // An answer from something in between, not the Bot API.
        }
        problem = response.code() + (description.isEmpty() ? "" : " " + description);
      }
      report(problem);
      return response;
    } catch (IOException e) {
      if (running) report(e.getClass().getSimpleName());
      throw e;
    }
  }

  private synchronized void report(String problem) {
    if (java.util.Objects.equals(problem, lastProblem)) return;
    if (problem == null) log.info("bot {}: polling again", botId);
    else log.warn("bot {}: getUpdates failed: {}", botId, problem);
    lastProblem = problem;
  }

  private GetUpdates nextPoll(int limit, int timeout) {
    long skip = skipped.get();
    if (skip > acknowledged.get()) settle(skip);
    var poll = new LenientGetUpdates(botId, skipped);
    poll.setOffset(Math.toIntExact(acknowledged.get() + 1));
    poll.setLimit(limit);
    poll.setTimeout(timeout);
    poll.setAllowedUpdates(UpdateMapper.ALLOWED_UPDATES);
    return poll;
  }

  @Override
  public void consume(List<Update> updates) {
    long last =
        Math.max(skipped.get(), updates.stream().mapToLong(Update::getUpdateId).max().orElse(0));
    Duration pause = Duration.ofMillis(500);
    while (running) {
      try {
        delivery
            .deliver(updates)
            .toCompletableFuture()
            .get(waitFor.toMillis(), TimeUnit.MILLISECONDS);
        settle(last);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // Never throw: the library's poll loop would stop for good.
        log.warn(
            "bot {}: {} updates not delivered yet, trying again in {} ms: {}",
            botId,
            updates.size(),
            pause.toMillis(),
            e.getCause() != null ? e.getCause().toString() : e.toString());
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
        pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
      }
    }
  }

  /** Journals the offset; until that is done the next poll would ask for the same updates. */
  private void settle(long last) {
    while (running && acknowledged.get() < last) {
      try {
        acknowledge
            .apply(last)
            .toCompletableFuture()
            .get(waitFor.toMillis(), TimeUnit.MILLISECONDS);
        acknowledged.accumulateAndGet(last, Math::max);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.warn("bot {}: offset {} not journaled yet: {}", botId, last, e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** getUpdates whose answer is read update by update, so that a malformed one is skipped. */
  static final class LenientGetUpdates extends GetUpdates {
    private final transient String bot;
    private final transient AtomicLong skipped;

    LenientGetUpdates(String bot, AtomicLong skipped) {
      this.bot = bot;
      this.skipped = skipped;
    }

    @Override
    public ArrayList<Update> deserializeResponse(String answer) throws TelegramApiRequestException {
      JsonNode root;
      try {
        root = JSON.readTree(answer);
      } catch (Exception e) {
        throw new TelegramApiRequestException("Unable to deserialize response", e);
      }
      if (!root.path("ok").asBoolean(false) || !root.path("result").isArray())
        return super.deserializeResponse(answer);
      ArrayList<Update> updates = new ArrayList<>();
      for (JsonNode node : root.path("result")) {
        try {
          updates.add(JSON.treeToValue(node, Update.class));
        } catch (Exception e) {
          long id = node.path("update_id").asLong(-1);
          log.warn(
              "bot {}: update {} is malformed and skipped: {}",
              bot,
              id,
              e.getMessage() == null
                  ? e.getClass().getSimpleName()
                  : e.getMessage().lines().findFirst().orElse(""));
          if (id > 0) skipped.accumulateAndGet(id, Math::max);
        }
      }
      return updates;
    }
  }
}
