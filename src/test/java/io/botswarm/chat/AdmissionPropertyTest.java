package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.chat.Admission.Admit;
import io.botswarm.chat.Admission.Decision;
import io.botswarm.chat.Admission.Defer;
import io.botswarm.chat.Admission.Draft;
import io.botswarm.chat.Admission.Reject;
import io.botswarm.chat.Admission.Rules;
import io.botswarm.chat.Admission.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Admission} over generated sequences of drafts, limits and tick timings, run the way the
 * coordinator runs it (the head of the queue decided again when its timer fires, punctually or
 * late; a new draft decided when it comes): no limit is ever exceeded in any window of its period,
 * waiting drafts go in order of arrival and none waits for ever, and a repeated text is refused.
 */
class AdmissionPropertyTest {

  static final Instant T0 = AdmissionTest.T0;
  static final Rules RULES =
      new Rules(Duration.ofSeconds(30), 3, Duration.ofHours(1), 50, 0.8, 4096);
  static final List<String> BOTS = List.of("anna_bot", "boris_bot");
  static final List<String> TOPICS =
      List.of("gold prices keep rising", "oil demand looks weak", "bonds are boring again");

  /** A draft arriving {@code afterMillis} after the previous one; ticks before it may be late. */
  record Arrival(int afterMillis, int bot, int topic, boolean punctualTicks) {}

  record Sent(long id, String botId, Instant at) {}

