package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.chat.ChatTransport;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.FieldCases;
import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gateway's pacing on a manual clock: one message in flight per chat, a 429's hold obeyed (for
 * its whole wait, given up or not; over all chats when the limit was the bot's), the chat's
 * interval learned from the first 429 — also when the answers come back slowly — and a message cut
 * off in parts saying which parts went out.
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
        0,
        clock.instant().plusSeconds(60),
        null,
        clock.instant());
  }

  Outbox.Queued add(Outbox outbox, String chat, Duration deadline, String... parts) {
    return outbox.add(
        chat,
        List.of(parts),
        Optional.empty(),
        0,
        clock.instant().plus(deadline),
        null,
        clock.instant());
  }

  static final Duration SEND_DEADLINE = Duration.ofSeconds(30);

  static List<Long> seqs(List<Outbox.Queued> queued) {
    return queued.stream().map(Outbox.Queued::seq).toList();
  }

  /**
   * The field case: Telegram answered "retry after 209" in a busy chat. The message, allowed 30 s,
   * is given up — and still nothing goes to the chat for 209 s: the next draft is refused here at
   * once, a message that may wait goes when the hold is over, other chats go on.
   */
  @Test
  void theFieldsLongFloodHoldsTheChatForItsWholeWaitEvenWhenItsMessageIsGivenUp() {
    var failure = TelegramApi.classify(FieldCases.error("09-long-retry-after-a.json"));
    assertEquals(TelegramApi.Kind.REJECTED, failure.kind());
    assertEquals(429, failure.code());
    assertEquals(209, failure.retryAfter());
    var outbox = new Outbox(30, clock.instant());
    var earlier = add(outbox, "-1", SEND_DEADLINE, "the chat's last message");
    outbox.partSent(outbox.due(clock.instant()).send().get(0), 1, clock.instant());
    clock.advance(Duration.ofSeconds(1));
    add(outbox, "-1", SEND_DEADLINE, "refused");
    var refused = outbox.due(clock.instant()).send().get(0);
    Instant now = clock.instant();
    var flooded =
        outbox.floodControlled(refused, failure.retryAfter(), PacingSimulation.MEMORY, now);
    Instant until = now.plusSeconds(209);
    assertEquals(new Outbox.Hold(until, false), flooded.hold(), "the chat's limit, a second after");
    assertTrue(flooded.givenUp(), "209 s is past its deadline");
    assertEquals(
        failure.refusal(now),
        Optional.of(new ChatTransport.Flooded(flooded.hold().until(), false)),
        "the refusal the coordinator hears says the same hold");
    assertEquals(0, outbox.size());

    var second = add(outbox, "-1", SEND_DEADLINE, "the second draft");
    var other = add(outbox, "-2", SEND_DEADLINE, "another chat");
    var due = outbox.due(clock.instant());
    assertEquals(List.of(second.seq()), seqs(due.expired()), "refused here, at once");
    assertEquals(List.of(other.seq()), seqs(due.send()), "other chats go on");
    assertEquals(Optional.of(new Outbox.Hold(until, false)), outbox.hold("-1", clock.instant()));
    assertEquals(Optional.empty(), outbox.hold("-2", clock.instant()));

    var patient = add(outbox, "-1", Duration.ofMinutes(5), "a message that may wait");
    assertEquals(Optional.of(until), outbox.due(clock.instant()).wakeAt());
    clock.advance(Duration.between(clock.instant(), until).minusMillis(1));
    assertEquals(List.of(), outbox.due(clock.instant()).send(), "not a millisecond early");
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(patient.seq()), seqs(outbox.due(clock.instant()).send()));
    assertTrue(earlier.seq() < patient.seq());
  }

  /**
   * After a flood of minutes the chat is paced as Telegram paces a chat, not at one message per
   * {@code retry_after}: the hold is a penalty, held once (the hostile groups run: after a 294 s
   * flood the next answers waited 294 s each and were given up).
   */
  @Test
  void afterALongFloodTheChatGoesAtAChatsPaceNotOneMessagePerRetryAfter() {
    var outbox = new Outbox(30, clock.instant());
    add(outbox, "-1", SEND_DEADLINE, "the chat's last message");
    outbox.partSent(outbox.due(clock.instant()).send().get(0), 1, clock.instant());
    clock.advance(Duration.ofSeconds(1));
    add(outbox, "-1", SEND_DEADLINE, "refused");
    var refused = outbox.due(clock.instant()).send().get(0);
    var flooded = outbox.floodControlled(refused, 300, PacingSimulation.MEMORY, clock.instant());
    clock.advance(Duration.between(clock.instant(), flooded.hold().until()));
    var first = add(outbox, "-1", SEND_DEADLINE, "after the flood");
    var sent = outbox.due(clock.instant()).send();
    assertEquals(List.of(first.seq()), seqs(sent));
    outbox.partSent(sent.get(0), 2, clock.instant());
    var second = add(outbox, "-1", SEND_DEADLINE, "and the next answer");
    var due = outbox.due(clock.instant());
    assertEquals(List.of(), due.expired(), "not given up");
    Instant next = due.wakeAt().orElse(clock.instant());
    assertFalse(
        next.isAfter(clock.instant().plus(Outbox.SLOWEST_CHAT_PACE)),
        "within a chat's slowest pace: " + next);
    clock.advance(Duration.between(clock.instant(), next));
    assertEquals(List.of(second.seq()), seqs(outbox.due(clock.instant()).send()));
  }

  /**
   * A 429 in a chat the bot has not posted to for long: the chat's own limit cannot have refused
   * it, the bot's did, so no chat gets anything before the wait is over.
   */
  @Test
  void aFloodOnTheBotsOwnLimitHoldsEveryChat() {
    var outbox = new Outbox(30, clock.instant());
    add(outbox, "-1", Duration.ofMinutes(10), "refused by the bot's limit");
    var refused = outbox.due(clock.instant()).send().get(0);
    var later = add(outbox, "-2", Duration.ofMinutes(10), "another chat, later");
    var flooded = outbox.floodControlled(refused, 209, PacingSimulation.MEMORY, clock.instant());
    Instant until = clock.instant().plusSeconds(209);
    assertEquals(new Outbox.Hold(until, true), flooded.hold());
    assertFalse(flooded.givenUp(), "its deadline is past the hold: it waits");
    var hurried = add(outbox, "-3", SEND_DEADLINE, "a third chat, in a hurry");
    var due = outbox.due(clock.instant());
    assertEquals(List.of(), due.send(), "no chat gets anything");
    assertEquals(List.of(hurried.seq()), seqs(due.expired()));
    assertEquals(Optional.of(new Outbox.Hold(until, true)), outbox.hold("-3", clock.instant()));
    assertEquals(Optional.of(until), due.wakeAt());
    clock.advance(Duration.ofSeconds(209));
    assertEquals(List.of(refused.seq(), later.seq()), seqs(outbox.due(clock.instant()).send()));
  }

  /** A 429 on part 2 of 3: the rest waits and goes in order, or the answer says part 1 went. */
  @Test
  void aFloodOnPartTwoHoldsTheRestInOrderOrSaysOnlyPartOneWentOut() {
    var outbox = new Outbox(30, clock.instant());
    add(outbox, "-1", Duration.ofMinutes(1), "one", "two", "three");
    var first = outbox.due(clock.instant()).send().get(0);
    var second = outbox.partSent(first, 11, clock.instant()).orElseThrow();
    assertEquals(List.of(second.seq()), seqs(outbox.due(clock.instant()).send()));
    var flooded = outbox.floodControlled(second, 5, PacingSimulation.MEMORY, clock.instant());
    assertFalse(flooded.givenUp());
    List<String> went = new java.util.ArrayList<>(List.of("one"));
    Optional<Outbox.Queued> next = Optional.of(second);
    while (next.isPresent()) {
      var due = outbox.due(clock.instant());
      if (due.send().isEmpty()) {
        clock.advance(Duration.between(clock.instant(), due.wakeAt().orElseThrow()));
        continue;
      }
      var q = due.send().get(0);
      went.add(q.part());
      next = outbox.partSent(q, 12, clock.instant());
    }
    assertEquals(List.of("one", "two", "three"), went, "in order, after the wait");

    add(outbox, "-2", SEND_DEADLINE, "uno", "dos", "tres");
    var uno = outbox.due(clock.instant()).send().get(0);
    var dos = outbox.partSent(uno, 21, clock.instant()).orElseThrow();
    outbox.due(clock.instant());
    var cut = outbox.floodControlled(dos, 209, PacingSimulation.MEMORY, clock.instant());
    assertTrue(cut.givenUp());
    assertEquals(new ChatTransport.Sent(21, 1, 3), dos.sentSoFar(), "part 1 of 3, not sent");
    assertFalse(dos.sentSoFar().whole());
    assertEquals(0, outbox.size());
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
