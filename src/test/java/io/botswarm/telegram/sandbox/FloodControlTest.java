package io.botswarm.telegram.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Telegram's flood limits as the sandbox keeps them, on a manual clock. */
class FloodControlTest {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final ManualClock clock = new ManualClock(START);

  @Test
  void aRefusalSaysTheWholeSecondsLeftUntilTheChatHasRoom() {
    var flood = new FloodControl(new SandboxSpec.FloodLimits(30, 1, Duration.ofSeconds(2), 20));
    assertEquals(Optional.empty(), flood.send("anna_bot", -1, clock.instant()));
    assertEquals(Optional.of(2), flood.send("anna_bot", -1, clock.instant()));
    clock.advance(Duration.ofMillis(1_200));
    assertEquals(Optional.of(1), flood.send("anna_bot", -1, clock.instant()), "0.8 s left");
    assertEquals(Optional.empty(), flood.send("boris_bot", -1, clock.instant()), "its own limits");
    assertEquals(Optional.empty(), flood.send("anna_bot", -2, clock.instant()), "another chat");
    clock.advance(Duration.ofMillis(800));
    assertEquals(Optional.empty(), flood.send("anna_bot", -1, clock.instant()));
  }

  @Test
  void aLongFloodRefusesTheBotInItsChatOrEverywhereWithTheSecondsLeft() {
    var flood = new FloodControl(SandboxSpec.FloodLimits.TELEGRAM);
    flood.hold("anna_bot", Optional.of(-1L), clock.instant().plusSeconds(300));
    assertEquals(Optional.of(300), flood.send("anna_bot", -1, clock.instant()));
    assertEquals(Optional.empty(), flood.send("anna_bot", -2, clock.instant()), "another chat");
    clock.advance(Duration.ofMillis(90_500));
    assertEquals(Optional.of(210), flood.held("anna_bot", -1, clock.instant()), "rounded up");
    clock.advance(Duration.ofMillis(500));
    assertEquals(Optional.of(209), flood.send("anna_bot", -1, clock.instant()), "the field case");
    clock.advance(Duration.ofSeconds(209));
    assertEquals(Optional.empty(), flood.send("anna_bot", -1, clock.instant()));
    flood.hold("boris_bot", Optional.empty(), clock.instant().plusSeconds(60));
    assertEquals(Optional.of(60), flood.send("boris_bot", -1, clock.instant()));
    assertEquals(Optional.of(60), flood.send("boris_bot", -2, clock.instant()));
    assertEquals(Optional.empty(), flood.send("anna_bot", -2, clock.instant()), "its own");
  }

  @Test
  void aGroupTakesTwentyMessagesAMinuteFromABot() {
    var flood = new FloodControl(new SandboxSpec.FloodLimits(30, 100, Duration.ofMillis(1), 20));
    for (int i = 0; i < 20; i++)
      assertEquals(Optional.empty(), flood.send("anna_bot", -1, clock.instant()), "message " + i);
    assertEquals(Optional.of(3), flood.send("anna_bot", -1, clock.instant()), "one every 3 s");
  }

  /**
   * Whatever a bot tries, what is let through stays within every limit over every window: in one
   * chat the burst and one per interval, and a minute's cap; over all chats the bot's per second.
   * And a refused message tried again after its {@code retry_after}, nothing else sent meanwhile,
   * goes through.
   */
  @Property(tries = 300)
  void neverMoreThanTheLimitsInAnyWindowAndRetryAfterIsEnough(
      @ForAll @IntRange(min = 1, max = 5) int perBotPerSecond,
      @ForAll @IntRange(min = 1, max = 3) int burst,
      @ForAll @IntRange(min = 100, max = 3_000) int intervalMillis,
      @ForAll @IntRange(min = 1, max = 20) int perMinute,
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 1_500) Integer> gaps,
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 2) Integer> chats) {
    var limits =
        new SandboxSpec.FloodLimits(
            perBotPerSecond, burst, Duration.ofMillis(intervalMillis), perMinute);
    var flood = new FloodControl(limits);
    record Sent(long chat, Instant at) {}
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < gaps.size(); i++) {
      clock.advance(Duration.ofMillis(gaps.get(i)));
      long chat = -1 - chats.get(i % chats.size());
      var refused = flood.send("anna_bot", chat, clock.instant());
      if (refused.isEmpty()) sent.add(new Sent(chat, clock.instant()));
      else {
        clock.advance(Duration.ofSeconds(refused.get()));
        assertEquals(
            Optional.empty(),
            flood.send("anna_bot", chat, clock.instant()),
            "after retry_after " + refused.get());
        sent.add(new Sent(chat, clock.instant()));
      }
    }
    for (Sent from : sent)
      for (Sent to : sent) {
        if (to.at().isBefore(from.at())) continue;
        // Every message from `from` to `to`, both included: the window is their distance.
        double window = Duration.between(from.at(), to.at()).toNanos() / 1e9;
        long all =
            sent.stream()
                .filter(s -> !s.at().isBefore(from.at()) && !s.at().isAfter(to.at()))
                .count();
        long inChat =
            sent.stream()
                .filter(s -> s.chat() == to.chat())
                .filter(s -> !s.at().isBefore(from.at()) && !s.at().isAfter(to.at()))
                .count();
        double slack = 1e-6;
        assertTrue(all <= perBotPerSecond * (1 + window) + slack, "over all chats: " + sent);
        assertTrue(inChat <= burst + window * 1000 / intervalMillis + slack, "in a chat: " + sent);
        assertTrue(inChat <= perMinute * (1 + window / 60) + slack, "a minute's cap: " + sent);
      }
  }
}
