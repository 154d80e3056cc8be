package io.botswarm.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Messages as the read API shows them, in the read model's snake_case names: the API's own shape,
 * mapped here from the named queries' rows, so that a column added to the read model does not
 * change what clients read.
 */
final class HistoryView {

  private HistoryView() {}

  /** {@code GET /chats/<id>/messages}: the chat's messages, newest first. */
  record ChatHistory(String chat, List<ChatMessage> messages) {}

  /** {@code GET /bots/<id>/messages}: what the bot said in the last hour, newest first. */
  record BotHistory(String bot, List<BotMessage> messages) {}

  /**
   * One message of a chat.
   *
   * @param botId the bot that said it; null for a person
   * @param replyToMessageId the Telegram message it answers, if any
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ChatMessage(
      long id,
      String chatId,
      long telegramMessageId,
      String botId,
      String speaker,
      String text,
      Long replyToMessageId,
      Instant createdAt) {

    static ChatMessage of(Map<String, Object> row) {
      return new ChatMessage(
          (Long) row.get("id"),
          (String) row.get("chat_id"),
          (Long) row.get("telegram_message_id"),
          (String) row.get("bot_id"),
          (String) row.get("speaker"),
          (String) row.get("text"),
          (Long) row.get("reply_to_message_id"),
          (Instant) row.get("created_at"));
    }
  }

  /** One message a bot said, in whichever chat. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record BotMessage(String chatId, long telegramMessageId, String text, Instant createdAt) {

    static BotMessage of(Map<String, Object> row) {
      return new BotMessage(
          (String) row.get("chat_id"),
          (Long) row.get("telegram_message_id"),
          (String) row.get("text"),
          (Instant) row.get("created_at"));
    }
  }
}