  @Provide
  Arbitrary<ChatLimits> limits() {
    // Around Telegram's one message a second in a chat and the swarm's defaults.
    return Combinators.combine(
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 20),
            Arbitraries.integers().between(1, 12),
            Arbitraries.integers().between(1, 30),
            Arbitraries.integers().between(0, 15))
        .as(
            (second, group, chat, bot, gap) ->
                new ChatLimits(second, group, chat, bot, Duration.ofSeconds(gap)));
  }

  @Provide
  Arbitrary<List<Arrival>> arrivals() {
    Arbitrary<Integer> after =
        Arbitraries.oneOf(
            Arbitraries.just(0),
            Arbitraries.integers().between(1, 2_000),
            Arbitraries.integers().between(1, 2_000),
            Arbitraries.integers().between(2_000, 90_000));
    return Combinators.combine(
            after,
            Arbitraries.integers().between(0, BOTS.size() - 1),
            Arbitraries.integers().between(0, TOPICS.size() - 1),
            Arbitraries.of(true, false))
        .as(Arrival::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(60);
  }

  /** The coordinator's use of the decision, with its queue, on a clock the test moves. */
  static final class Model {
    ChatState state;
    final Rules rules;
    final List<Waiting> waiting = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<Long> deferredOrder = new ArrayList<>();
    final List<Long> rejectedAfterWaiting = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    Instant now = T0;
    long nextId = 1;

    Model(ChatLimits limits, Rules rules) {
      this.state = AdmissionTest.chat(limits);
      this.rules = rules;
    }

    void arrive(Arrival a) {
      Instant at = now.plusMillis(a.afterMillis());
      if (a.punctualTicks()) ticksUntil(at);
      now = at;
      tick();
      long id = nextId++;
      var draft =
          new Draft(
              BOTS.get(a.bot()),
              "draft " + id + " says " + TOPICS.get(a.topic()),
              Optional.empty());
      apply(id, draft, Admission.decide(state, waiting, draft, now, rules), false);
    }

    /** Every timer up to {@code until}, each at its time. */
    void ticksUntil(Instant until) {
      for (var wake = Admission.wakeAt(waiting);
          wake.isPresent() && !wake.get().isAfter(until);
          wake = Admission.wakeAt(waiting)) {
        if (wake.get().isAfter(now)) now = wake.get();
        tick();
      }
    }

    /** Whatever is due now, head first. */
    void tick() {
      for (var due = Admission.nextDue(waiting, now);
          due.isPresent();
          due = Admission.nextDue(waiting, now)) {
        waiting.remove(0);
        long id = Long.parseLong(due.get().draft().text().split(" ")[1]);
        apply(
            id,
            due.get().draft(),
            Admission.decideDue(state, waiting, due.get(), now, rules),
            true);
      }
    }

    void apply(long id, Draft draft, Decision decision, boolean head) {
      if (decision instanceof Admit) {
        if (state.limiter().next(draft.botId(), now).at().isAfter(now))
          violations.add("draft " + id + " admitted at " + now + " before the limiter's slot");
        state = AdmissionTest.admitted(state, draft.botId(), draft.text(), now);
        sent.add(new Sent(id, draft.botId(), now));
      } else if (decision instanceof Defer d) {
        if (!d.until().isAfter(now)) violations.add("draft " + id + " deferred to the past");
        if (d.until().isAfter(now.plus(rules.maxDeferral())))
          violations.add("draft " + id + " deferred past max-deferral");
        if (!head) deferredOrder.add(id);
        waiting.add(head ? 0 : waiting.size(), new Waiting(draft, d.until()));
      } else if (head) {
        rejectedAfterWaiting.add(id);
      }
      if (waiting.size() > Math.max(rules.maxDeferred(), 0))
        violations.add("more than max-deferred drafts wait");
    }
  }

  @Property(tries = 300)
  void neverOverALimitInAnyWindowInOrderAndNoneWaitsForEver(
      @ForAll("limits") ChatLimits limits,
      @ForAll("arrivals") List<Arrival> arrivals,
      @ForAll @IntRange(min = 0, max = 40) int maxDeferralSeconds,
      @ForAll @IntRange(min = 0, max = 6) int maxDeferred) {
    var rules = rules(maxDeferralSeconds, maxDeferred);
    var model = new Model(limits, rules);
    arrivals.forEach(model::arrive);
    model.ticksUntil(Instant.MAX);

    assertEquals(List.of(), model.violations);
    assertTrue(model.waiting.isEmpty(), "every waiting draft went or was dropped");
    var sent = model.sent;
    // Every limit is an exact sliding window: never more than its limit in any window of one
    // period, however the drafts and the timers fall.
    within(sent, Duration.ofSeconds(1), limits.perChatPerSecond(), s -> true);
    within(sent, Duration.ofMinutes(1), limits.perGroupPerMinute(), s -> true);
    within(sent, Duration.ofMinutes(1), limits.chatPerMinute(), s -> true);
    for (String bot : BOTS) {
      var ofBot = sent.stream().filter(s -> s.botId().equals(bot)).toList();
      within(ofBot, Duration.ofHours(1), limits.perBotPerHour(), s -> true);
      for (int i = 1; i < ofBot.size(); i++)
        assertFalse(
            Duration.between(ofBot.get(i - 1).at(), ofBot.get(i).at())
                    .compareTo(limits.minGapPerBot())
                < 0,
            "the gap between two messages of " + bot);
    }
    var waitedThenSent = sent.stream().map(Sent::id).filter(model.deferredOrder::contains).toList();
    var expected =
        model.deferredOrder.stream()
            .filter(id -> !model.rejectedAfterWaiting.contains(id))
            .toList();
    assertEquals(expected, waitedThenSent, "waiting drafts go in order of arrival");
  }

  /**
   * The case this property found against the token buckets the limits were before: a head decided
   * again on a late tick went out a nanosecond inside the second of the message before it.
   */
  @Example
  void aLateTickNeverLetsTwoMessagesIntoOneSecond() {
    neverOverALimitInAnyWindowInOrderAndNoneWaitsForEver(
        new ChatLimits(1, 4, 4, 3, Duration.ofSeconds(2)),
        List.of(
            new Arrival(0, 0, 0, true),
            new Arrival(0, 0, 0, true),
            new Arrival(1000, 1, 0, true),
            new Arrival(1001, 0, 0, false)),
        2,
        2);
  }

  /**
   * Booking the slot first: at every point of a run, a bot is asked for a draft exactly when a
   * fresh text from it would not be rejected then (a member barred from posting included).
   */
  @Property(tries = 200)
  void aBotIsAskedExactlyWhenItsDraftWouldNotBeRejected(
      @ForAll("limits") ChatLimits limits,
      @ForAll("arrivals") List<Arrival> arrivals,
      @ForAll @IntRange(min = 0, max = 40) int maxDeferralSeconds,
      @ForAll @IntRange(min = 0, max = 6) int maxDeferred,
      @ForAll boolean annaBarred) {
    var rules = rules(maxDeferralSeconds, maxDeferred);
    var model = new Model(limits, rules);
    if (annaBarred) model.state = AdmissionTest.barred(model.state, "anna_bot");
    int probe = 0;
    for (Arrival a : arrivals) {
      model.arrive(a);
      for (String bot : BOTS) {
        var fresh = new Draft(bot, "probe " + (++probe) + " xylophone quartz", Optional.empty());
        boolean rejected =
            Admission.decide(model.state, model.waiting, fresh, model.now, rules) instanceof Reject;
        var room =
            Admission.roomFor(model.state, model.waiting, bot, model.now, rules, Optional.empty());
        assertEquals(rejected, room.isPresent(), bot + " at " + model.now + ": " + room);
      }
    }
  }

  static Rules rules(int maxDeferralSeconds, int maxDeferred) {
    return new Rules(
        Duration.ofSeconds(maxDeferralSeconds), maxDeferred, Duration.ofHours(1), 50, 0.8, 4096);
  }

  static void within(List<Sent> sent, Duration window, int max, Predicate<Sent> counted) {
    for (Sent last : sent) {
      long inWindow =
          sent.stream()
              .filter(counted)
              .filter(s -> !s.at().isAfter(last.at()) && s.at().isAfter(last.at().minus(window)))
              .count();
      assertTrue(
          inWindow <= max,
          inWindow + " messages in " + window + " up to " + last + ", over " + max);
    }
  }

  @Property(tries = 200)
  void aTextThatRepeatsARecentMessageIsRefused(
      @ForAll("sentences") String said,
      @ForAll("disguises") java.util.function.UnaryOperator<String> disguise,
      @ForAll @IntRange(min = 0, max = 3599) int secondsLater) {
    var state =
        AdmissionTest.admitted(AdmissionTest.chat(AdmissionTest.LOOSE), "anna_bot", said, T0);
    var again = new Draft("boris_bot", disguise.apply(said), Optional.empty());
    Decision d = Admission.decide(state, List.of(), again, T0.plusSeconds(secondsLater), RULES);
    assertTrue(
        d instanceof Reject r && r.reason() == RejectReason.DUPLICATE,
        "'" + again.text() + "' after '" + said + "': " + d);
  }

  @Provide
  Arbitrary<String> sentences() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .ofMinLength(2)
        .ofMaxLength(7)
        .list()
        .ofMinSize(9)
        .ofMaxSize(14)
        .map(w -> String.join(" ", w));
  }

  @Provide
  Arbitrary<java.util.function.UnaryOperator<String>> disguises() {
    return Arbitraries.of(
        List.of(
            s -> s,
            String::toUpperCase,
            s -> s + "!!!",
            s -> "  " + s.replace(" ", ",  ") + " ",
            s -> s.substring(0, 1).toUpperCase() + s.substring(1) + ".",
            s -> s + " really"));
  }
}
