package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.chat.Admission.Admit;
import io.botswarm.chat.Admission.Decision;
import io.botswarm.chat.Admission.Defer;
import io.botswarm.chat.Admission.Draft;
import io.botswarm.chat.Admission.Reject;
import io.botswarm.chat.Admission.Rules;
import io.botswarm.chat.Admission.Waiting;
import io.botswarm.chat.ChatCoordinator.ChatConfigured;
import io.botswarm.chat.ChatCoordinator.DraftAdmitted;
import io.botswarm.chat.ChatSettings.Member;
import io.botswarm.chat.ChatSettings.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule of {@link Admission}, alone, on states built from events: no actor, no clock. */
class AdmissionTest {

  static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
  static final List<Member> MEMBERS =
      List.of(
          new Member("anna_bot", "anna_bot", "Anna", List.of("gold")),
          new Member("boris_bot", "boris_bot", "Boris", List.of("oil")));
  static final ChatLimits LOOSE = new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO);
  static final Rules RULES = new Rules(Duration.ofSeconds(30), 3, Duration.ofHours(1), 50, 0.8, 60);

  static ChatState chat(ChatLimits limits) {
    return chat(limits, true, Optional.empty());
  }

  static ChatState chat(ChatLimits limits, boolean enabled, Optional<QuietHours> quiet) {
    var settings = new ChatSettings("Test", enabled, MEMBERS, 0, quiet, Optional.of(limits));
    return ChatState.configured(new ChatConfigured("-100", settings, T0.minusSeconds(3600)));
  }

  static ChatState admitted(ChatState state, String botId, String text, Instant at) {
    return state.apply(
        new DraftAdmitted(state.chatId(), state.nextDraftId(), botId, text, null, at, 0));
  }

  static Draft draft(String botId, String text) {
    return new Draft(botId, text, Optional.empty());
  }

  static RejectReason rejected(Decision d) {
    return assertInstanceOf(Reject.class, d).reason();
  }

  static Decision decide(ChatState state, Draft draft) {
    return Admission.decide(state, List.of(), draft, T0, RULES);
  }

  @Test
  void anOrdinaryDraftIsAdmitted() {
    assertInstanceOf(Admit.class, decide(chat(LOOSE), draft("anna_bot", "gold is up")));
  }

  @Test
  void aDisabledChatRefusesEveryDraftFirst() {
    var state = chat(LOOSE, false, Optional.empty());
    assertEquals(RejectReason.CHAT_DISABLED, rejected(decide(state, draft("stranger", ""))));
  }

  @Test
  void aBotThatIsNotAMemberIsRefused() {
    var d = assertInstanceOf(Reject.class, decide(chat(LOOSE), draft("stranger_bot", "hi")));
    assertEquals(RejectReason.NOT_A_MEMBER, d.reason());
    assertEquals("bot stranger_bot is not a member of chat -100", d.detail());
  }

  @Test
  void quietHoursSilenceTheChatAcrossMidnight() {
    var quiet =
        Optional.of(new QuietHours(LocalTime.of(22, 0), LocalTime.of(10, 0), ZoneOffset.UTC));
    var state = chat(LOOSE, true, quiet);
    assertEquals(RejectReason.QUIET_HOURS, rejected(decide(state, draft("anna_bot", "hi"))));
    assertInstanceOf(
        Admit.class,
        Admission.decide(state, List.of(), draft("anna_bot", "hi"), T0.plusSeconds(3600), RULES));
  }

  @Test
  void blankAndOverlongDraftsAreRefused() {
    assertEquals(RejectReason.EMPTY, rejected(decide(chat(LOOSE), draft("anna_bot", " \n "))));
    assertEquals(RejectReason.EMPTY, rejected(decide(chat(LOOSE), draft("anna_bot", null))));
    var tooLong =
        assertInstanceOf(Reject.class, decide(chat(LOOSE), draft("anna_bot", "x".repeat(61))));
    assertEquals(RejectReason.TOO_LONG, tooLong.reason());
    assertEquals("the draft has 61 characters, over the 60 a message may have", tooLong.detail());
    assertInstanceOf(Admit.class, decide(chat(LOOSE), draft("anna_bot", "x".repeat(60))));
  }

  @Test
  void equalAndNearlyEqualDraftsAreRefusedWithinTheWindowOnly() {
    String said = "gold is the only honest money left here";
    var state = admitted(chat(LOOSE), "anna_bot", said, T0.minusSeconds(60));
    var same =
        assertInstanceOf(
            Reject.class,
            decide(state, draft("boris_bot", "GOLD is the only honest money left here!")));
    assertEquals(RejectReason.DUPLICATE, same.reason());
    assertTrue(same.detail().contains("similarity 1.00"), same.detail());
    assertEquals(
        RejectReason.DUPLICATE,
        rejected(
            decide(state, draft("boris_bot", "gold is the only honest money left here today"))));
    assertInstanceOf(Admit.class, decide(state, draft("boris_bot", "oil will outlast us all")));
    var old = admitted(chat(LOOSE), "anna_bot", said, T0.minus(Duration.ofHours(2)));
    assertInstanceOf(Admit.class, decide(old, draft("boris_bot", said)), "outside the window");
  }

  @Test
  void aDraftOverALimitWaitsForItsSlotAndIsToldWhichLimit() {
    var state = admitted(chat(new ChatLimits(1, 20, 12, 30, Duration.ZERO)), "anna_bot", "one", T0);
    var d = assertInstanceOf(Defer.class, decide(state, draft("boris_bot", "two")));
    assertEquals(T0.plusSeconds(1), d.until());
    assertEquals("chat limit of 1 a second", d.reason());
  }

  @Test
  void aGroupThatHadItsTwentyInAMinuteWaitsUntilTheFirstOfThemIsAMinuteOld() {
    // A bucket refilled while these went would have let six more through at once: 26 in a minute.
    var state = chat(new ChatLimits(1, 20, 1000, 1000, Duration.ZERO));
    for (int i = 0; i < 20; i++)
      state =
          admitted(
              state, i % 2 == 0 ? "anna_bot" : "boris_bot", "message " + i, T0.plusSeconds(i - 55));
    var d = assertInstanceOf(Defer.class, decide(state, draft("anna_bot", "one more")));
    assertEquals(T0.plusSeconds(5), d.until());
    assertEquals("group limit of 20 a minute", d.reason());
  }

  @Test
  void narrowerLimitsCountTheMessagesAlreadySent() {
    var state = chat(new ChatLimits(1, 20, 1000, 1000, Duration.ZERO));
    for (int i = 0; i < 5; i++)
      state = admitted(state, "anna_bot", "message " + i, T0.plusSeconds(i - 50));
    var settings = state.settings();
    var narrower =
        new ChatSettings(
            settings.title(),
            settings.enabled(),
            settings.members(),
            settings.activity(),
            settings.quietHours(),
            Optional.of(new ChatLimits(1, 3, 1000, 1000, Duration.ZERO)),
            settings.starters());
    state = state.apply(new ChatConfigured(state.chatId(), narrower, T0));
    var d = assertInstanceOf(Defer.class, decide(state, draft("boris_bot", "one more")));
    assertEquals(T0.plusSeconds(12), d.until(), "when the third most recent leaves the window");
  }

  @Test
  void eachLimitNamesItselfWhenItBinds() {
    var gap =
        admitted(
            chat(new ChatLimits(100, 1000, 1000, 1000, Duration.ofSeconds(10))),
            "anna_bot",
            "one",
            T0);
    assertEquals(
        "gap of 10 s between two messages of the bot",
        assertInstanceOf(Defer.class, decide(gap, draft("anna_bot", "two"))).reason());
    assertInstanceOf(
        Admit.class, decide(gap, draft("boris_bot", "two")), "the gap is the bot's own");
    var perMinute =
        admitted(chat(new ChatLimits(100, 1000, 1, 1000, Duration.ZERO)), "anna_bot", "one", T0);
    var rejected = assertInstanceOf(Reject.class, decide(perMinute, draft("boris_bot", "two")));
    assertEquals(RejectReason.RATE_LIMITED, rejected.reason());
    assertTrue(
        rejected.detail().startsWith("chat-wide cap of 1 a minute (next slot "), rejected.detail());
    var group =
        admitted(chat(new ChatLimits(100, 1, 1000, 1000, Duration.ZERO)), "anna_bot", "one", T0);
    assertTrue(
        assertInstanceOf(Reject.class, decide(group, draft("boris_bot", "two")))
            .detail()
            .startsWith("group limit of 1 a minute"));
    var hourly =
        admitted(chat(new ChatLimits(100, 1000, 1000, 1, Duration.ZERO)), "anna_bot", "one", T0);
    assertTrue(
        assertInstanceOf(Reject.class, decide(hourly, draft("anna_bot", "two")))
            .detail()
            .startsWith("cap of 1 an hour for the bot"));
  }

  @Test
  void aSlotPastTheLongestDeferralIsARejection() {
    var state =
        admitted(
            chat(new ChatLimits(1, 20, 12, 30, Duration.ofSeconds(31))), "anna_bot", "one", T0);
    assertEquals(RejectReason.RATE_LIMITED, rejected(decide(state, draft("anna_bot", "two"))));
  }

  @Test
  void aFullQueueRejectsWhatWouldWait() {
    var state = admitted(chat(new ChatLimits(1, 20, 12, 30, Duration.ZERO)), "anna_bot", "one", T0);
    var full =
        List.of(
            new Waiting(draft("boris_bot", "a"), T0.plusSeconds(1)),
            new Waiting(draft("boris_bot", "b"), T0.plusSeconds(2)),
            new Waiting(draft("anna_bot", "c"), T0.plusSeconds(3)));
    assertEquals(
        RejectReason.RATE_LIMITED,
        rejected(Admission.decide(state, full, draft("anna_bot", "d"), T0, RULES)));
  }

  @Test
  void aNewDraftQueuesBehindEveryWaitingOne() {
    var state = admitted(chat(new ChatLimits(1, 20, 12, 30, Duration.ZERO)), "anna_bot", "one", T0);
    var waiting = List.of(new Waiting(draft("boris_bot", "two"), T0.plusSeconds(1)));
    var d =
        assertInstanceOf(
            Defer.class, Admission.decide(state, waiting, draft("anna_bot", "three"), T0, RULES));
    assertEquals(T0.plusSeconds(2), d.until());
  }

  @Test
  void theHeadOfTheQueueGoesWhenItsTimeComesWhateverIsBookedAfterIt() {
    var state = admitted(chat(new ChatLimits(1, 20, 12, 30, Duration.ZERO)), "anna_bot", "one", T0);
    var head = new Waiting(draft("boris_bot", "two"), T0.plusSeconds(1));
    var behind =
        new ArrayList<>(List.of(head, new Waiting(draft("anna_bot", "three"), T0.plusSeconds(2))));
    Instant late = T0.plusSeconds(5);
    assertEquals(Optional.of(head), Admission.nextDue(behind, late));
    behind.remove(head);
    assertInstanceOf(Admit.class, Admission.decideDue(state, behind, head, late, RULES));
  }

  @Test
  void onlyTheHeadOfTheQueueIsEverDue() {
    var first = new Waiting(draft("anna_bot", "a"), T0.plusSeconds(3));
    var second = new Waiting(draft("boris_bot", "b"), T0.plusSeconds(1));
    var waiting = List.of(first, second);
    assertEquals(Optional.empty(), Admission.nextDue(waiting, T0.plusSeconds(2)));
    assertEquals(Optional.of(first), Admission.nextDue(waiting, T0.plusSeconds(3)));
    assertEquals(Optional.of(T0.plusSeconds(3)), Admission.wakeAt(waiting));
    assertEquals(Optional.empty(), Admission.wakeAt(List.of()));
  }

  static ChatState barred(ChatState state, String botId) {
    return state.apply(
        new ChatStanding.MemberCannotPost(
            state.chatId(), botId, "the bot is kicked by Dana", T0.minusSeconds(60)));
  }

  @Test
  void aMemberTelegramDoesNotLetPostIsRefusedAndNotAskedUntilItIsBack() {
    var state = barred(chat(LOOSE), "anna_bot");
    var d = assertInstanceOf(Reject.class, decide(state, draft("anna_bot", "gold is up")));
    assertEquals(RejectReason.CANNOT_POST, d.reason());
    assertEquals(
        "Telegram does not let bot anna_bot post in chat -100: the bot is kicked by Dana",
        d.detail());
    assertEquals(Optional.of(d), roomFor(state, "anna_bot", Optional.empty()));
    assertEquals(Optional.empty(), roomFor(state, "boris_bot", Optional.empty()));
    assertEquals(List.of("boris_bot"), state.postingMembers().stream().map(Member::botId).toList());

    var back = state.apply(new ChatStanding.MemberMayPostAgain("-100", "anna_bot", T0));
    assertInstanceOf(Admit.class, decide(back, draft("anna_bot", "gold is up")));
    assertEquals(Optional.empty(), roomFor(back, "anna_bot", Optional.empty()));
  }

  @Test
  void aChatWhereNoMemberMayPostWantsNoStarter() {
    var idle = chat(LOOSE);
    assertTrue(idle.wantsStarter(T0, Duration.ofMinutes(1)));
    var dead = barred(barred(idle, "anna_bot"), "boris_bot");
    assertEquals(List.of(), dead.postingMembers());
    assertEquals(false, dead.wantsStarter(T0, Duration.ofMinutes(1)));
  }

  @Test
  void aBotIsNotAskedWhenItsMessageCouldNotGoWithinMaxDeferral() {
    var limits = new ChatLimits(100, 1000, 1000, 1000, Duration.ofMinutes(5));
    var state = admitted(chat(limits), "anna_bot", "gold is up", T0);
    var held = roomFor(state, "anna_bot", Optional.empty()).orElseThrow();
    assertEquals(RejectReason.RATE_LIMITED, held.reason());
    assertEquals(Optional.empty(), roomFor(state, "boris_bot", Optional.empty()));
    // Its slot within max-deferral (30 s): asked, the draft will wait for it.
    assertEquals(
        Optional.empty(),
        Admission.roomFor(
            state, List.of(), "anna_bot", T0.plusSeconds(280), RULES, Optional.empty()));
    var quiet =
        chat(
            LOOSE,
            true,
            Optional.of(new QuietHours(LocalTime.of(8, 0), LocalTime.of(10, 0), ZoneOffset.UTC)));
    assertEquals(
        RejectReason.QUIET_HOURS,
        roomFor(quiet, "anna_bot", Optional.empty()).orElseThrow().reason());
  }

  @Test
  void aBotTelegramsFloodControlHoldsIsNotAskedUntilItEnds() {
    var state = chat(LOOSE);
    var held = roomFor(state, "anna_bot", Optional.of(T0.plusSeconds(209))).orElseThrow();
    assertEquals(RejectReason.RATE_LIMITED, held.reason());
    assertEquals(
        "Telegram's flood control holds bot anna_bot until 2026-01-05T09:03:29Z", held.detail());
    assertEquals(
        Optional.empty(),
        roomFor(state, "anna_bot", Optional.of(T0.plusSeconds(20))),
        "a flood that ends within max-deferral: the draft waits for it");
  }

  static Optional<Reject> roomFor(ChatState state, String botId, Optional<Instant> flooded) {
    return Admission.roomFor(state, List.of(), botId, T0, RULES, flooded);
  }
}
