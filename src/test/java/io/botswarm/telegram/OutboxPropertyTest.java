package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.telegram.sandbox.SandboxSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The gateway's pacing against Telegram's flood control as the sandbox models it, for generated
 * limits, message arrivals over up to three chats, and latencies to and from the server of up to a
 * second each (a busy machine): run by {@link PacingSimulation} on a manual clock.
 */
class OutboxPropertyTest {

  static final String CHAT = "-100";

  /**
   * @param burst the messages a chat takes at once
   * @param intervalSeconds then one per this many seconds
   * @param arrivals per message: milliseconds after the one before, and its chat (0 to 2)
   */
  PacingSimulation simulation(
      int burst,
      int intervalSeconds,
      List<@IntRange(min = 0, max = 3_000) Integer> arrivals,
      List<Long> toServer,
      List<Long> toGateway) {
    // The minute's cap is left out of reach: its slow refill is a limit the property does not ask
    // the gateway to guess from one 429.
    var sim =
        new PacingSimulation(
            new SandboxSpec.FloodLimits(30, burst, Duration.ofSeconds(intervalSeconds), 1_000),
            toServer,
            toGateway);
    long at = 0;
    for (int i = 0; i < arrivals.size(); i++) {
      at += arrivals.get(i) / 3;
      sim.send(Duration.ofMillis(at), String.valueOf(-100 - arrivals.get(i) % 3), "message " + i);
    }
    return sim;
  }

