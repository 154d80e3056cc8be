package io.botswarm.chat;

import io.botswarm.generation.ChatLine;
import io.botswarm.generation.DraftResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Who writes a member's drafts for a coordinator: {@code DraftService} on a node. */
@FunctionalInterface
public interface Drafting {

  /**
   * A draft of {@code botId} for the chat {@code chatId} (whose LLM budget it counts against),
   * whose last messages are {@code history}, answering {@code replyTo} if given; fails when the bot
   * did not answer at all (the coordinator asks again).
   */
  CompletionStage<DraftResult> draft(
      String botId, String chatId, List<ChatLine> history, Optional<ChatLine> replyTo);
}
