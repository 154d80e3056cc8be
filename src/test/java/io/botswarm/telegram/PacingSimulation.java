package io.botswarm.telegram;

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
 * exactly and nothing waits for real.
 */
final class PacingSimulation {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String BOT = "pacing_bot";
  static final Duration MEMORY = Duration.ofMinutes(10);

  /** One request as it went: started by the gateway, met by the server, answered. */
  record Attempt(
      String chatId,
      long seq,
      int part,
      Instant started,
      Instant atServer,
      Instant answered,
      Optional<Integer> retryAfter) {}

  private sealed interface Event permits Arrive, AtServer, Answer, Wake {
    Instant at();
  }

  private record Arrive(Instant at, String chatId, List<String> parts) implements Event {}

  private record AtServer(Instant at, Outbox.Queued q, Instant started) implements Event {}

  private record Answer(
      Instant at, Outbox.Queued q, Instant started, Instant atServer, Optional<Integer> retryAfter)
      implements Event {}

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
        outbox.add(a.chatId(), a.parts(), Optional.empty(), now.plus(MEMORY), null, now);
      } else if (e instanceof AtServer s) {
        var refused = telegram.send(BOT, Long.parseLong(s.q().chatId()), now);
        schedule(
            new Answer(
                now.plusMillis(latency(toGateway, requests)), s.q(), s.started(), now, refused));
        continue;
      } else if (e instanceof Answer a) {
        attempts.add(
            new Attempt(
                a.q().chatId(),
                a.q().seq(),
                a.q().next(),
                a.started(),
                a.atServer(),
                now,
                a.retryAfter()));
        if (a.retryAfter().isEmpty()) outbox.partSent(a.q(), messageIds++, now);
        else outbox.floodControlled(a.q(), a.retryAfter().get(), MEMORY, now);
      }
      drain(now);
    }
    if (outbox.size() > 0)
      throw new AssertionError(outbox.size() + " messages never went out: nothing woke the loop");
    return List.copyOf(attempts);
  }

  private void drain(Instant now) {
    var due = outbox.due(now);
    if (!due.expired().isEmpty()) throw new AssertionError("expired: " + due.expired());
    for (var q : due.send()) {
      requests++;
      schedule(new AtServer(now.plusMillis(latency(toServer, requests)), q, now));
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
