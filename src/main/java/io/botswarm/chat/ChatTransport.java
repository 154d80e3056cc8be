package io.botswarm.chat;

import io.botswarm.generation.Generator;
import io.botswarm.serialization.JsonSerializable;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where admitted messages go: Telegram through the gateway, or the console in a demo without
 * Telegram. The coordinator journals a message as admitted before it hands it over and journals the
 * outcome after, and never hands the same message over twice.
 */
public interface ChatTransport {

  /**
   * An admitted message: {@code replyToMessageId} in the sending bot's numbering, {@code threadId}
   * the forum topic every part of it goes to (Telegram's {@code message_thread_id}; 0: none).
   */
  record Outgoing(
      String chatId,
      long draftId,
      String botId,
      String text,
      Optional<Long> replyToMessageId,
      long threadId) {

    /** A message for a chat without topics, or for a forum's General topic. */
    public Outgoing(
        String chatId, long draftId, String botId, String text, Optional<Long> replyToMessageId) {
      this(chatId, draftId, botId, text, replyToMessageId, 0);
    }
  }

  /** How a hand-over ended (serializable: the Telegram gateway may answer from another node). */
  sealed interface Outcome extends JsonSerializable permits Sent, Failed, Unknown {}

  /**
   * Posted; {@code messageId} is the chat's id for it (its first part's, when it went in parts).
   * {@code partsSent} of its {@code parts} reached the chat: fewer when Telegram cut it off (a 429
   * or a refusal on a later part, past the send deadline); the text's tail is not in the chat.
   * Absent from messages of the previous version (zero): one part of one.
   */
  record Sent(long messageId, int partsSent, int parts) implements Outcome {
    public Sent {
      if (parts <= 0) {
        parts = 1;
        partsSent = 1;
      }
    }

    public Sent(long messageId) {
      this(messageId, 1, 1);
    }

    /** Whether the whole text reached the chat. */
    public boolean whole() {
      return partsSent >= parts;
    }
  }

  /**
   * Certainly not posted; {@code refusal}, when the chat or its bot must act on why (Telegram's
   * answer said so), else empty. Absent from messages of the previous version: empty.
   */
  record Failed(String reason, Optional<Refusal> refusal) implements Outcome {
    public Failed {
      refusal = refusal == null ? Optional.empty() : refusal;
    }

    public Failed(String reason) {
      this(reason, Optional.empty());
    }
  }

  /** Why a message could not be posted, where it says something about the chat or the bot. */
  sealed interface Refusal extends JsonSerializable permits CannotPost, Migrated, Flooded {}

  /**
   * The bot may not post in the chat: it was kicked, left, is restricted from sending, or the chat
   * is gone for it (Telegram's 403 "bot was kicked…"/"bot is not a member…", 400 "chat not found",
   * 400 "not enough rights to send text messages…"). Until Telegram says it is back (a {@code
   * my_chat_member} update), asking it for drafts there is wasted.
   */
  record CannotPost(String why) implements Refusal {}

  /**
   * The group was upgraded to a supergroup, whose id is {@code chatId} (Telegram's 400 with {@code
   * parameters.migrate_to_chat_id}); nothing is ever sent to the old id again.
   */
  record Migrated(String chatId) implements Refusal {}

  /**
   * Flood control (Telegram's 429): the bot sends nothing to the chat before {@code until} ({@code
   * retry_after} seconds after the answer); with {@code botWide}, to no chat at all.
   */
  record Flooded(java.time.Instant until, boolean botWide) implements Refusal {}

  /** Perhaps posted: the answer was lost (a timeout, a broken connection). Never resent. */
  record Unknown(String reason) implements Outcome {}

  CompletionStage<Outcome> send(Outgoing message);

  /**
   * The longest text one message may have here; the coordinator refuses longer drafts. Telegram
   * takes 4,096 characters a message; a transport that splits long text may take more.
   */
  default int maxText() {
    return Generator.MAX_TEXT;
  }

  /**
   * A bot is writing a draft for the chat (Telegram shows "typing…"), in the forum topic {@code
   * threadId} (0: none); best effort.
   */
  default void typing(String chatId, String botId, long threadId) {}

  /**
   * A bot's draft did not go out now: {@code verdict} is {@code deferred} or a rejection reason.
   * For transports that show the chat to people (the sandbox's page); best effort.
   */
  default void held(String chatId, String botId, String verdict, String detail) {}
}
