package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.chat.ChatCoordinator.MessageReceived;
import io.botswarm.chat.ChatCoordinator.MessageSent;
import io.botswarm.chat.ChatIncoming.MessageAlsoReceived;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A basic group's messages as each bot numbers them: matched, resolved, never confused. */
class DeliveriesTest {

  static final Instant T = Instant.parse("2026-01-01T17:40:00Z");

  static MessageReceived received(long id, String by, String sender, String text) {
    return new MessageReceived("-41", id, "Sam", "", text, null, T, by, sender, null, 0);
  }

  @Test
  void eachBotsIdsAreItsOwnAndAnotherBotsSameNumberIsAnotherMessage() {
    var d =
        Deliveries.NONE
            .received(received(17, "anna", "user:1", "gold?"))
            .also(new MessageAlsoReceived("-41", 17, "boris", 23, T))
            .received(received(23, "anna", "user:2", "copper?"));
    assertEquals(Optional.of(17L), d.idFor(17, "anna"));
    assertEquals(Optional.of(23L), d.idFor(17, "boris"));
    assertEquals(Optional.of(17L), d.canonical("boris", 23), "boris's 23 is the first message");
    assertEquals(Optional.of(23L), d.canonical("anna", 23), "anna's 23 is the second");
    assertEquals(Optional.empty(), d.idFor(23, "boris"), "boris has no copy of it yet");
    assertTrue(d.sameAs("user:1", T, "gold?").isPresent());
    assertFalse(d.sameAs("user:1", T.plusSeconds(1), "gold?").isPresent(), "another second");
    assertFalse(d.sameAs("user:3", T, "gold?").isPresent(), "another sender");
  }

  @Test
  void aBotsSentMessageIsKnownToItUnderItsOwnIdOnly() {
    var d = Deliveries.NONE.sent(new MessageSent("-41", 1, "anna", 40, "gold, surely", null, T));
    assertTrue(d.has("anna", 40));
    assertFalse(d.has("boris", 40));
    assertEquals(Optional.empty(), d.idFor(40, "boris"));
  }

  @Test
  void aMessageWhoseReceiverIsUnknownIsEveryBotsUnderItsOwnId() {
    var d = Deliveries.NONE.received(new MessageReceived("-41", 5, "Sam", "", "hi", null, T));
    assertEquals(Optional.of(5L), d.idFor(5, "boris"));
    assertTrue(Deliveries.basicGroup("-4123456789"));
    assertFalse(Deliveries.basicGroup("-1004123456789"));
  }
}
