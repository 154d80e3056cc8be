package io.botswarm.chat;

import static io.botswarm.chat.CoordinatorFixture.ANNA;
import static io.botswarm.chat.CoordinatorFixture.BORIS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.DraftAdmitted;
import io.botswarm.chat.ChatCoordinator.DraftRejected;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.Receipt;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.CoordinatorFixture.Bots;
import io.botswarm.chat.Verdict.Admitted;
import io.botswarm.chat.Verdict.Deferred;
import io.botswarm.chat.Verdict.Rejected;
import io.botswarm.generation.ChatLine;
import io.botswarm.generation.DraftResult;
import io.botswarm.telegram.TelegramApi;
import io.botswarm.testing.FieldCases;
import io.botswarm.testing.ManualClock;
import io.botswarm.testing.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator under the persistence testkit, without a node, a database or real time: its clock
 * is a {@link ManualClock} and its timers run on Akka's {@link ManualTime}, moved together.
 * Drafting, hearing and sending are fakes the test scripts.
 */
class ChatCoordinatorBehaviorTest {

  static final ActorTestKit testKit =
      CoordinatorFixture.manualTimeTestKit("botswarm.chat.over-limit.max-deferral = 5s");

  static final ManualTime time = ManualTime.get(testKit.system());
  static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  final RecordingTransport transport = new RecordingTransport();
  final ManualClock clock = new ManualClock(T0);
  final Bots bots = new Bots(true);
  final List<String> heard = bots.heard;
  final List<String> asked = bots.asked;
  final List<String> draftedFor = bots.draftedFor;
  final Queue<CompletionStage<DraftResult>> drafts = bots.drafts;

