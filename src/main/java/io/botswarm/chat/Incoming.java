package io.botswarm.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.Optional;

/**
 * A message that arrived in a chat (from Telegram or the sandbox), as a {@link
 * ChatCoordinator.Receive} carries it to the chat's coordinator.
 *
 * @param speakerBotId when a bot wrote it (bot-to-bot mode): its bot id or Telegram username (a
 *     member's handle); else empty
 * @param receivedBy the member bot whose gateway delivered it, in whose numbering {@code messageId}
 *     and {@code replyToMessageId} are (they differ per bot in a basic group); empty when not known
 *     (the console, senders of the previous version)
 * @param senderKey who sent it, as Telegram identifies them ({@code user:<id>} or {@code
 *     chat:<id>}), matching a basic group's copies across gateways; empty when not known
 * @param unanswered why the message is heard but nobody is asked to answer it; empty: it may be
 * @param threadId the forum topic it was posted in (Telegram's {@code message_thread_id} of a topic
 *     message); 0 for a chat without topics, a forum's General topic and senders of the previous
 *     version
 */
public record Incoming(
    long messageId,
    String speaker,
    String speakerBotId,
    String text,
    Optional<Long> replyToMessageId,
    Instant at,
    String receivedBy,
    String senderKey,
    Optional<Unanswered> unanswered,
    long threadId) {
  @JsonCreator
  public Incoming {
    replyToMessageId = replyToMessageId == null ? Optional.empty() : replyToMessageId;
    receivedBy = receivedBy == null ? "" : receivedBy;
    senderKey = senderKey == null ? "" : senderKey;
    unanswered = unanswered == null ? Optional.empty() : unanswered;
  }

  /** A message outside forum topics. */
  public Incoming(
      long messageId,
      String speaker,
      String speakerBotId,
      String text,
      Optional<Long> replyToMessageId,
      Instant at,
      String receivedBy,
      String senderKey,
      Optional<Unanswered> unanswered) {
    this(
        messageId,
        speaker,
        speakerBotId,
        text,
        replyToMessageId,
        at,
        receivedBy,
        senderKey,
        unanswered,
        0);
  }

  /** A message whose receiving bot and sender are not known; it may be answered. */
  public Incoming(
      long messageId,
      String speaker,
      String speakerBotId,
      String text,
      Optional<Long> replyToMessageId,
      Instant at) {
    this(messageId, speaker, speakerBotId, text, replyToMessageId, at, "", "", Optional.empty());
  }

  /** The same message as {@code botId}'s gateway delivered it. */
  public Incoming receivedBy(String botId) {
    return new Incoming(
        messageId,
        speaker,
        speakerBotId,
        text,
        replyToMessageId,
        at,
        botId,
        senderKey,
        unanswered,
        threadId);
  }

  /** The same message, posted in the forum topic {@code threadId}. */
  public Incoming inThread(long threadId) {
    return new Incoming(
        messageId,
        speaker,
        speakerBotId,
        text,
        replyToMessageId,
        at,
        receivedBy,
        senderKey,
        unanswered,
        threadId);
  }
}
