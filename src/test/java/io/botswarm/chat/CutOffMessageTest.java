package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import io.botswarm.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A message Telegram cut off in parts is journaled as what it was — {@code partsSent} of its {@code
 * parts} — never as sent whole; events and answers of the previous version, which had no parts,
 * read as one part of one.
 */
class CutOffMessageTest {

  static final ActorTestKit testKit =
      ActorTestKit.create("cut-off-message", TestDatabase.localConfig());
  static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));
  static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Object read(String json, Object likeIt) {
    var serializer = serialization.findSerializerFor(likeIt);
    return serialization
        .deserialize(
            json.getBytes(StandardCharsets.UTF_8),
            serializer.identifier(),
            likeIt.getClass().getName())
        .get();
  }

  static String write(Object o) {
    return new String(serialization.findSerializerFor(o).toBinary(o), StandardCharsets.UTF_8);
  }

  @Test
  void aMessageCutOffAfterItsFirstPartIsJournaledAsOneOfThree() {
    var state =
        AdmissionTest.admitted(AdmissionTest.chat(AdmissionTest.LOOSE), "anna_bot", "x", AT);
    var pending = state.pending().values().iterator().next();
    var event = state.handedOver(pending, new ChatTransport.Sent(77, 1, 3), AT.plusSeconds(30));
    var sent = assertInstanceOf(ChatCoordinator.MessageSent.class, event);
    assertEquals(77, sent.messageId());
    assertEquals(1, sent.partsSent());
    assertEquals(3, sent.parts());
    assertFalse(sent.whole());
    assertEquals(sent, read(write(sent), sent), "journaled and read back as it was");
    assertTrue(
        assertInstanceOf(
                ChatCoordinator.MessageSent.class,
                state.handedOver(pending, new ChatTransport.Sent(78), AT))
            .whole());
  }

  @Test
  void eventsAndAnswersOfThePreviousVersionReadAsWhole() {
    var now = new ChatCoordinator.MessageSent("-100", 1, "anna_bot", 77, "gold!", null, AT);
    String old =
        "{\"chatId\":\"-100\",\"draftId\":1,\"botId\":\"anna_bot\",\"messageId\":77,"
            + "\"text\":\"gold!\",\"replyToMessageId\":null,\"at\":\"2026-01-05T09:00:00Z\"}";
    var read = assertInstanceOf(ChatCoordinator.MessageSent.class, read(old, now));
    assertEquals(now, read);
    assertEquals(1, read.partsSent());
    assertEquals(1, read.parts());
    var answer = new ChatTransport.Sent(77);
    assertEquals(answer, read("{\"messageId\":77}", answer));
  }
}