  static int chats;
  String chatId;
  EventSourcedBehaviorTestKit<Command, Event, State> chat;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    chatId = "-100555" + (++chats);
    chat =
        CoordinatorFixture.coordinator(
            testKit, chatId, CoordinatorFixture.settings(testKit, ""), transport, bots, clock);
  }

  /** Configures the chat: two members, no uninvited turns, the given limits. */
  void configure(ChatLimits limits) {
    chat.<StatusReply<ChatState>>runCommand(
        r ->
            new ChatCoordinator.Configure(
                new ChatSettings(
                    "Behaviour",
                    true,
                    List.of(ANNA, BORIS),
                    0,
                    Optional.empty(),
                    Optional.of(limits)),
                r));
  }

  EventSourcedBehaviorTestKit.CommandResultWithReply<Command, Event, State, StatusReply<Verdict>>
      submit(String botId, String text) {
    return chat.runCommand(r -> new ChatCoordinator.Submit(botId, text, Optional.empty(), r));
  }

  /** Both clocks move: the coordinator's and its timers'. */
  void advance(Duration by) {
    clock.advance(by);
    time.timePasses(by);
  }

  ChatState state() {
    return (ChatState) chat.getState();
  }

  @Test
  void aDraftIsAdmittedDeferredOrRejectedAndOnlyTheAdmittedOneIsSent() {
    configure(new ChatLimits(1, 20, 2, 100, Duration.ZERO));
    var first = submit("anna_bot", "gold first");
    assertInstanceOf(Admitted.class, first.reply().getValue());
    assertInstanceOf(DraftAdmitted.class, first.event());
    var second = submit("boris_bot", "oil second");
    var waits = assertInstanceOf(Deferred.class, second.reply().getValue());
    assertEquals(T0.plusSeconds(1), waits.until());
    assertTrue(second.hasNoEvents(), "a waiting draft is not journaled");
    var third = submit("anna_bot", "gold third");
    var dropped = assertInstanceOf(Rejected.class, third.reply().getValue());
    assertEquals(RejectReason.RATE_LIMITED, dropped.reason());
    assertInstanceOf(DraftRejected.class, third.event());
    assertEquals(1, transport.to(chatId).size());
  }

  @Test
  void aDeferredDraftGoesWhenItsSlotComesAndNotBefore() {
    configure(new ChatLimits(1, 20, 20, 100, Duration.ZERO));
    submit("anna_bot", "gold first");
    assertInstanceOf(Deferred.class, submit("boris_bot", "oil second").reply().getValue());

    advance(Duration.ofMillis(999));
    assertEquals(1, state().recent().size(), "nothing more yet");
    assertEquals(1, transport.to(chatId).size());

    advance(Duration.ofMillis(1));
    // The timer's Tick is in the mailbox before the testkit's own query: the state reflects it.
    assertEquals(
        List.of("gold first", "oil second"),
        state().recent().stream().map(ChatLine::text).toList());
    assertEquals(2, transport.to(chatId).size());
    assertEquals("oil second", transport.to(chatId).get(1).message().text());
  }

  @Test
  void aSendInterruptedByARestartIsRecordedAsUnknownAndNeverSentAgain() {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    transport.mode = RecordingTransport.Mode.HANG;
    long draftId =
        ((Admitted) submit("anna_bot", "this one never comes back").reply().getValue()).draftId();
    assertEquals(List.of(draftId), List.copyOf(state().pending().keySet()));

    transport.mode = RecordingTransport.Mode.SEND;
    chat.restart();
    assertTrue(state().pending().isEmpty(), "the interrupted send was resolved on recovery");
    assertEquals(1, transport.to(chatId).size(), "and not sent again");
    assertTrue(
        state().recent().stream()
            .anyMatch(l -> l.text().equals("this one never comes back") && l.messageId() < 0),
        "it stays in the dedup window under its draft id, as it may be in the chat");
    assertEquals(
        RejectReason.DUPLICATE,
        ((Rejected) submit("boris_bot", "This one never comes back!").reply().getValue()).reason());
  }

  @Test
  void aTransportThatFailsOutrightLeavesTheOutcomeUnknown() throws Exception {
    transport.mode = RecordingTransport.Mode.BREAK;
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    submit("anna_bot", "lost in transit");
    TestNodes.await("the send's outcome is journaled", 10, () -> state().pending().isEmpty());
    transport.mode = RecordingTransport.Mode.SEND;
    assertTrue(((ChatState) chat.restart().state()).pending().isEmpty(), "after replay too");
    assertEquals(1, transport.to(chatId).size(), "handed over once");
  }

  @Test
  void aRedeliveredMessageIsProcessedOnceAndEveryMemberHearsIt() {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    var message = new Incoming(41, "Hank", "", "nice weather", Optional.empty(), T0);
    var first = chat.<StatusReply<Receipt>>runCommand(r -> new ChatCoordinator.Receive(message, r));
    assertEquals(false, first.reply().getValue().duplicate());
    var again = chat.<StatusReply<Receipt>>runCommand(r -> new ChatCoordinator.Receive(message, r));
    assertEquals(true, again.reply().getValue().duplicate());
    assertTrue(again.hasNoEvents());
    assertEquals(
        List.of("anna_bot heard Hank: nice weather", "boris_bot heard Hank: nice weather"), heard);
    var echo = new Incoming(42, "Anna", "anna_bot", "an echo of our own", Optional.empty(), T0);
    assertEquals(
        true,
        chat.<StatusReply<Receipt>>runCommand(r -> new ChatCoordinator.Receive(echo, r))
            .reply()
            .getValue()
            .duplicate(),
        "a member's own message coming back in is not taken in again");
  }

  @Test
  void aBotThatDoesNotAnswerIsAskedAgainOnItsTimerAndItsDraftIsSent() throws Exception {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    drafts.add(CompletableFuture.failedFuture(new IllegalStateException("shard moving")));
    drafts.add(CoordinatorFixture.draft("gold, obviously"));
    var question = new Incoming(7, "Hank", "", "@anna_bot what about gold?", Optional.empty(), T0);
    chat.<StatusReply<Receipt>>runCommand(r -> new ChatCoordinator.Receive(question, r));
    TestNodes.await(
        "the bot is asked again after its pause",
        10,
        () -> {
          advance(ChatTurns.RETRY_PAUSE);
          return asked.size() >= 2;
        });
    assertEquals(List.of("anna_bot", "anna_bot"), asked);
    assertEquals(List.of(chatId, chatId), draftedFor, "drafts for this chat (its LLM budget)");
    TestNodes.await("its draft is sent", 10, () -> transport.to(chatId).size() == 1);
    assertEquals(Optional.of(7L), transport.to(chatId).get(0).message().replyToMessageId());
  }

  @Test
  void aQuestionNobodyAnsweredBeforeARestartIsAskedAgainAfterIt() throws Exception {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    var question = new Incoming(9, "Hank", "", "@boris_bot and oil?", Optional.empty(), T0);
    chat.<StatusReply<Receipt>>runCommand(r -> new ChatCoordinator.Receive(question, r));
    TestNodes.await("boris is asked", 10, () -> asked.size() == 1);
    drafts.add(CoordinatorFixture.draft("oil, of course"));
    // The new incarnation may already have answered it when the testkit reads its state.
    var recovered = (ChatState) chat.restart().state();
    assertTrue(recovered.recent().stream().anyMatch(l -> l.messageId() == 9));
    TestNodes.await("the next incarnation answers it", 10, () -> transport.to(chatId).size() == 1);
    assertEquals(List.of("boris_bot", "boris_bot"), asked);
  }

  EventSourcedBehaviorTestKit.CommandResultWithReply<Command, Event, State, StatusReply<Done>>
      posting(String botId, boolean mayPost, String why) {
    return chat.runCommand(r -> new ChatStanding.PostingChanged(botId, mayPost, why, r));
  }

  void ask(long messageId, String text) {
    var m = new Incoming(messageId, "Hank", "", text, Optional.empty(), clock.instant());
    chat.<StatusReply<Receipt>>runCommand(r -> new ChatCoordinator.Receive(m, r));
  }

  @Test
  void aKickedMemberIsNotAskedAndItsOwnDraftIsRejectedUntilItIsBack() throws Exception {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    var kicked = posting("anna_bot", false, "the bot was kicked by Dana");
    assertEquals(
        new ChatStanding.MemberCannotPost(chatId, "anna_bot", "the bot was kicked by Dana", T0),
        kicked.event());
    assertTrue(posting("anna_bot", false, "again").hasNoEvents(), "told twice, journaled once");

    ask(1, "@anna_bot gold or oil?");
    TestNodes.await("boris is asked", 10, () -> asked.size() == 1);
    assertEquals(List.of("boris_bot"), asked, "the gold bot is mentioned, but may not post");
    var own = submit("anna_bot", "gold, anyway");
    assertEquals(
        RejectReason.CANNOT_POST,
        assertInstanceOf(Rejected.class, own.reply().getValue()).reason());

    var back = posting("anna_bot", true, "the bot is in");
    assertEquals(new ChatStanding.MemberMayPostAgain(chatId, "anna_bot", T0), back.event());
    ask(2, "@anna_bot and gold now?");
    TestNodes.await("anna is asked again", 10, () -> asked.contains("anna_bot"));
    assertEquals(Map.of(), ((ChatState) chat.restart().state()).cannotPost(), "after replay too");
  }

  @Test
  void aSendRefusedBecauseTheBotWasKickedBarsItFromTheChat() throws Exception {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    // The field's 403 as the gateway answers it: classified, its refusal on the Failed.
    var refused = TelegramApi.classify(FieldCases.error("04-bot-kicked-b.json"));
    transport.failure =
        new ChatTransport.Failed(refused.toString(), refused.refusal(clock.instant()));
    transport.mode = RecordingTransport.Mode.FAIL;
    submit("anna_bot", "gold is up");
    TestNodes.await("the refusal is journaled", 10, () -> !state().mayPost("anna_bot"));
    assertEquals(
        Map.of("anna_bot", "Forbidden: bot was kicked from the supergroup chat"),
        state().cannotPost());
    assertTrue(state().pending().isEmpty());
    ask(1, "@anna_bot gold?");
    assertEquals(List.of(), asked, "nobody else is touched, and anna may not post");
  }

  @Test
  void aChatWhereEveryMemberWasKickedAsksForNothingUntilOneIsBack() throws Exception {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    posting("anna_bot", false, "the bot was kicked by Dana");
    posting("boris_bot", false, "the bot was removed by Dana");
    var every =
        ChatCoordinatorSettings.fromConfig(
            testKit.system().settings().config().getConfig("botswarm.chat"));
    for (int i = 0; i < 20; i++) advance(every.starterEvery());
    ask(1, "@anna_bot @boris_bot gold and oil?");
    assertTrue(asked.isEmpty(), "no starter and no answer in a dead chat: " + asked);
    assertTrue(transport.to(chatId).isEmpty());

    posting("boris_bot", true, "the bot is in");
    drafts.add(CoordinatorFixture.draft("oil talk, to start"));
    advance(every.starterEvery());
    TestNodes.await("boris gets the starter", 10, () -> asked.equals(List.of("boris_bot")));
    TestNodes.await("and it is sent", 10, () -> transport.to(chatId).size() == 1);
  }

  @Test
  void aFloodedBotIsNotAskedUntilItsWaitIsOver() throws Exception {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    var flood = TelegramApi.classify(FieldCases.error("09-long-retry-after-a.json"));
    transport.failure = new ChatTransport.Failed(flood.toString(), flood.refusal(T0));
    transport.mode = RecordingTransport.Mode.FAIL;
    submit("anna_bot", "gold is up");
    TestNodes.await("the failed send is journaled", 10, () -> state().pending().isEmpty());
    transport.mode = RecordingTransport.Mode.SEND;
    assertTrue(state().mayPost("anna_bot"), "a flood passes: not journaled");

    advance(Duration.ofSeconds(200));
    ask(1, "@anna_bot gold?");
    assertEquals(List.of(), asked, "209 s of flood left 9: past max-deferral");
    advance(Duration.ofSeconds(5));
    ask(2, "@anna_bot gold now?");
    TestNodes.await("within max-deferral of its end: asked", 10, () -> asked.size() == 1);
  }

  @Test
  void aBotFloodedOverAllItsChatsIsNotAskedHereUntilItsHoldEnds() throws Exception {
    configure(new ChatLimits(100, 1000, 1000, 1000, Duration.ZERO));
    Instant until = T0.plusSeconds(200);
    chat.runCommand(new ChatStanding.BotFlooded("anna_bot", until));
    var described =
        chat.<StatusReply<ChatDescription>>runCommand(ChatCoordinator.Describe::new)
            .reply()
            .getValue();
    assertEquals(Map.of("anna_bot", until), described.floodedUntil(), "the chat says so");
    ask(1, "@anna_bot gold?");
    assertEquals(List.of(), asked, "held for 200 s more: not asked");
    advance(Duration.ofSeconds(200));
    ask(2, "@anna_bot gold now?");
    TestNodes.await("the hold is over: asked", 10, () -> asked.equals(List.of("anna_bot")));
  }
}
