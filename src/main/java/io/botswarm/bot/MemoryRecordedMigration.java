package io.botswarm.bot;

import akka.serialization.jackson.JacksonMigration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads {@link Bot.MemoryRecorded} events written before version 2.
 *
 * <p>Version 1 called the memory's importance {@code score}; version 2 calls it {@code relevance}
 * after the {@code relevance_score} column of the read model, and an event without one (hand-edited
 * or truncated) is read as moderately relevant rather than refused.
 */
public final class MemoryRecordedMigration extends JacksonMigration {

  static final double DEFAULT_RELEVANCE = 0.5;

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    ObjectNode event = (ObjectNode) json;
    if (fromVersion < 2) {
      JsonNode score = event.remove("score");
      if (!event.has("relevance")) {
        if (score != null) event.set("relevance", score);
        else event.put("relevance", DEFAULT_RELEVANCE);
      }
    }
    return event;
  }
}
