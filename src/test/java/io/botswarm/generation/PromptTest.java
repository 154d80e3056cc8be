package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.bot.Persona;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The system prompt carries the whole persona a swarm definition can give a bot. */
class PromptTest {

  @Test
  void theSystemPromptCarriesLoreAdjectivesLanguageAndExamples() {
    var base = Requests.forBot(2, 1, Optional.empty());
    var p = base.persona();
    var persona =
        new Persona(
            p.name(),
            p.handle(),
            p.bio(),
            List.of("Lost it all in 2018."),
            p.speakingStyle(),
            List.of("wry", "patient"),
            p.interests(),
            "pt-BR",
            List.of("Calma, o mercado sempre volta."));
    var request = Requests.withPersona(base, persona);
    String system = Prompt.system(request);
    assertTrue(system.contains("Your background: Lost it all in 2018."), system);
    assertTrue(system.contains("People would call you: wry, patient."), system);
    assertTrue(system.contains("language with the tag pt-BR"), system);
    assertTrue(system.contains("\n- Calma, o mercado sempre volta."), system);
    assertFalse(Prompt.system(base).contains("language with the tag"), "English is the default");
  }
}
