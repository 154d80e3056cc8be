package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botswarm.chat.Incoming;
import io.botswarm.testing.FieldCases;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The field case of a forum topic (03-forum-topic-a) and its variants replayed through the
 * gateway's mapping: a topic's message is in its topic, the topic's first message it quotes is no
 * reply, and a reply thread outside forums is no topic.
 */
class ForumTopicMappingTest {

  static Incoming mapped(String json) {
    var m = UpdateMapper.map(FieldCases.updateOf(json));
    return assertInstanceOf(UpdateMapper.ForChat.class, m, "mapped: " + m).message();
  }

  static String fieldCase() {
    return FieldCases.text("03-forum-topic-a.json");
  }

  @Test
  void aTopicsMessageIsInItsTopicAndTheTopicsFirstMessageIsNoReply() {
    var m = mapped(fieldCase());
    assertEquals(5012, m.messageId());
    assertEquals(4870, m.threadId());
    assertEquals(Optional.empty(), m.replyToMessageId(), "it quotes the topic's creation only");
    assertEquals("@anna_bot give us the long version on gold, please", m.text());
  }

  @Test
  void aReplyInATopicIsAReplyThere() {
    var m = mapped(fieldCase().replace("\"message_id\": 4870,", "\"message_id\": 4990,"));
    assertEquals(4870, m.threadId());
    assertEquals(Optional.of(4990L), m.replyToMessageId());
  }

  @Test
  void aReplyThreadOutsideForumsIsNoTopic() {
    // A reply in a group without topics carries its thread's id, without is_topic_message.
    var m =
        mapped(
            fieldCase()
                .replace("\"is_topic_message\": true,", "")
                .replace("\"is_forum\": true", "\"is_forum\": false"));
    assertEquals(0, m.threadId());
    assertEquals(Optional.of(4870L), m.replyToMessageId());
  }

  @Test
  void aForumsGeneralTopicIsNoTopic() throws Exception {
    // In General, Telegram sends neither a thread id nor the topic's first message.
    var update = (ObjectNode) new ObjectMapper().readTree(fieldCase());
    ((ObjectNode) update.path("message"))
        .remove(List.of("message_thread_id", "is_topic_message", "reply_to_message"));
    var m = mapped(update.toString());
    assertEquals(0, m.threadId());
    assertEquals(Optional.empty(), m.replyToMessageId());
  }
}
