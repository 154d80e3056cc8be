package io.botswarm.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.definition.CharacterImport.Format;
import io.botswarm.definition.CharacterImport.Imported;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CharacterImportTest {

  private static String sample(String name) throws IOException {
    try (InputStream in = CharacterImportTest.class.getResourceAsStream("/definition/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The entry, pasted into a definition of its own, must load without a problem. */
  private static void assertLoadsClean(BotEntry bot) {
    String yaml = "version: 1\n" + new DefinitionWriter().writeBots(List.of(bot));
    var result =
        new DefinitionLoader(ref -> true, DefinitionLoader.Mode.APPLY).load("x.yaml", yaml);
    assertEquals(List.of(), result.problems());
    assertEquals(bot, result.definition().orElseThrow().bots().get(0));
  }

  @Test
  void mapsAnElizaCharacterAndSaysWhatItDropped() throws IOException {
    Imported imported =
        CharacterImport.fromJson(
            sample("eliza-character.json"), Optional.empty(), Optional.empty());
    BotEntry bot = imported.bot();
    var p = bot.persona();
    assertEquals("margo_vance_bot", bot.id());
    assertEquals("margo_vance_bot", bot.username());
    assertNull(bot.token());
    assertEquals("Margo Vance", p.name());
    assertEquals(
        "Margo traded copper futures in Santiago for a decade. She now runs a small newsletter about metals.",
        p.bio());
    assertEquals(2, p.lore().size());
    assertEquals(List.of("copper", "gold", "mining stocks"), p.topics());
    assertEquals(List.of("blunt", "numerate"), p.adjectives());
    assertEquals(
        "short sentences; cites a number when she can; asks what the other person holds",
        p.style());
    assertEquals(
        List.of(
            "Inventories are thin. I'd own some.",
            "Gold is insurance, not a trade.",
            "Copper at a two-year high. Miners lag. Verdict: patience."),
        p.examples());
    assertEquals(
        List.of(
            "style.post: social-media posting style (the swarm only chats)",
            "messageExamples: 2 lines by other speakers (only the character's own are examples)",
            "plugins: not part of the definition",
            "settings: not part of the definition",
            "system: not part of the definition"),
        imported.dropped());
    assertFalse(
        String.join("\n", imported.dropped()).contains("not-a-real-key"), "no secret shown");
    assertLoadsClean(bot);
  }

  @Test
  void mapsACharacterCardV2AndCutsTheBioToThePersonaLimit() throws IOException {
    Imported imported =
        CharacterImport.fromJson(sample("card-v2.json"), Optional.empty(), Optional.empty());
    BotEntry bot = imported.bot();
    var p = bot.persona();
    assertEquals("teodor_bot", bot.id());
    assertEquals("teodor_bot", bot.username());
    assertEquals("Teodor", p.name());
    assertEquals(500, p.bio().length());
    assertTrue(
        p.bio().startsWith("Teodor is a retired lighthouse keeper") && p.bio().endsWith("…"));
    assertEquals(List.of("gloomy", "superstitious", "kind"), p.adjectives());
    assertEquals(
        List.of("Teodor shares a group chat with you and a few other investors."), p.lore());
    assertEquals(
        List.of(
            "Storm's coming, you. Markets feel it before we do.",
            "Evening, you. The barometer is falling.",
            "Nothing. I am selling umbrellas.",
            "Watch the tide tables, not the charts."),
        p.examples());
    assertEquals(List.of("shipping", "weather", "oil"), p.topics());
    assertEquals(
        List.of(
            "data.creator_notes: not part of the definition",
            "data.system_prompt: not part of the definition",
            "data.creator: not part of the definition",
            "data.character_version: not part of the definition",
            "data.extensions: not part of the definition",
            "bio: cut from 687 to 500 characters"),
        imported.dropped());
    assertLoadsClean(bot);
  }

  @Test
  void olderElizaFilesNameTheSpeakerInUser() {
    String eliza =
        """
        {"name": "Sven", "bio": "Sails and trades.",
         "messageExamples": [[
           {"user": "{{user1}}", "content": {"text": "Oil?"}},
           {"user": "Sven", "content": {"text": "Oil pays for my boat."}},
           {"user": "{{agentName}}", "content": {"text": "Ask me in winter."}}]]}
        """;
    Imported imported = CharacterImport.fromJson(eliza, Optional.empty(), Optional.empty());
    assertEquals(
        List.of("Oil pays for my boat.", "Ask me in winter."), imported.bot().persona().examples());
    assertTrue(
        imported
            .dropped()
            .contains(
                "messageExamples: 1 line by other speakers (only the character's own are examples)"),
        imported.dropped().toString());
  }

  @Test
  void takesTheGivenIdAndTheFormatAsToldOrDetected() throws IOException {
    String card = sample("card-v2.json");
    assertEquals(
        Format.CARD,
        CharacterImport.detect(new com.fasterxml.jackson.databind.ObjectMapper().readTree(card)));
    Imported imported =
        CharacterImport.fromJson(card, Optional.of(Format.CARD), Optional.of("teo_bot"));
    assertEquals("teo_bot", imported.bot().id());
    assertEquals("teo_bot", imported.bot().username());
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CharacterImport.fromJson(card, Optional.empty(), Optional.of("Teo")));
    assertTrue(e.getMessage().startsWith("--id 'Teo' is not a bot id"), e.getMessage());
    var noName =
        assertThrows(
            IllegalArgumentException.class,
            () -> CharacterImport.fromJson("{\"bio\": \"x\"}", Optional.empty(), Optional.empty()));
    assertEquals("the character has no 'name'", noName.getMessage());
  }

  @Test
  void derivesBotIdsThatAreTelegramUsernames() {
    assertEquals("zoe_o_brien_smith_bot", CharacterImport.botId("Zoë O'Brien-Smith"));
    assertEquals("persona_bot", CharacterImport.botId("42"));
    assertEquals("helper_bot", CharacterImport.botId("Helper Bot"));
    String longId = CharacterImport.botId("A very long name that goes on and on and on");
    assertTrue(longId.length() <= 32 && longId.endsWith("_bot"), longId);
    assertTrue(longId.matches("[a-z][a-z0-9_]{4,31}"), longId);
  }
}
