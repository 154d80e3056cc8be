package io.botswarm.generation;

import io.botswarm.generation.BudgetLedger.Key;
import io.botswarm.generation.BudgetLedger.Scope;
import io.botswarm.generation.GenerationSettings.Budget;
import io.botswarm.generation.GenerationSettings.WhenSpent;
import io.botswarm.metrics.SwarmMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swarm's LLM budget: tokens per UTC day per bot, per chat and for the whole swarm. A call is
 * checked before it is made and charged with the endpoint's {@code usage} after it answered.
 *
 * <p>The rule: a call starts only while, for every limited scope it counts against, the day's total
 * plus the estimates of this node's calls in flight is below the limit. So on one node the spend
 * passes a limit by at most one call (the last one started), by more only when answers cost more
 * than their estimate. Across the cluster, totals live in a {@link BudgetLedger} (the database); a
 * node trusts the totals it last read or wrote for {@code refresh} and learns the cluster's total
 * with every call it pays for, so the overshoot is what other nodes spent since it last looked.
 *
 * <p>A ledger that cannot be read or written must not silence the swarm: the node then counts on
 * its own from the totals it last knew, writes what it spent once the ledger answers again, and
 * says so in one log line each way.
 */
public final class LlmBudget {

  private static final Logger log = LoggerFactory.getLogger(LlmBudget.class);

  private static final String SWARM = "swarm";

  /** May the call be made. */
  public sealed interface Decision permits Go, Spent {}

  /** Yes: make the call, then {@link #charge} or {@link #release} the ticket, exactly once. */
  public record Go(Ticket ticket) implements Decision {}

  /** No: the budget of {@code scope}/{@code key} is spent for {@code day}. */
  public record Spent(Scope scope, String key, long limit, LocalDate day, WhenSpent policy)
      implements Decision {

    /** One line for a log or a refusal. */
    public String reason() {
      String whose =
          switch (scope) {
            case BOT -> "bot " + key;
            case CHAT -> "chat " + key;
            case SWARM -> "the swarm";
          };
      return "the LLM budget of "
          + whose
          + " ("
          + limit
          + " tokens a day) is spent for "
          + day
          + " UTC";
    }
  }

  /** A call that was let through: what it counts against, and what it was reserved at. */
  public record Ticket(
      LocalDate day, String botId, Optional<String> chatId, List<Key> limited, long estimate) {}

  /** One key's day, as this node knows it. */
  private static final class Entry {
    /** The ledger's total as last read or written, plus this node's charges not yet written. */
    long known;

    /** This node's charges the ledger has not taken yet. */
    long pending;

    /** Estimates of this node's calls in flight. */
    long reserved;

    /** When the ledger was last asked (read or written), answered or not. */
    Instant askedAt;

    CompletableFuture<Void> reading;
  }

  private final Budget settings;
  private final BudgetLedger ledger;
  private final Clock clock;

  private LocalDate day;
  private final Map<Key, Entry> entries = new HashMap<>();
  private final Set<Key> spentLogged = new HashSet<>();
  private boolean ledgerDown;

