package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token references of a swarm definition: env:NAME, file:KEY, or the lookup by bot id. */
class BotTokensTest {

  static final String ANNA = "111111:" + "A".repeat(35);
  static final String BORIS = "222222:" + "B".repeat(35);
  static final String CLARA = "333333:" + "C".repeat(35);

  static Config telegram(String tokenFile) {
    return ConfigFactory.parseString("botswarm.telegram.token-file = \"" + tokenFile + "\"")
        .withFallback(ConfigFactory.load("application-test.conf"))
        .resolve()
        .getConfig("botswarm.telegram");
  }

  static BotTokens tokens(Path dir, Map<String, String> environment) throws Exception {
    Path file = dir.resolve("tokens.properties");
    Files.writeString(file, "boris_secret = " + BORIS + "\nclara_bot = " + CLARA + "\n");
    return BotTokens.load(telegram(file.toString()), environment);
  }

  @Test
  void resolvesAnEnvironmentVariableAFileKeyAndTheBotIdLookup(@TempDir Path dir) throws Exception {
    var tokens = tokens(dir, Map.of("ANNA_TOKEN", ANNA + "\n"));

    var anna = tokens.resolve("anna_bot", "env:ANNA_TOKEN").orElseThrow();
    assertEquals(ANNA, anna.token());
    assertEquals("the environment variable ANNA_TOKEN", anna.source());

    var boris = tokens.resolve("boris_bot", "file:boris_secret").orElseThrow();
    assertEquals(BORIS, boris.token());
    assertEquals(
        "key boris_secret of the token file " + dir.resolve("tokens.properties"), boris.source());

    var clara = tokens.resolve("clara_bot", null).orElseThrow();
    assertEquals(CLARA, clara.token());
    assertTrue(clara.source().startsWith("the token file "), clara.source());
  }

  @Test
  void findsNothingWhereNothingIsSetAndSaysWhereItLooked(@TempDir Path dir) throws Exception {
    var tokens = tokens(dir, Map.of("EMPTY_TOKEN", " "));
    assertEquals(Optional.empty(), tokens.resolve("anna_bot", "env:ANNA_TOKEN"));
    assertEquals(Optional.empty(), tokens.resolve("anna_bot", "env:EMPTY_TOKEN"));
    assertEquals(Optional.empty(), tokens.resolve("anna_bot", "file:anna_bot"));
    assertEquals(Optional.empty(), tokens.resolve("anna_bot", null));
    assertEquals("the environment variable ANNA_TOKEN", tokens.where("anna_bot", "env:ANNA_TOKEN"));
    assertTrue(tokens.where("anna_bot", null).contains("SWARM_TELEGRAM_TOKEN_ANNA_BOT"));

    var noFile = BotTokens.load(telegram(""), Map.of());
    assertEquals(
        "key anna of the token file (SWARM_TELEGRAM_TOKENS_FILE, not set)"
            + " or botswarm.telegram.tokens.anna",
        noFile.where("anna_bot", "file:anna"));
  }

  @Test
  void aFileKeyIsAlsoFoundInTheConfigBlockAsTheDemoGivesItsTokens(@TempDir Path dir)
      throws Exception {
    // The demo has no tokens file: it gives its sandbox tokens as botswarm.telegram.tokens.<key>.
    var demo =
        BotTokens.load(
            ConfigFactory.parseString("botswarm.telegram.tokens.anna = \"" + ANNA + "\"")
                .withFallback(ConfigFactory.load("application-test.conf"))
                .resolve()
                .getConfig("botswarm.telegram"),
            Map.of());
    var anna = demo.resolve("anna_bot", "file:anna").orElseThrow();
    assertEquals(ANNA, anna.token());
    assertEquals("botswarm.telegram.tokens.anna", anna.source());

    // With both, the config block wins over the tokens file, as it does for the lookup by bot id.
    Path file = dir.resolve("tokens.properties");
    Files.writeString(file, "anna = " + BORIS + "\nboris = " + BORIS + "\n");
    var both =
        BotTokens.load(
            ConfigFactory.parseString(
                    "botswarm.telegram.token-file = \""
                        + file
                        + "\"\nbotswarm.telegram.tokens.anna = \""
                        + ANNA
                        + "\"")
                .withFallback(ConfigFactory.load("application-test.conf"))
                .resolve()
                .getConfig("botswarm.telegram"),
            Map.of());
    assertEquals(ANNA, both.resolve("anna_bot", "file:anna").orElseThrow().token());
    var boris = both.resolve("boris_bot", "file:boris").orElseThrow();
    assertEquals(BORIS, boris.token());
    assertEquals("key boris of the token file " + file, boris.source());
    assertEquals(Optional.empty(), both.resolve("clara_bot", "file:clara"));
  }

  @Test
  void rejectsAMalformedReferenceOrTokenWithoutShowingTheToken(@TempDir Path dir) throws Exception {
    var tokens = tokens(dir, Map.of("ANNA_TOKEN", "123:not-a-real-secret"));
    var shape =
        assertThrows(
            IllegalArgumentException.class, () -> tokens.resolve("anna_bot", "env:ANNA_TOKEN"));
    assertTrue(shape.getMessage().contains("env:ANNA_TOKEN"), shape.getMessage());
    assertTrue(shape.getMessage().contains("does not look like a Telegram bot token"));
    assertFalse(shape.getMessage().contains("not-a-real-secret"), "the value is not repeated");

    var form =
        assertThrows(
            IllegalArgumentException.class, () -> tokens.resolve("anna_bot", "vault:anna"));
    assertEquals(
        "bot anna_bot: the token reference 'vault:anna' is not env:NAME or file:KEY",
        form.getMessage());
  }

  @Test
  void neverPrintsATokenItFound(@TempDir Path dir) throws Exception {
    var tokens = tokens(dir, Map.of("ANNA_TOKEN", ANNA));
    var anna = tokens.resolve("anna_bot", "env:ANNA_TOKEN").orElseThrow();
    assertEquals("a token from the environment variable ANNA_TOKEN", anna.toString());
    assertFalse(tokens.toString().contains(BORIS.substring(7)));
    assertFalse(tokens.toString().contains(ANNA.substring(7)));
  }
}
