package io.botswarm.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.botswarm.definition.DefinitionLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The swarm definition's schema states the bot's limits in numbers of its own (the definition
 * package does not depend on the bot's): these pins fail the build when the two drift apart, so a
 * file the loader accepts is a spec the bot takes.
 */
class DefinitionSchemaLimitsTest {

  static final JsonNode SCHEMA = DefinitionLoader.schema();

  static int number(String pointer) {
    JsonNode n = SCHEMA.at(pointer);
    assertTrue(n.isInt(), pointer + " is not in the schema");
    return n.intValue();
  }

  static String persona(String field, String keyword) {
    return "/$defs/persona/properties/" + field + "/" + keyword;
  }

  @Test
  void personaLimitsAreTheSchemas() {
    assertEquals(Persona.MAX_NAME, number(persona("name", "maxLength")));
    assertEquals(Persona.MAX_BIO, number(persona("bio", "maxLength")));
    assertEquals(Persona.MAX_STYLE, number(persona("style", "maxLength")));
    assertEquals(Persona.MAX_LORE, number(persona("lore", "maxItems")));
    assertEquals(Persona.MAX_ADJECTIVES, number(persona("adjectives", "maxItems")));
    assertEquals(Persona.MAX_INTERESTS, number(persona("topics", "maxItems")));
    assertEquals(Persona.MAX_EXAMPLES, number(persona("examples", "maxItems")));
    // Lore items and examples are the schema's "text", adjectives and interests its "word".
    assertEquals("#/$defs/text", SCHEMA.at(persona("lore", "items/$ref")).asText());
    assertEquals("#/$defs/text", SCHEMA.at(persona("examples", "items/$ref")).asText());
    assertEquals("#/$defs/word", SCHEMA.at(persona("adjectives", "items/$ref")).asText());
    assertEquals("#/$defs/word", SCHEMA.at(persona("topics", "items/$ref")).asText());
    assertEquals(Persona.MAX_LORE_ITEM, number("/$defs/text/maxLength"));
    assertEquals(Persona.MAX_EXAMPLE, number("/$defs/text/maxLength"));
    assertEquals(Persona.MAX_ADJECTIVE, number("/$defs/word/maxLength"));
    assertEquals(Persona.MAX_INTEREST, number("/$defs/word/maxLength"));
  }

  @Test
  void personaPatternsAreTheSchemas() {
    assertEquals(
        "^" + Persona.LANGUAGE.pattern() + "$", SCHEMA.at("/$defs/language/pattern").asText());
    assertEquals(
        "^" + Persona.HANDLE.pattern() + "$",
        SCHEMA.at("/$defs/bot/properties/username/pattern").asText());
  }

  @Test
  void specLimitsAreTheSchemas() {
    String bot = "/$defs/bot/properties/";
    assertEquals(BotSpec.MAX_SEEDS, number(bot + "memories/maxItems"));
    assertEquals(Bot.MAX_MEMORY, number(bot + "memories/items/properties/text/maxLength"));
    assertEquals(
        BotSpec.MAX_TOKEN_REF, "env:".length() + number(bot + "token/properties/env/maxLength"));
    assertEquals(
        BotSpec.MAX_TOKEN_REF, "file:".length() + number(bot + "token/properties/file/maxLength"));
    // A stance topic is also a chat topic, a word: shorter than the bot would take is safe.
    assertEquals("#/$defs/word", SCHEMA.at(bot + "stances/items/properties/topic/$ref").asText());
    assertTrue(number("/$defs/word/maxLength") <= Bot.MAX_TOPIC);
    // The same ticker, the schema's dialect writing a literal - unescaped at the class's end.
    assertEquals(
        "^" + Bot.SYMBOL.pattern().replace("\\-", "-") + "$",
        SCHEMA.at(bot + "holdings/items/properties/symbol/pattern").asText());
  }

  @Test
  void moodsAndMemoryTypesAreTheSchemas() {
    assertEquals(lowerCase(Mood.values()), texts("/$defs/emotion/properties/mood/enum"));
    assertEquals(
        lowerCase(MemoryType.values()),
        texts("/$defs/bot/properties/memories/items/properties/type/enum"));
  }

  static List<String> lowerCase(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  static List<String> texts(String pointer) {
    List<String> out = new ArrayList<>();
    SCHEMA.at(pointer).forEach(n -> out.add(n.asText()));
    return out;
  }
}