  public LlmBudget(Budget settings, BudgetLedger ledger, Clock clock) {
    this.settings = settings;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** No limits: every call goes, and is only counted in the metrics. */
  public static LlmBudget unlimited() {
    return new LlmBudget(Budget.unlimited(), BudgetLedger.inMemory(), Clock.systemUTC());
  }

  public Budget settings() {
    return settings;
  }

  /**
   * Whether a call for {@code botId} in {@code chatId} (empty: a chat not known, only the bot and
   * swarm budgets count) estimated at {@code estimate} tokens may start. Never fails: a ledger that
   * does not answer within {@code read-wait} leaves the decision to what this node knows.
   */
  public CompletionStage<Decision> check(String botId, Optional<String> chatId, long estimate) {
    LocalDate today = today();
    List<Key> limited = limited(botId, chatId);
    if (limited.isEmpty())
      return CompletableFuture.completedFuture(
          new Go(new Ticket(today, botId, chatId, limited, 0)));
    return refresh(today, limited)
        .completeOnTimeout(null, settings.readWait().toMillis(), TimeUnit.MILLISECONDS)
        .handle((read, error) -> decide(today, botId, chatId, limited, Math.max(1, estimate)));
  }

  /** The call answered and cost {@code tokens}. */
  public void charge(Ticket ticket, long tokens) {
    SwarmMetrics.llmTokens(Scope.BOT.label(), tokens);
    if (ticket.chatId().isPresent()) SwarmMetrics.llmTokens(Scope.CHAT.label(), tokens);
    SwarmMetrics.llmTokens(Scope.SWARM.label(), tokens);
    if (ticket.limited().isEmpty()) return;
    synchronized (this) {
      for (Key k : ticket.limited()) {
        Entry e = live(ticket.day(), k);
        if (e == null) continue;
        e.reserved -= ticket.estimate();
        e.known += tokens;
        e.pending += tokens;
        gauge(k, e);
      }
    }
    write(ticket.day(), ticket.limited(), tokens);
  }

  /** The call was not made, or cost nothing known (it failed). */
  public synchronized void release(Ticket ticket) {
    for (Key k : ticket.limited()) {
      Entry e = live(ticket.day(), k);
      if (e != null) e.reserved -= ticket.estimate();
    }
  }

  /** What is left today of a scope's budget as this node knows it; empty when it has no limit. */
  public synchronized OptionalLong remaining(Scope scope, String id) {
    long limit = limit(scope);
    if (limit == 0) return OptionalLong.empty();
    Entry e = live(today(), new Key(scope, scope == Scope.SWARM ? SWARM : id));
    return OptionalLong.of(Math.max(0, limit - (e == null ? 0 : e.known)));
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private List<Key> limited(String botId, Optional<String> chatId) {
    List<Key> keys = new ArrayList<>(3);
    if (settings.perBotTokens() > 0) keys.add(new Key(Scope.BOT, botId));
    if (settings.perChatTokens() > 0 && chatId.isPresent())
      keys.add(new Key(Scope.CHAT, chatId.get()));
    if (settings.swarmTokens() > 0) keys.add(new Key(Scope.SWARM, SWARM));
    return keys;
  }

  private long limit(Scope scope) {
    return switch (scope) {
      case BOT -> settings.perBotTokens();
      case CHAT -> settings.perChatTokens();
      case SWARM -> settings.swarmTokens();
    };
  }

  /** The entry of {@code key} for {@code today}; a new day forgets the last one's. */
  private Entry entry(LocalDate today, Key key) {
    if (!today.equals(day)) {
      day = today;
      entries.clear();
      spentLogged.clear();
    }
    return entries.computeIfAbsent(key, k -> new Entry());
  }

  /** The entry of {@code key} if {@code of} is still today's day, else null. */
  private Entry live(LocalDate of, Key key) {
    return of.equals(day) ? entries.get(key) : null;
  }

  private boolean stale(Entry e, Instant now) {
    return e.askedAt == null || !now.isBefore(e.askedAt.plus(settings.refresh()));
  }

  /** Reads the stale totals among {@code keys}; completes when every read in flight did. */
  private synchronized CompletableFuture<Void> refresh(LocalDate today, List<Key> keys) {
    Instant now = clock.instant();
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    List<Key> stale = new ArrayList<>();
    for (Key k : keys) {
      Entry e = entry(today, k);
      if (e.reading != null) waits.add(e.reading);
      else if (stale(e, now)) stale.add(k);
    }
    if (!stale.isEmpty()) {
      var read = new CompletableFuture<Void>();
      for (Key k : stale) {
        Entry e = entry(today, k);
        e.reading = read;
        e.askedAt = now;
      }
      waits.add(read);
      ledger
          .totals(today, stale)
          .whenComplete(
              (totals, error) -> {
                synchronized (this) {
                  for (Key k : stale) {
                    Entry e = live(today, k);
                    if (e == null) continue;
                    e.reading = null;
                    if (error == null) e.known = Math.max(e.known, totals.get(k) + e.pending);
                    gauge(k, e);
                  }
                }
                answered(error);
                // What this node spent while the ledger was down goes in as soon as it answers.
                if (error == null) write(today, stale, 0);
                read.complete(null);
              });
    }
    // A copy: the caller's timeout must not complete a read other checks wait for.
    return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).copy();
  }

  private synchronized Decision decide(
      LocalDate today, String botId, Optional<String> chatId, List<Key> limited, long estimate) {
    for (Key k : limited) {
      Entry e = entry(today, k);
      long limit = limit(k.scope());
      if (e.known + e.reserved >= limit) {
        var spent = new Spent(k.scope(), k.id(), limit, today, settings.whenSpent());
        if (spentLogged.add(k))
          log.info(
              "generation: {}; {} until midnight UTC",
              spent.reason(),
              settings.whenSpent() == WhenSpent.OFFLINE
                  ? "its drafts are written by the offline generator"
                  : "its drafts are refused (silence)");
        return spent;
      }
    }
    for (Key k : limited) entry(today, k).reserved += estimate;
    return new Go(new Ticket(today, botId, chatId, limited, estimate));
  }

  /**
   * Writes this node's pending charges of {@code keys}; while the ledger is down, at most once per
   * {@code refresh}, so that a dead database is not asked at every call.
   */
  private void write(LocalDate of, List<Key> keys, long tokens) {
    Map<Key, Long> amounts = new HashMap<>();
    Instant now = clock.instant();
    synchronized (this) {
      for (Key k : keys) {
        Entry e = live(of, k);
        if (e == null) {
          // Yesterday's call answered after midnight: its tokens still count for yesterday.
          if (tokens > 0) amounts.put(k, tokens);
          continue;
        }
        if (ledgerDown && !stale(e, now)) continue;
        if (e.pending > 0) amounts.put(k, e.pending);
        e.pending = 0;
        e.askedAt = now;
      }
    }
    if (amounts.isEmpty()) return;
    ledger
        .add(of, amounts)
        .whenComplete(
            (totals, error) -> {
              synchronized (this) {
                amounts.forEach(
                    (k, sent) -> {
                      Entry e = live(of, k);
                      if (e == null) return;
                      if (error != null) e.pending += sent;
                      else e.known = Math.max(e.known, totals.get(k) + e.pending);
                      gauge(k, e);
                    });
              }
              answered(error);
            });
  }

  /** One log line when the ledger stops answering, one when it answers again. */
  private void answered(Throwable error) {
    boolean wasDown;
    synchronized (this) {
      wasDown = ledgerDown;
      ledgerDown = error != null;
    }
    if (error != null && !wasDown)
      log.warn(
          "generation: cannot read or write the LLM budget ({}); this node counts on its own from"
              + " the totals it last knew until the database answers",
          OpenAiClient.describe(error));
    else if (error == null && wasDown)
      log.info("generation: the LLM budget's database answers again; counting across the swarm");
  }

  private void gauge(Key k, Entry e) {
    if (k.scope() == Scope.SWARM)
      SwarmMetrics.llmBudgetRemaining(Math.max(0, settings.swarmTokens() - e.known));
  }
}
