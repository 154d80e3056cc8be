package io.botswarm.telegram;

import io.botswarm.chat.ChatTransport;
import io.botswarm.telegram.sandbox.FloodControl;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The gateway's sending loop around an {@link Outbox} (as {@code TelegramGateway} runs it: a new
 * message, an answer or a wake-up, then whatever is due) against Telegram's flood control as the
 * sandbox models it, on a {@link ManualClock}: every request reaches the server and its answer
 * reaches the gateway after latencies the test chooses, so a busy machine's delays are replayed
 * exactly and nothing waits for real. Long floods ({@link #flood}) refuse the bot's sends in a chat
 * or everywhere as the sandbox's {@code /sandbox/floods} does; a message whose hold outlasts its
 * deadline is given up as the gateway gives it up, with the outcome the gateway answers.
 */
final class PacingSimulation {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String BOT = "pacing_bot";
  static final Duration MEMORY = Duration.ofMinutes(10);

  /**
   * One request as it went: started by the gateway (its {@code request}, counted from 1), met by
   * the server, answered; for a 429, the hold the gateway took from it and how many requests it had
   * started by then.
   */
  record Attempt(
      String chatId,
      long seq,
      int part,
      Instant started,
      Instant atServer,
      Instant answered,
      Optional<Integer> retryAfter,
      int request,
      Optional<Outbox.Hold> hold,
      int startedBefore) {}

  /** How a message ended, as the gateway answers its coordinator. */
  record Outcome(long seq, String chatId, ChatTransport.Outcome outcome) {}

  private sealed interface Event permits Arrive, AtServer, Answer, Wake, Flood {
    Instant at();
  }

  private record Arrive(Instant at, String chatId, List<String> parts) implements Event {}

  private record AtServer(Instant at, Outbox.Queued q, Instant started, int request)
      implements Event {}

  private record Answer(
      Instant at,
      Outbox.Queued q,
      Instant started,
      Instant atServer,
      Optional<Integer> retryAfter,
      int request)
      implements Event {}

  /** A long flood begins: the bot's sends to {@code chatId} (empty: to any chat) are refused. */
  private record Flood(Instant at, Optional<String> chatId, int seconds) implements Event {}

  private record Wake(Instant at) implements Event {}

  private record Scheduled(Event event, long order) {}

  final ManualClock clock = new ManualClock(START);
  private final FloodControl telegram;
  private final Outbox outbox;
  private final List<Long> toServer;
  private final List<Long> toGateway;
  private final PriorityQueue<Scheduled> events =
      new PriorityQueue<>(
          Comparator.comparing((Scheduled s) -> s.event().at())
              .thenComparingLong(Scheduled::order));
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Outcome> outcomes = new ArrayList<>();
  private Duration deadline = MEMORY;
  private long order;
  private long messageIds = 1;
  private int requests;

  /**
   * @param toServer milliseconds each request takes to reach the server, used in turn
   * @param toGateway milliseconds each answer takes to come back, used in turn
   */
  PacingSimulation(SandboxSpec.FloodLimits limits, List<Long> toServer, List<Long> toGateway) {
    this.telegram = new FloodControl(limits);
    this.outbox = new Outbox(limits.perBotPerSecond(), START);
    this.toServer = List.copyOf(toServer);
    this.toGateway = List.copyOf(toGateway);
  }

  /** Each message may wait this long for its turn (the gateway's send deadline); else 10 min. */
  PacingSimulation deadline(Duration deadline) {
    this.deadline = deadline;
    return this;
  }

  /**
   * From {@code at}, Telegram refuses the bot's sends to {@code chatId} (empty: to every chat) for
   * {@code seconds}, each 429 carrying the seconds left.
   */
  PacingSimulation flood(Duration at, Optional<String> chatId, int seconds) {
    schedule(new Flood(START.plus(at), chatId, seconds));
    return this;
  }

  /** How each message ended, in the order the gateway answered; after {@link #run}. */
  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** A coordinator hands the gateway a message for {@code chatId} at {@code at}. */
  PacingSimulation send(Duration at, String chatId, String... parts) {
    schedule(new Arrive(START.plus(at), chatId, List.of(parts)));
    return this;
  }

  /** Runs until every message went out; returns every request in the order they were answered. */
  List<Attempt> run() {
    while (!events.isEmpty()) {
      Event e = events.poll().event();
      if (e.at().isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), e.at()));
      Instant now = clock.instant();
      if (e instanceof Arrive a) {
        outbox.add(a.chatId(), a.parts(), Optional.empty(), 0, now.plus(deadline), null, now);
      } else if (e instanceof Flood f) {
        telegram.hold(BOT, f.chatId().map(Long::parseLong), now.plusSeconds(f.seconds()));
        continue;
      } else if (e instanceof AtServer s) {
        var refused = telegram.send(BOT, Long.parseLong(s.q().chatId()), now);
        schedule(
            new Answer(
                now.plusMillis(latency(toGateway, requests)),
                s.q(),
                s.started(),
                now,
                refused,
                s.request()));
        continue;
      } else if (e instanceof Answer a) {
        var q = a.q();
        Optional<Outbox.Hold> hold = Optional.empty();
        if (a.retryAfter().isEmpty()) {
          long id = messageIds++;
          if (outbox.partSent(q, id, now).isEmpty())
            outcomes.add(
                new Outcome(
                    q.seq(),
                    q.chatId(),
                    new ChatTransport.Sent(
                        q.next() == 0 ? id : q.firstMessageId(),
                        q.parts().size(),
                        q.parts().size())));
        } else {
          var flooded = outbox.floodControlled(q, a.retryAfter().get(), MEMORY, now);
          hold = Optional.of(flooded.hold());
          if (flooded.givenUp())
            outcomes.add(
                new Outcome(
                    q.seq(),
                    q.chatId(),
                    q.next() > 0 ? q.sentSoFar() : new ChatTransport.Failed("flooded")));
        }
        attempts.add(
            new Attempt(
                q.chatId(),
                q.seq(),
                q.next(),
                a.started(),
                a.atServer(),
                now,
                a.retryAfter(),
                a.request(),
                hold,
                requests));
      }
      drain(now);
    }
    if (outbox.size() > 0)
      throw new AssertionError(outbox.size() + " messages never went out: nothing woke the loop");
    return List.copyOf(attempts);
  }

  private void drain(Instant now) {
    var due = outbox.due(now);
    if (!due.expired().isEmpty() && deadline.equals(MEMORY))
      throw new AssertionError("expired: " + due.expired());
    for (var q : due.expired())
      outcomes.add(new Outcome(q.seq(), q.chatId(), new ChatTransport.Failed("given up")));
    for (var q : due.send()) {
      requests++;
      schedule(new AtServer(now.plusMillis(latency(toServer, requests)), q, now, requests));
    }
    due.wakeAt().ifPresent(at -> schedule(new Wake(at)));
  }

  private static long latency(List<Long> choices, int n) {
    return choices.get(n % choices.size());
  }

  private void schedule(Event e) {
    events.add(new Scheduled(e, order++));
  }
}
