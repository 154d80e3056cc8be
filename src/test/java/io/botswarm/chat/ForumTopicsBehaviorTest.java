package io.botswarm.chat;

import static io.botswarm.chat.CoordinatorFixture.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.serialization.SerializationExtension;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.CoordinatorFixture.Bots;
import io.botswarm.generation.ChatLine;
import io.botswarm.testing.ManualClock;
import io.botswarm.testing.TestNodes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A forum supergroup's topics under the persistence testkit: each topic is a conversation of its
 * own (context, dedup, bots' follow-ups) inside one chat (one coordinator, Telegram's limits the
 * chat's), an answer goes to its message's topic, and starters to the chat's starter topic.
 */
class ForumTopicsBehaviorTest {

  static final ActorTestKit testKit =
      CoordinatorFixture.manualTimeTestKit("botswarm.chat.turns.bot-reply-chance = 1");

  static final ManualTime time = ManualTime.get(testKit.system());
  static final Instant T0 = Instant.parse("2026-01-01T20:00:00Z");

  /** The field case's Gold topic (03-forum-topic-a), and another. */
  static final long GOLD = 4870;

  static final long CRYPTO = 4900;

  static int chats;

  final RecordingTransport transport = new RecordingTransport();
  final ManualClock clock = new ManualClock(T0);
  final Bots bots = new Bots(true);
  String chatId;
  EventSourcedBehaviorTestKit<Command, Event, State> chat;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A forum of Anna and Boris, {@code activity} and starters in {@code starterThread}. */
  void forum(double activity, long starterThread) {
    chatId = "-100123456789" + (++chats);
    var settings = CoordinatorFixture.settings(testKit, "");
    chat = CoordinatorFixture.coordinator(testKit, chatId, settings, transport, bots, clock);
    CoordinatorFixture.configure(chat, activity, starterThread);
  }

  void receive(long id, long threadId, String text) {
    var m =
        new Incoming(id, "Dana", "", text, Optional.empty(), clock.instant()).inThread(threadId);
    chat.<StatusReply<ChatCoordinator.Receipt>>runCommand(r -> new ChatCoordinator.Receive(m, r));
  }

  Verdict submit(String botId, String text, Optional<Long> replyTo) {
    return chat.<StatusReply<Verdict>>runCommand(
            r -> new ChatCoordinator.Submit(botId, text, replyTo, r))
        .reply()
        .getValue();
  }

  List<ChatTransport.Outgoing> sent() {
    return transport.to(chatId).stream().map(RecordingTransport.Delivery::message).toList();
  }

  @Test
  void anAnswerGoesToItsTopicWithOnlyThatTopicsLinesAsItsContext() throws Exception {
    forum(0, 0);
    receive(5001, CRYPTO, "bitcoin broke 100k, anyone selling?");
    receive(5002, 0, "good evening, all");
    bots.drafts.add(draft("Gold, the long version: central banks keep buying."));
    receive(5012, GOLD, "@anna_bot give us the long version on gold, please");
    TestNodes.await("anna answers", 10, () -> sent().size() == 1);
    var answer = sent().get(0);
    assertEquals(GOLD, answer.threadId(), "in the question's topic");
    assertEquals(Optional.of(5012L), answer.replyToMessageId());

    int asked = bots.asked.lastIndexOf("anna_bot");
    List<ChatLine> context = bots.contexts.get(asked);
    assertEquals(List.of(5012L), context.stream().map(ChatLine::messageId).toList());
    var line =
        ((ChatState) chat.getState())
            .recent().stream().filter(l -> l.saidBy("anna_bot")).findFirst().orElseThrow();
    assertEquals(GOLD, line.threadId(), "the answer's line is the topic's: " + line);
  }

  @Test
  void theSameWordsInAnotherTopicAreAnotherConversationsNotADuplicate() {
    forum(0, 0);
    receive(6001, GOLD, "gold?");
    receive(6002, CRYPTO, "crypto?");
    assertInstanceOf(
        Verdict.Admitted.class, submit("anna_bot", "prices only go up", Optional.of(6001L)));
    assertInstanceOf(
        Verdict.Admitted.class, submit("boris_bot", "Prices only go up!", Optional.of(6002L)));
    assertInstanceOf(
        Verdict.Admitted.class, submit("boris_bot", "prices only go up", Optional.empty()));
    var again = submit("boris_bot", "prices only go up...", Optional.of(6001L));
    assertEquals(RejectReason.DUPLICATE, assertInstanceOf(Verdict.Rejected.class, again).reason());
    assertEquals(
        List.of(GOLD, CRYPTO, 0L), sent().stream().map(ChatTransport.Outgoing::threadId).toList());
  }

  @Test
  void aStarterGoesToTheStarterTopic() throws Exception {
    forum(0, GOLD);
    bots.drafts.add(draft("Morning, gold watchers: anyone buying the dip?"));
    var every = CoordinatorFixture.settings(testKit, "");
    // The chat's clock passes the starter's interval; one tick of the timers notices.
    clock.advance(every.starterEvery());
    time.timePasses(every.tick());
    TestNodes.await("a starter is sent", 10, () -> sent().size() == 1);
    assertEquals(GOLD, sent().get(0).threadId());
    assertEquals(Optional.empty(), sent().get(0).replyToMessageId());
  }

  @Test
  void botsFollowUpsStayInTheTopic() throws Exception {
    forum(1, 0);
    bots.drafts.add(draft("Bitcoin, and nothing else."));
    bots.drafts.add(draft("Bitcoin is weather; oil is climate."));
    receive(7001, CRYPTO, "@anna_bot bitcoin or gold?");
    TestNodes.await("an answer and a follow-up", 10, () -> sent().size() == 2);
    assertEquals(
        List.of(CRYPTO, CRYPTO), sent().stream().map(ChatTransport.Outgoing::threadId).toList());
    var state = (ChatState) chat.getState();
    assertTrue(
        state.recent().stream()
            .filter(l -> l.messageId() > 0)
            .allMatch(l -> l.threadId() == CRYPTO),
        "every line is the topic's: " + state.recent());
    assertTrue(
        bots.contexts.stream().flatMap(List::stream).allMatch(l -> l.threadId() == CRYPTO),
        "and so is every draft's context");
    assertEquals(2, state.botChain(CRYPTO));
    assertEquals(0, state.botChain(0), "General's chain is its own");
  }

  static Object read(String json, Class<?> type) throws Exception {
    var serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    int jackson = serialization.serializerFor(ChatCoordinator.ChatRemoved.class).identifier();
    return serialization
        .deserialize(json.getBytes(StandardCharsets.UTF_8), jackson, type.getName())
        .get();
  }

  @Test
  void eventsAndSnapshotsOfThePreviousVersionAreInNoTopic() throws Exception {
    var received =
        (ChatCoordinator.MessageReceived)
            read(
                "{\"chatId\":\"-100\",\"messageId\":5,\"speaker\":\"Dana\",\"speakerBotId\":\"\","
                    + "\"text\":\"gold?\",\"replyToMessageId\":null,\"at\":\"2026-01-01T20:00:00Z\"}",
                ChatCoordinator.MessageReceived.class);
    assertEquals(0, received.threadId());
    var admitted =
        (ChatCoordinator.DraftAdmitted)
            read(
                "{\"chatId\":\"-100\",\"draftId\":1,\"botId\":\"anna_bot\",\"text\":\"gold\","
                    + "\"replyToMessageId\":5,\"at\":\"2026-01-01T20:00:01Z\"}",
                ChatCoordinator.DraftAdmitted.class);
    assertEquals(0, admitted.threadId());
    var sent =
        (ChatCoordinator.MessageSent)
            read(
                "{\"chatId\":\"-100\",\"draftId\":1,\"botId\":\"anna_bot\",\"messageId\":6,"
                    + "\"text\":\"gold\",\"replyToMessageId\":5,\"at\":\"2026-01-01T20:00:02Z\"}",
                ChatCoordinator.MessageSent.class);
    assertEquals(0, sent.threadId());
    assertTrue(sent.whole());
    // A snapshot of the version that counted the bots' chain in a field of its own.
    var old = (ChatState) read(LimiterSnapshotTest.oldJson(), ChatState.class);
    assertTrue(old.recent().stream().allMatch(l -> l.threadId() == 0));
    assertTrue(old.pending().values().stream().allMatch(p -> p.threadId() == 0));
    assertEquals(20, old.last(100, 0).size(), "all of it is General's");
  }
}