  /**
   * A chat that takes one message per interval (Telegram's in a private chat, the sandbox's in the
   * gateway test): the first 429 shows the whole interval, however late the answers come.
   */
  @Property(tries = 300)
  void afterAChatsFirst429ItMeetsNoOther(
      @ForAll @IntRange(min = 1, max = 3) int intervalSeconds,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 3_000) Integer> arrivals,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toServer,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toGateway) {
    var attempts = simulation(1, intervalSeconds, arrivals, toServer, toGateway).run();
    refusalsPerChat(attempts)
        .forEach((chat, n) -> assertTrue(n <= 1, "chat " + chat + ": " + n + " 429s " + attempts));
  }

  /**
   * A chat that takes a burst: a 429 after a burst shows only part of the interval (the bucket had
   * refilled a little), and every later 429 shows more of it, so that a chat meets at most one 429
   * more than its burst.
   */
  @Property(tries = 1_000)
  void aChatThatTakesABurstMeetsNoMore429sThanItsBurstAndOne(
      @ForAll @IntRange(min = 2, max = 3) int burst,
      @ForAll @IntRange(min = 1, max = 3) int intervalSeconds,
      @ForAll @Size(min = 1, max = 16) List<@IntRange(min = 0, max = 3_000) Integer> arrivals,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toServer,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toGateway) {
    var attempts = simulation(burst, intervalSeconds, arrivals, toServer, toGateway).run();
    refusalsPerChat(attempts)
        .forEach(
            (chat, n) ->
                assertTrue(n <= burst + 1, "chat " + chat + ": " + n + " 429s " + attempts));
  }

  /**
   * A long flood set on the bot (in one of the chats, or over all of them) at a random time, while
   * messages — some in two parts — arrive with the gateway's 30 s deadline: after every 429,
   * nothing starts towards its chat (towards any chat, when the gateway took the limit to be the
   * bot's) before its {@code retry_after} has passed, whether its message waited or was given up;
   * every message gets one answer, and a message's parts go in order, the answer saying how many
   * went.
   */
  @Property(tries = 500)
  void afterA429NothingGoesToItsChatOrFromTheBotBeforeItsRetryAfter(
      @ForAll @IntRange(min = 1, max = 400) int floodSeconds,
      @ForAll @IntRange(min = 0, max = 3) int floodChat,
      @ForAll @IntRange(min = 0, max = 4_000) int floodAtMillis,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 3_000) Integer> arrivals,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toServer,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toGateway) {
    var sim =
        new PacingSimulation(
                new SandboxSpec.FloodLimits(30, 2, Duration.ofSeconds(1), 1_000),
                toServer,
                toGateway)
            .deadline(Duration.ofSeconds(30))
            .flood(
                Duration.ofMillis(floodAtMillis),
                floodChat == 3
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(chat(floodChat)),
                floodSeconds);
    long at = 0;
    for (int i = 0; i < arrivals.size(); i++) {
      at += arrivals.get(i) / 3;
      String chat = chat(arrivals.get(i) % 3);
      if (i % 3 == 0) sim.send(Duration.ofMillis(at), chat, "message " + i, "its tail");
      else sim.send(Duration.ofMillis(at), chat, "message " + i);
    }
    var attempts = sim.run();
    for (var refused : attempts) {
      if (refused.hold().isEmpty()) continue;
      var hold = refused.hold().get();
      Instant until = refused.answered().plusSeconds(Math.max(1, refused.retryAfter().get()));
      assertEquals(until, hold.until());
      for (var later : attempts)
        if (later.request() > refused.startedBefore()
            && (hold.botWide() || later.chatId().equals(refused.chatId())))
          assertFalse(
              later.started().isBefore(until),
              "inside the hold of " + refused + ": " + later + " " + attempts);
    }
    var outcomes = sim.outcomes();
    assertEquals(arrivals.size(), outcomes.size(), "one answer per message: " + outcomes);
    for (var o : outcomes) {
      List<Integer> parts =
          attempts.stream()
              .filter(a -> a.seq() == o.seq() && a.retryAfter().isEmpty())
              .map(PacingSimulation.Attempt::part)
              .toList();
      int went =
          o.outcome() instanceof io.botswarm.chat.ChatTransport.Sent sent ? sent.partsSent() : 0;
      assertEquals(
          java.util.stream.IntStream.range(0, went).boxed().toList(),
          parts,
          "the parts that went, in order, are the ones the answer names: " + o + " " + attempts);
    }
  }

  static String chat(int i) {
    return String.valueOf(-100 - i);
  }

  static Map<String, Integer> refusalsPerChat(List<PacingSimulation.Attempt> attempts) {
    Map<String, Integer> refused = new HashMap<>();
    for (var a : attempts)
      if (a.retryAfter().isPresent()) refused.merge(a.chatId(), 1, Integer::sum);
    return refused;
  }

  @Property(tries = 300)
  void retryAfterIsAlwaysObeyedAndAChatsMessagesGoOneAtATimeInOrder(
      @ForAll @IntRange(min = 1, max = 3) int burst,
      @ForAll @IntRange(min = 1, max = 3) int intervalSeconds,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 3_000) Integer> arrivals,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toServer,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 1_000) Long> toGateway) {
    var attempts = simulation(burst, intervalSeconds, arrivals, toServer, toGateway).run();
    Map<String, Instant> heldUntil = new HashMap<>();
    Map<String, Instant> lastAnswered = new HashMap<>();
    Map<String, Long> lastSent = new HashMap<>();
    for (var a : attempts) {
      var held = heldUntil.get(a.chatId());
      if (held != null)
        assertFalse(a.started().isBefore(held), "started inside the hold: " + a + " " + attempts);
      var answered = lastAnswered.get(a.chatId());
      if (answered != null)
        assertFalse(
            a.started().isBefore(answered), "two requests of a chat at once: " + a + attempts);
      lastAnswered.put(a.chatId(), a.answered());
      a.retryAfter()
          .ifPresent(s -> heldUntil.put(a.chatId(), a.answered().plusSeconds(Math.max(1, s))));
      if (a.retryAfter().isEmpty()) {
        Long before = lastSent.put(a.chatId(), a.seq());
        assertTrue(before == null || before < a.seq(), "out of order: " + attempts);
      }
    }
    assertEquals(
        arrivals.size(),
        attempts.stream().filter(a -> a.retryAfter().isEmpty()).count(),
        "every message went out");
  }
}
