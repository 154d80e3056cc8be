package io.botswarm.generation;

import java.time.Instant;

/**
 * One message of a chat as generation sees it.
 *
 * @param speaker the display name of who said it
 * @param speakerId the bot id when a bot said it, else empty
 */
public record ChatLine(long messageId, String speaker, String speakerId, String text, Instant at) {

  public boolean saidBy(String botId) {
    return speakerId.equals(botId);
  }
}
