package io.botswarm.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.bot.Persona;
import io.botswarm.generation.DraftResult.Draft;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The offline generator: repeatable, different for every bot, on topic, within Telegram's limit.
 */
class OfflineGeneratorTest {

  static final OfflineGenerator generator = new OfflineGenerator(42);

  static String text(DraftRequest request) {
    return assertInstanceOf(Draft.class, generator.write(request)).text();
  }

  @Test
  void theSameRequestAndSeedGiveTheSameText() {
    var request = Requests.forBot(3, 1, Optional.of(Requests.QUESTION));
    assertEquals(text(request), text(request));
    assertEquals(
        text(request), new OfflineGenerator(42).write(request) instanceof Draft d ? d.text() : "");
  }

  @Test
  void noTwoBotsSayTheSameThingToTheSameMessage() {
    Set<String> texts = new HashSet<>();
    IntStream.range(0, 60)
        .forEach(i -> texts.add(text(Requests.forBot(i, 1, Optional.of(Requests.QUESTION)))));
    assertEquals(60, texts.size());
  }

  @Test
  void repliesReferToWhatTheyAnswerAndStayWithinTheLimit() {
    for (int i = 0; i < 60; i++) {
      var request = Requests.forBot(i, 5, Optional.of(Requests.QUESTION));
      String text = text(request);
      assertFalse(text.isBlank());
      assertTrue(text.length() <= Generator.MAX_TEXT);
      assertTrue(text.toLowerCase().contains("bob"), "a reply names who it answers: " + text);
    }
  }

  @Test
  void aBotSpeaksInItsOwnVoiceAndFromItsOwnPositions() {
    var request = Requests.forBot(0, 1, Optional.empty());
    String text = text(request);
    // Conversation starters pick one of the bot's own topics.
    assertTrue(
        request.stances().stream().anyMatch(s -> text.toLowerCase().contains(s.topic())), text);
    assertEquals(
        OfflineGenerator.Voice.SARCASTIC,
        OfflineGenerator.Voice.of("sarcastic; answers questions with questions"));
    assertEquals(OfflineGenerator.Voice.MEMER, OfflineGenerator.Voice.of("meme-fluent; lowercase"));
    assertEquals(OfflineGenerator.Voice.PLAIN, OfflineGenerator.Voice.of(null));
  }

  @Test
  void aBotOpensWithItsExamplesAndTakesItsVoiceFromItsAdjectives() {
    var base = Requests.forBot(0, 1, Optional.empty());
    var p = base.persona();
    var persona =
        new Persona(
            p.name(),
            p.handle(),
            p.bio(),
            List.of(),
            "",
            List.of("sarcastic", "tired"),
            p.interests(),
            "en",
            List.of("Another day, another candle."));
    assertEquals(OfflineGenerator.Voice.SARCASTIC, OfflineGenerator.voiceOf(persona));
    var request = Requests.withPersona(base, persona);
    assertTrue(text(request).startsWith("Another day, another candle."), text(request));
  }

  @Test
  void answersSometimesEndInThePersonasOwnExampleLines() {
    String example = "Gold is the only honest money, friends!";
    int withExample = 0;
    for (int i = 0; i < 30; i++) {
      var base = Requests.forBot(i, 1, Optional.of(Requests.QUESTION));
      var p = base.persona();
      var persona =
          new Persona(
              p.name(),
              p.handle(),
              p.bio(),
              List.of(),
              p.speakingStyle(),
              List.of(),
              p.interests(),
              "en",
              List.of(example));
      var request = Requests.withPersona(base, persona);
      String text = text(request);
      if (text.endsWith(example)) withExample++;
      assertTrue(text.length() <= Generator.MAX_TEXT);
    }
    // About one answer in three: a persona change shows in what the bot says, not every time.
    assertTrue(withExample >= 3 && withExample <= 20, withExample + " of 30");
  }

  @Test
  void longTextIsCutAfterTheLastWholeSentenceThatFits() {
    String sentence = "This sentence has exactly forty-eight characters. ";
    String clipped = OfflineGenerator.clip(sentence.repeat(200));
    assertTrue(clipped.length() <= Generator.MAX_TEXT);
    assertTrue(clipped.endsWith("characters."), clipped.substring(clipped.length() - 20));
  }
}
