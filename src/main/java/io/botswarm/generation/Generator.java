package io.botswarm.generation;

import java.util.concurrent.CompletionStage;

/**
 * Turns a {@link DraftRequest} into a draft or a refusal. Never blocks the caller: the stage
 * completes when the text is there. Implementations: {@link OfflineGenerator} (no network), and
 * {@link LlmGenerator} (an OpenAI-compatible endpoint, falling back to the offline one).
 */
public interface Generator {

  /** Telegram's limit for one message. */
  int MAX_TEXT = 4096;

  CompletionStage<DraftResult> draft(DraftRequest request);

  /** A short name for logs and metrics: {@code offline} or {@code llm:<model>}. */
  String name();
}
