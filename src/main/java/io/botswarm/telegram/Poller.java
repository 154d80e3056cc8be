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
import java.util.function.LongConsumer;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
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
 *
 * <p>Telegram may restart a bot's update ids at a lower value (after a week without updates, or
 * when the API address changes to another server); asked from an offset above every id it has, it
 * answers from the start of its queue and confirms nothing. The library drops ids at or below the
 * highest it has seen, so such a bot would poll in a tight loop and hear nothing. Here the answer
 * is read before the library filters it: an update below the offset asked for means the ids
 * restarted, and the offset is re-based (journaled by the gateway) to just below the lowest, so
 * that those updates are delivered and confirmed like any others. A 409 is told to the gateway,
 * which knows what it means and what to do; failed polls are retried after {@link PollBackOff}.
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

  /** What the poller asks of its gateway, and tells it. */
  interface Gateway {
    /** Journals a new last update id; completes when it is journaled. */
    CompletionStage<?> acknowledge(long offset);

    /**
     * Journals that Telegram's update ids restarted below the offset: polling goes on after {@code
     * offset}, lower than before. Completes when it is journaled.
     */
    CompletionStage<?> rebase(long offset);

    /** getUpdates answered 409 (told for every one: the gateway counts them). */
    void conflicted(TelegramApi.Failure failure);

    /** getUpdates answers again after it failed. */
    void answered();
  }

  private final String botId;
  private final Delivery delivery;
  private final Gateway gateway;
  private final Duration waitFor;
  private final AtomicLong acknowledged;
  private final AtomicLong skipped = new AtomicLong();
  private final ScheduledExecutorService thread;
  private final OkHttpClient http;
  private final BotSession session;
  private volatile boolean running = true;
  private String lastProblem;
  // Set by the poll thread when an answer shows the ids restarted; read by it before it goes on.
  private long rebaseTo = -1;

  /**
   * @param offset the last update id acknowledged before (0: none)
   * @param gateway journals offsets, hears of conflicts
   */
  Poller(
      String botId,
      String token,
      TelegramUrl url,
      OkHttpClient base,
      TelegramSettings settings,
      long offset,
      Delivery delivery,
      Gateway gateway) {
    this.botId = botId;
    this.delivery = delivery;
    this.gateway = gateway;
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
            PollBackOff::new,
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
   * starts failing, why (Telegram's description), and when it recovers. A 409 on getUpdates goes to
   * the gateway, which says what it means.
   */
  private Response watched(Interceptor.Chain chain) throws IOException {
    List<String> segments = chain.request().url().pathSegments();
    boolean poll = segments.get(segments.size() - 1).equalsIgnoreCase("getUpdates");
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
        var failure =
            new TelegramApi.Failure(TelegramApi.Kind.REJECTED, response.code(), description, 0);
        if (poll && failure.conflict().isPresent()) {
          gateway.conflicted(failure);
          report(problem, false);
          return response;
        }
      }
      report(problem, true);
      return response;
    } catch (IOException e) {
      if (running) report(e.getClass().getSimpleName(), true);
      throw e;
    }
  }

  private synchronized void report(String problem, boolean logIt) {
    if (java.util.Objects.equals(problem, lastProblem)) return;
    if (problem == null) {
      log.info("bot {}: polling again", botId);
      gateway.answered();
    } else if (logIt) log.warn("bot {}: getUpdates failed: {}", botId, problem);
    lastProblem = problem;
  }

  private GetUpdates nextPoll(int limit, int timeout) {
    rebaseIfRestarted();
    long skip = skipped.get();
    if (skip > acknowledged.get()) settle(skip);
    var poll = new LenientGetUpdates(botId, skipped, this::restarted);
    poll.setOffset(Math.toIntExact(acknowledged.get() + 1));
    poll.setLimit(limit);
    poll.setTimeout(timeout);
    poll.setAllowedUpdates(UpdateMapper.ALLOWED_UPDATES);
    return poll;
  }

  /**
   * An answer held updates below the offset asked for: Telegram's ids restarted. The library's
   * filter (ids at or below the highest it has seen) must let them through, and a malformed update
   * remembered from the old numbering means nothing now.
   */
  private void restarted(long lowest) {
    rebaseTo = lowest - 1;
    skipped.set(0);
    session.getLastReceivedUpdate().set(Math.toIntExact(rebaseTo));
  }

  /** Journals the re-based offset before anything of the new numbering is acknowledged. */
  private void rebaseIfRestarted() {
    while (running && rebaseTo >= 0) {
      try {
        gateway
            .rebase(rebaseTo)
            .toCompletableFuture()
            .get(waitFor.toMillis(), TimeUnit.MILLISECONDS);
        acknowledged.set(rebaseTo);
        rebaseTo = -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.warn("bot {}: re-based offset {} not journaled yet: {}", botId, rebaseTo, e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void consume(List<Update> updates) {
    rebaseIfRestarted();
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
        gateway
            .acknowledge(last)
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

  /**
   * getUpdates whose answer is read update by update, so that a malformed one is skipped, and
   * before the library filters it, so that ids below the offset asked for (restarted) are seen.
   */
  static final class LenientGetUpdates extends GetUpdates {
    private final transient String bot;
    private final transient AtomicLong skipped;
    private final transient LongConsumer restarted;

    /**
     * @param restarted told the lowest update id of an answer that has ids below the offset
     */
    LenientGetUpdates(String bot, AtomicLong skipped, LongConsumer restarted) {
      this.bot = bot;
      this.skipped = skipped;
      this.restarted = restarted;
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
      long lowest = Long.MAX_VALUE;
      for (JsonNode node : root.path("result"))
        if (node.path("update_id").asLong(0) > 0)
          lowest = Math.min(lowest, node.path("update_id").asLong());
      if (getOffset() != null && getOffset() > 0 && lowest < getOffset()) restarted.accept(lowest);
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
