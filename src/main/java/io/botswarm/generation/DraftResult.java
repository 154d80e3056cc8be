package io.botswarm.generation;

import java.time.Duration;
import java.util.List;

/** What a generator gives back: a message to post, or a reason to stay silent. */
public sealed interface DraftResult permits DraftResult.Draft, DraftResult.Refusal {

  /**
   * @param source who wrote it: {@code offline}, or {@code llm:<model>}; {@code offline (fallback:
   *     why)} when the model could not answer
   * @param memoryIds the memories the draft was given
   */
  record Draft(String text, String source, Duration latency, List<Long> memoryIds)
      implements DraftResult {}

  record Refusal(String reason) implements DraftResult {}
}
