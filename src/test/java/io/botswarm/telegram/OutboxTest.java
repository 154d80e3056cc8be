package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gateway's pacing on a manual clock: one message in flight per chat, a 429's hold obeyed, and
 * the chat's interval learned from the first 429 — also when the answers come back slowly.
 */
class OutboxTest {

  static final SandboxSpec.FloodLimits ONE_PER_TWO_SECONDS =
      new SandboxSpec.FloodLimits(30, 1, Duration.ofSeconds(2), 20);

  final ManualClock clock = new ManualClock(PacingSimulation.START);

  Outbox.Queued add(Outbox outbox, String chat, String text) {
    return outbox.add(
        chat,
        List.of(text),
        Optional.empty(),
        clock.instant().plusSeconds(60),
        null,
        clock.instant());
  }

  /**
   * TelegramGatewayTest's 429 test on a busy machine: the first answer came back 1.2 s late, so the
   * second message met Telegram 0.8 s before the chat had room, and the 429 said "retry after 1"
   * where the chat allows one message every 2 s. Paced at retry_after, each later message met a 429
   * of its own (five in all); paced at what the 429 showed, none does.
   */
  @Test
  void aRefusalLateInTheChatsIntervalTeachesTheWholeIntervalNotTheRetryAfterLeft() {
    var attempts =
        new PacingSimulation(
                ONE_PER_TWO_SECONDS,
                List.of(0L),
                List.of(0L, 1_200L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L))
            .send(Duration.ZERO, "-100", "steady 0")
            .send(Duration.ZERO, "-100", "steady 1")
            .send(Duration.ZERO, "-100", "steady 2")
            .send(Duration.ZERO, "-100", "steady 3")
            .send(Duration.ZERO, "-100", "steady 4")
            .run();
    var refused = attempts.stream().filter(a -> a.retryAfter().isPresent()).toList();
    assertEquals(1, refused.size(), "one 429, then none: " + attempts);
    assertEquals(Optional.of(1), refused.get(0).retryAfter(), "the time left, not the interval");
    var next =
        attempts.stream().filter(a -> a.started().isAfter(refused.get(0).started())).findFirst();
    assertTrue(
        !next.orElseThrow().started().isBefore(refused.get(0).answered().plusSeconds(1)),
        "the refused message waited out its retry_after: " + attempts);
    assertEquals(6, attempts.size(), "five messages and the one refusal: " + attempts);
  }

  @Test
  void aRefusalLongAfterTheChatsLastMessageTeachesOnlyItsRetryAfter() {
    var outbox = new Outbox(30, clock.instant());
    add(outbox, "-1", "long ago");
    var first = outbox.due(clock.instant()).send().get(0);
    outbox.partSent(first, 1, clock.instant());
    clock.advance(Duration.ofMinutes(1));
    add(outbox, "-1", "refused by the bot's limit over all chats");
    add(outbox, "-1", "then one a second");
    var refused = outbox.due(clock.instant()).send().get(0);
    outbox.floodControlled(refused, 1, PacingSimulation.MEMORY, clock.instant());
    Instant held = clock.instant().plusSeconds(1);
    assertEquals(Optional.of(held), outbox.due(clock.instant()).wakeAt());
    clock.advance(Duration.ofSeconds(1));
    var again = outbox.due(clock.instant()).send();
    assertEquals(List.of(refused.seq()), again.stream().map(Outbox.Queued::seq).toList());
    outbox.partSent(again.get(0), 2, clock.instant());
    assertEquals(
        Optional.of(clock.instant().plusSeconds(1)),
        outbox.due(clock.instant()).wakeAt(),
        "one a second, as the 429 asked; the minute since the chat's last message is no interval");
  }

  @Test
  void aChatHasOneMessageInFlightAndKeepsItsOrderWhileOtherChatsGoAlongside() {
    var outbox = new Outbox(30, clock.instant());
    var a1 = add(outbox, "-1", "a1");
    var a2 = add(outbox, "-1", "a2");
    var b1 = add(outbox, "-2", "b1");
    assertEquals(
        List.of(a1.seq(), b1.seq()),
        outbox.due(clock.instant()).send().stream().map(Outbox.Queued::seq).toList());
    assertEquals(List.of(), outbox.due(clock.instant()).send(), "a1 and b1 are under way");
    outbox.partSent(a1, 1, clock.instant());
    assertEquals(
        List.of(a2.seq()),
        outbox.due(clock.instant()).send().stream().map(Outbox.Queued::seq).toList());
  }

  @Test
  void theBotsLimitOverAllChatsWakesTheGatewayWhenItsNextTokenIsThere() {
    var outbox = new Outbox(2, clock.instant());
    for (int chat = 1; chat <= 3; chat++) add(outbox, "-" + chat, "hello");
    var due = outbox.due(clock.instant());
    assertEquals(2, due.send().size());
    assertEquals(Optional.of(clock.instant().plusMillis(500)), due.wakeAt());
  }

  @Test
  void aMessageWhoseDeadlinePassedBeforeItWentOutExpires() {
    var outbox = new Outbox(30, clock.instant());
    var late = add(outbox, "-1", "too late");
    clock.advance(Duration.ofSeconds(61));
    var due = outbox.due(clock.instant());
    assertEquals(List.of(late.seq()), due.expired().stream().map(Outbox.Queued::seq).toList());
    assertEquals(0, outbox.size());
  }
}
