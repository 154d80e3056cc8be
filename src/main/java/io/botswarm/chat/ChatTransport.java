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

  record Outgoing(
      String chatId, long draftId, String botId, String text, Optional<Long> replyToMessageId) {}

  /** How a hand-over ended (serializable: the Telegram gateway may answer from another node). */
  sealed interface Outcome extends JsonSerializable permits Sent, Failed, Unknown {}

  /** Posted; {@code messageId} is the chat's id for it. */
  record Sent(long messageId) implements Outcome {}

  /** Certainly not posted. */
  record Failed(String reason) implements Outcome {}

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

  /** A bot is writing a draft for the chat (Telegram shows "typing…"); best effort. */
  default void typing(String chatId, String botId) {}

  /**
   * A bot's draft did not go out now: {@code verdict} is {@code deferred} or a rejection reason.
   * For transports that show the chat to people (the sandbox's page); best effort.
   */
  default void held(String chatId, String botId, String verdict, String detail) {}
}
