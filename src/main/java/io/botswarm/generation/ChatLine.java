package io.botswarm.generation;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;

/**
 * One message of a chat as generation sees it.
 *
 * @param speaker the display name of who said it
 * @param speakerId the bot id when a bot said it, else empty
 * @param threadId the forum topic it was posted in (Telegram's {@code message_thread_id}); 0 for a
 *     chat without topics and for a forum's General topic. Absent from lines of the previous
 *     version (snapshots, requests): 0, which is what they were
 */
public record ChatLine(
    long messageId, String speaker, String speakerId, String text, Instant at, long threadId) {

  @JsonCreator
  public ChatLine {}

  /** A line of a chat without topics, or of a forum's General topic. */
  public ChatLine(long messageId, String speaker, String speakerId, String text, Instant at) {
    this(messageId, speaker, speakerId, text, at, 0);
  }

  public boolean saidBy(String botId) {
    return speakerId.equals(botId);
  }

  /** The same line under another id (a sent message's Telegram id for its draft's). */
  public ChatLine withId(long id) {
    return new ChatLine(id, speaker, speakerId, text, at, threadId);
  }
}
