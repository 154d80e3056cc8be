package io.botswarm.cli;

import static io.botswarm.cli.CliRun.swarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.SwarmDefinition;
import io.botswarm.telegram.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox for any definition ({@code swarm sandbox -f}): its bots under their usernames with
 * sandbox tokens derived from their ids, its chats, and each token written where the bot's
 * reference looks for it.
 */
class DefinitionSandboxTest {

  static final String DEFINITION =
      """
      version: 1
      bots:
        - id: anna_bot
          username: Anna_Speaks
          token: {file: anna}
          persona: {name: Anna}
        - id: boris_bot
          username: boris_bot
          token: {env: BORIS_TOKEN}
          persona: {name: Boris}
        - id: carla_bot
          username: carla_bot
          persona: {name: Carla}
      chats:
        - id: -1001000000001
          title: Test Corner
          members: [{bot: anna_bot}, {bot: carla_bot}]
      """;

  @TempDir Path dir;

  static SwarmDefinition definition() {
    return new DefinitionLoader(ref -> true, DefinitionLoader.Mode.DRY_RUN)
        .load("swarm.yaml", DEFINITION)
        .orThrow();
  }

  @Test
  void tokensAreWrittenWhereTheBotsReferencesLook() throws IOException {
    var sandbox = DefinitionSandbox.of(definition());
    Path tokensFile = dir.resolve("secrets/tokens.properties");

    Optional<Path> envFile = sandbox.write(tokensFile, "swarm.yaml");

    Properties file = new Properties();
    try (Reader in = Files.newBufferedReader(tokensFile)) {
      file.load(in);
    }
    Map<String, String> tokens = sandbox.tokens();
    // file:KEY under KEY, no reference under the bot id, env:NAME not in the properties file.
    assertEquals(
        Map.of("anna", tokens.get("anna_bot"), "carla_bot", tokens.get("carla_bot")),
        Map.copyOf((Map<?, ?>) file));
    assertEquals(Optional.of(dir.resolve("secrets/tokens.env")), envFile);
    assertTrue(
        Files.readAllLines(envFile.get()).contains("BORIS_TOKEN=" + tokens.get("boris_bot")),
        Files.readString(envFile.get()));
    for (Path secret : List.of(tokensFile, envFile.get()))
      assertEquals(
          PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(secret));
  }

  @Test
  void noEnvironmentReferenceRemovesAStaleEnvironmentFile() throws IOException {
    Path tokensFile = dir.resolve("tokens.properties");
    Files.writeString(dir.resolve("tokens.env"), "OLD_TOKEN=1:x\n");
    var generated = DefinitionSandbox.of(DemoWorld.of(7, 3, 1).definition());

    assertEquals(Optional.empty(), generated.write(tokensFile, "the generated world"));
    assertFalse(Files.exists(dir.resolve("tokens.env")));
  }

  @Test
  void tokensFollowFromBotIdsAloneAndTheSandboxHasTheDefinitionsBotsAndChats() {
    var sandbox = DefinitionSandbox.of(definition());
    assertEquals(sandbox.tokens(), DefinitionSandbox.of(definition()).tokens());
    assertEquals(3, sandbox.tokens().values().stream().distinct().count());
    // The same bot in another definition: the same token; another bot: another one.
    var alone =
        DefinitionSandbox.of(
            new SwarmDefinition(
                SwarmDefinition.VERSION, null, List.of(definition().bots().get(2)), List.of()));
    assertEquals(sandbox.tokens().get("carla_bot"), alone.tokens().get("carla_bot"));
    assertNotEquals(sandbox.tokens().get("anna_bot"), sandbox.tokens().get("carla_bot"));

    SandboxSpec spec = sandbox.spec(false);
    assertEquals(
        List.of("Anna_Speaks", "boris_bot", "carla_bot"),
        spec.bots().stream().map(SandboxSpec.Bot::username).toList());
    assertEquals("Anna", spec.bots().get(0).firstName());
    assertEquals(
        List.of(
            new SandboxSpec.Chat(
                -1001000000001L, "Test Corner", List.of("Anna_Speaks", "carla_bot"))),
        spec.chats());
  }

  @Test
  void theSandboxCommandSaysWhatIsWrongWithItsDefinition() throws IOException {
    Path file = Files.writeString(dir.resolve("swarm.yaml"), DEFINITION);
    swarm("sandbox", "-f", file.toString(), "--bots", "3")
        .assertClearError(2, "both name the swarm");
    swarm("sandbox", "-f", dir.resolve("nowhere.yaml").toString())
        .assertClearError(2, "nowhere.yaml does not exist");
    Path broken =
        Files.writeString(
            dir.resolve("broken.yaml"), DEFINITION.replace("{bot: carla_bot}", "{bot: dora_bot}"));
    CliRun run = swarm("sandbox", "-f", broken.toString(), "--port", "0");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("chats[0].members[1].bot"), run.err());
    assertTrue(run.err().contains("swarm: the definition has 1 error"), run.err());
  }
}
