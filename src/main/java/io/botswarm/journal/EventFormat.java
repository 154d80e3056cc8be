package io.botswarm.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botswarm.journal.JournalSource.Entry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How events and states are printed: a line for a person, or a JSON line for a tool. */
public final class EventFormat {

  private final ObjectMapper json;

  /**
   * @param json the journal serializer's mapper; copied, so printing never changes storage
   */
  public EventFormat(ObjectMapper json) {
    // Amounts print as written (65000.00000000), not normalized (6.5E+4).
    this.json =
        json.copy()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  }

  /** {@code #17 2026-…Z StanceChanged topic=bitcoin position=-0.3 …} (the entity id left out). */
  public String line(Entry e) {
    JsonNode fields = json.valueToTree(e.event());
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      var field = it.next();
      if (field.getKey().equals("botId") || field.getKey().equals("chatId")) continue;
      parts.add(field.getKey() + "=" + value(field.getValue()));
    }
    return String.format(
        "#%-6d %s  %-16s %s",
        e.sequenceNr(),
        e.timestamp(),
        e.event().getClass().getSimpleName(),
        String.join(" ", parts));
  }

  /** One JSON object per event: persistenceId, sequenceNr, timestamp, type and the event itself. */
  public String jsonLine(Entry e) {
    ObjectNode node = json.createObjectNode();
    node.put("persistenceId", e.persistenceId());
    node.put("sequenceNr", e.sequenceNr());
    node.put("timestamp", e.timestamp().toString());
    node.put("type", e.event().getClass().getSimpleName());
    node.set("event", json.valueToTree(e.event()));
    return write(node);
  }

  public String json(Object value) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print " + value.getClass().getSimpleName(), e);
    }
  }

  public JsonNode tree(Object value) {
    return json.valueToTree(value);
  }

  private String write(JsonNode node) {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String value(JsonNode v) {
    if (v.isTextual()) {
      String s = v.asText();
      return s.isEmpty() || s.chars().anyMatch(Character::isWhitespace) ? write(v) : s;
    }
    return write(v);
  }
}
