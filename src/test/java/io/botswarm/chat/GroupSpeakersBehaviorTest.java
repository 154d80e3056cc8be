package io.botswarm.chat;

import static io.botswarm.chat.CoordinatorFixture.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.MessageReceived;
import io.botswarm.chat.ChatCoordinator.Receipt;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatIncoming.MessageAlsoReceived;
import io.botswarm.chat.CoordinatorFixture.Bots;
import io.botswarm.generation.DraftResult;
import io.botswarm.telegram.UpdateMapper;
import io.botswarm.testing.FieldCases;
import io.botswarm.testing.ManualClock;
import io.botswarm.testing.TestNodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Who is speaking, basic groups and backlogs (#15 items 5, 6, 8): the field case's Update and
 * variants of it, mapped as the gateway maps them and taken in by a coordinator under the
 * persistence testkit (which also checks that every command, event and state serializes).
 */
class GroupSpeakersBehaviorTest {

  static final ActorTestKit testKit = CoordinatorFixture.manualTimeTestKit("");
  static final ManualTime time = ManualTime.get(testKit.system());
  static final String FIELD_CASE = "13-backlog-after-downtime-a.json";

  /** The field case's message was written at 2026-01-01T17:40:00Z. */
  static final Instant WRITTEN = Instant.ofEpochSecond(1767289200);

  final RecordingTransport transport = new RecordingTransport();

  /** Asked only for answers: a quiet chat's conversation starter is not one. */
  final Bots bots = new Bots(false);

  final List<String> heard = bots.heard;
  final List<String> asked = bots.asked;
  final Queue<CompletionStage<DraftResult>> drafts = bots.drafts;
  ManualClock clock;
  String chatId;
  EventSourcedBehaviorTestKit<Command, Event, State> chat;
  static int chats;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /**
   * A configured chat of Anna and Boris, the clock at {@code now}; {@code basic}: a basic group.
   */
  void start(boolean basic, Instant now, String backlogPolicy) {
    clock = new ManualClock(now);
    chats++;
    chatId = basic ? "-41234567" + chats : "-10077700" + chats;
    var settings = CoordinatorFixture.settings(testKit, "backlog.policy = " + backlogPolicy);
    chat = CoordinatorFixture.coordinator(testKit, chatId, settings, transport, bots, clock);
    CoordinatorFixture.configure(chat, 0, 0);
  }

  /** The field case with {@code from} … {@code text} replaced, as the gateway maps it. */
  static Incoming mapped(String json) {
    var m = UpdateMapper.map(FieldCases.updateOf(json));
    return assertInstanceOf(UpdateMapper.ForChat.class, m, "mapped: " + m).message();
  }

  static String fieldCase() {
    return FieldCases.text(FIELD_CASE);
  }

  /** The field case's message, now (not a backlog), with {@code senderJson} for its sender. */
  static String freshWith(String senderJson) {
    return fieldCase()
        .replace(
            "\"from\": {\n      \"id\": 5550001,\n      \"is_bot\": false,\n      \"first_name\": \"Dana\"\n    }",
            senderJson);
  }

  EventSourcedBehaviorTestKit.CommandResultWithReply<Command, Event, State, StatusReply<Receipt>>
      receive(Incoming m) {
    return chat.runCommand(r -> new ChatCoordinator.Receive(m, r));
  }

  void advance(Duration by) {
    clock.advance(by);
    time.timePasses(by);
  }

  /** Two ticks pass: a backlog settles and anything the coordinator would do on a tick is done. */
  void twoTicks() {
    advance(Duration.ofSeconds(5));
    advance(Duration.ofSeconds(5));
  }

  @Test
  void aMessageFromHoursAgoIsRecordedAndHeardButNotAnswered() {
    start(false, WRITTEN.plus(Duration.ofHours(3)), "silent");
    var received = receive(mapped(fieldCase()));
    var event = received.eventOfType(MessageReceived.class);
    assertEquals(Unanswered.BACKLOG, event.unanswered());
    assertEquals(WRITTEN, event.at(), "journaled when it was written");
    assertEquals("Dana", event.speaker());
    assertEquals(
        List.of(
            "anna_bot heard Dana: anyone? gold just dropped 3%",
            "boris_bot heard Dana: anyone? gold just dropped 3%"),
        heard);
    twoTicks();
    assertEquals(List.of(), asked, "nobody is asked to answer it");
    chat.restart();
    twoTicks();
    assertEquals(List.of(), asked, "nor after a restart");
  }

  @Test
  void withAnswerLatestOneBotAnswersTheLatestOfABacklogOnce() throws Exception {
    start(false, WRITTEN.plus(Duration.ofHours(3)), "answer-latest");
    receive(mapped(fieldCase().replace("9001", "9000").replace("gold just", "silver just")));
    receive(mapped(fieldCase()));
    assertEquals(List.of(), asked, "not one by one");
    drafts.add(draft("gold bounced back since"));
    twoTicks();
    TestNodes.await("one answer goes out", 10, () -> transport.to(chatId).size() == 1);
    assertEquals(List.of("anna_bot"), asked);
    assertEquals(Optional.of(9001L), transport.to(chatId).get(0).message().replyToMessageId());
    twoTicks();
    assertEquals(1, asked.size(), "once");
  }

  @Test
  void anAnonymousAdministratorIsAPersonAndIsAnswered() throws Exception {
    start(false, WRITTEN, "silent");
    // Telegram's stand-in sender for anonymous administrators, with the group as sender_chat.
    var m =
        mapped(
            freshWith(
                "\"from\": {\"id\": 1087968824, \"is_bot\": true, \"first_name\": \"Group\","
                    + " \"username\": \"GroupAnonymousBot\"},"
                    + " \"sender_chat\": {\"id\": -1001234567890, \"title\": \"Swarm Lab\","
                    + " \"type\": \"supergroup\"}"));
    drafts.add(draft("gold tends to bounce"));
    var event = receive(m).eventOfType(MessageReceived.class);
    assertEquals("Swarm Lab", event.speaker());
    assertEquals("", event.speakerBotId(), "a person, not the bot GroupAnonymousBot");
    assertNull(event.unanswered());
    TestNodes.await("it is answered", 10, () -> transport.to(chatId).size() == 1);
  }

  @Test
  void theLinkedChannelsAutomaticForwardIsHeardButNotAnswered() {
    start(false, WRITTEN, "silent");
    var m =
        mapped(
            freshWith(
                "\"from\": {\"id\": 136817688, \"is_bot\": true, \"first_name\": \"Channel\","
                    + " \"username\": \"Channel_Bot\"},"
                    + " \"sender_chat\": {\"id\": -1009876543210, \"title\": \"Swarm News\","
                    + " \"type\": \"channel\"}, \"is_automatic_forward\": true,"
                    + " \"forward_origin\": {\"type\": \"channel\", \"date\": 1767289100,"
                    + " \"chat\": {\"id\": -1009876543210, \"title\": \"Swarm News\","
                    + " \"type\": \"channel\"}, \"message_id\": 77}"));
    var event = receive(m).eventOfType(MessageReceived.class);
    assertEquals(Unanswered.AUTOMATIC_FORWARD, event.unanswered());
    assertEquals("Swarm News", event.speaker());
    assertEquals(2, heard.size(), "both members hear it");
    twoTicks();
    assertEquals(List.of(), asked);
    chat.restart();
    twoTicks();
    assertEquals(List.of(), asked, "an unanswered message is not taken for a lost question");
  }

  @Test
  void aForwardedMessageIsHeardButNotAnsweredAndOneViaAnInlineBotIsTheSendersOwn()
      throws Exception {
    start(false, WRITTEN, "silent");
    String dana = "\"from\": {\"id\": 5550001, \"is_bot\": false, \"first_name\": \"Dana\"}";
    var forwarded =
        mapped(
            freshWith(
                dana
                    + ", \"forward_origin\": {\"type\": \"user\", \"date\": 1767280000,"
                    + " \"sender_user\": {\"id\": 42, \"is_bot\": false, \"first_name\": \"Eve\"}}"));
    assertEquals(
        Unanswered.FORWARDED, receive(forwarded).eventOfType(MessageReceived.class).unanswered());
    twoTicks();
    assertEquals(List.of(), asked);
    var viaBot =
        mapped(
            freshWith(
                    dana
                        + ", \"via_bot\": {\"id\": 77, \"is_bot\": true, \"first_name\": \"Wiki\","
                        + " \"username\": \"wiki\"}")
                .replace("9001", "9002")
                .replace("anyone?", "so,"));
    drafts.add(draft("gold will be fine"));
    var event = receive(viaBot).eventOfType(MessageReceived.class);
    assertEquals("Dana", event.speaker());
    assertNull(event.unanswered());
    TestNodes.await("it is answered", 10, () -> transport.to(chatId).size() == 1);
  }

  @Test
  void aBasicGroupsMessageIsTakenOnceAndEachBotRepliesWithItsOwnId() throws Exception {
    start(true, WRITTEN, "silent");
    String basic =
        fieldCase()
            .replace("-1001234567890", "-4123456789")
            .replace("\"supergroup\"", "\"group\"")
            .replace("anyone? gold just dropped 3%", "@anna_bot @boris_bot gold or oil?");
    Incoming asAnna = mapped(basic.replace("9001", "17")).receivedBy("anna_bot");
    Incoming asBoris = mapped(basic.replace("9001", "23")).receivedBy("boris_bot");
    drafts.add(draft("gold, surely"));
    drafts.add(draft("oil, surely"));

    var first = receive(asAnna);
    assertFalse(first.reply().getValue().duplicate());
    TestNodes.await("anna is asked", 10, () -> asked.size() == 1);
    assertEquals(List.of("anna_bot"), asked, "boris waits for his own copy");
    var second = receive(asBoris);
    assertTrue(second.reply().getValue().duplicate(), "one message, taken in once");
    assertEquals(
        new MessageAlsoReceived(chatId, 17, "boris_bot", 23, WRITTEN),
        second.eventOfType(MessageAlsoReceived.class));
    assertTrue(receive(asBoris).hasNoEvents(), "boris's copy delivered again is dropped");

    TestNodes.await("both answer", 10, () -> transport.to(chatId).size() == 2);
    var replies = transport.to(chatId);
    for (var r : replies)
      assertEquals(
          Optional.of(r.message().botId().equals("anna_bot") ? 17L : 23L),
          r.message().replyToMessageId(),
          "each quotes the message under its own id: " + r);

    // Anna's id 23 is another message than Boris's 23: it is not dropped as a duplicate.
    Incoming other =
        mapped(
                basic
                    .replace("9001", "23")
                    .replace("5550001", "5550002")
                    .replace("@anna_bot @boris_bot gold or oil?", "and copper?"))
            .receivedBy("anna_bot");
    var taken = receive(other);
    assertFalse(taken.reply().getValue().duplicate());
    assertEquals("and copper?", taken.eventOfType(MessageReceived.class).text());
  }

  @Test
  void aMessageReceivedEventJournaledBeforeTheseFieldsStillLoads() {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    var now = new MessageReceived("-1001", 5, "Sam", "", "hi", null, WRITTEN);
    var serializer = serialization.findSerializerFor(now);
    String old =
        "{\"chatId\":\"-1001\",\"messageId\":5,\"speaker\":\"Sam\",\"speakerBotId\":\"\","
            + "\"text\":\"hi\",\"replyToMessageId\":null,\"at\":\"2026-01-01T17:40:00Z\"}";
    Object read =
        serialization
            .deserialize(
                old.getBytes(StandardCharsets.UTF_8),
                serializer.identifier(),
                MessageReceived.class.getName())
            .get();
    assertEquals(now, read, "receiver and sender unknown, and it may be answered");
  }

  @Test
  void anotherBotsMessageIsThatBotsAndFollowsTheBotChainRules() {
    start(false, WRITTEN, "silent");
    var m =
        mapped(
            freshWith(
                    "\"from\": {\"id\": 31337, \"is_bot\": true, \"first_name\": \"Other\","
                        + " \"username\": \"other_bot\"}")
                .replace("anyone?", "@anna_bot"));
    var event = receive(m).eventOfType(MessageReceived.class);
    assertEquals("other_bot", event.speakerBotId());
    assertNull(event.unanswered());
    twoTicks();
    assertEquals(
        List.of(), asked, "in a chat of activity 0 no bot answers a bot, mentioned or not");
  }

  @Test
  void aSnapshotTakenBeforeDeliveriesStillLoads() throws Exception {
    start(false, WRITTEN, "silent");
    receive(mapped(fieldCase()));
    ChatState now = (ChatState) chat.getState();
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    var serializer = serialization.findSerializerFor(now);
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(serializer.toBinary(now));
    json.remove("deliveries");
    var read =
        (ChatState)
            serialization
                .deserialize(
                    json.toString().getBytes(StandardCharsets.UTF_8),
                    serializer.identifier(),
                    ChatState.class.getName())
                .get();
    assertEquals(Deliveries.NONE, read.deliveries());
    assertEquals(now.recent(), read.recent());
  }
}
