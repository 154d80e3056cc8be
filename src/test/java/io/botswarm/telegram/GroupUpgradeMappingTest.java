package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.botswarm.chat.ChatTransport;
import io.botswarm.testing.FieldCases;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The field cases of a group upgraded to a supergroup (01-group-upgraded-*) replayed through the
 * gateway's mapping: both service messages say the chat moved, the supergroup's question is its
 * message, and the 400 for the old id is a refusal that names the new one.
 */
class GroupUpgradeMappingTest {

  static final String OLD = "-4123456789";
  static final String NEW = "-1009876501234";

  @Test
  void theOldGroupsServiceMessageSaysTheChatMoved() {
    assertEquals(
        new UpdateMapper.Migrated(OLD, NEW),
        UpdateMapper.map(FieldCases.update("01-group-upgraded-a.json")));
  }

  @Test
  void theSupergroupsFirstMessageSaysTheSame() {
    assertEquals(
        new UpdateMapper.Migrated(OLD, NEW),
        UpdateMapper.map(FieldCases.update("01-group-upgraded-b.json")));
  }

  @Test
  void aQuestionInTheSupergroupIsAMessageOfTheNewChat() {
    var mapped =
        assertInstanceOf(
            UpdateMapper.ForChat.class,
            UpdateMapper.map(FieldCases.update("01-group-upgraded-c.json")));
    assertEquals(NEW, mapped.chatId());
    assertEquals(2, mapped.message().messageId());
    assertEquals("@anna_bot still with us?", mapped.message().text());
  }

  @Test
  void aSendToTheOldIdIsRefusedAsMigratedToTheNewOne() {
    var failure = TelegramApi.classify(FieldCases.error("01-group-upgraded-d.json"));
    assertEquals(400, failure.code());
    assertEquals(
        Optional.of(new ChatTransport.Migrated(NEW)),
        failure.refusal(Instant.parse("2026-01-02T00:00:00Z")));
  }
}
