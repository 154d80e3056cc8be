package io.botswarm.cli;

import static io.botswarm.cli.CliRun.swarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.telegram.sandbox.BotApiSandbox;
import io.botswarm.telegram.sandbox.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm telegram check}: its options, table, JSON and exit status, on the sandbox. */
class TelegramCheckCliTest {

  static final String ANNA = "3001:" + "a".repeat(35);
  static final String BORIS = "3002:" + "b".repeat(35);
  static final long CHAT = -1003001;

  BotApiSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox =
        BotApiSandbox.start(
            new SandboxSpec(
                List.of(
                    new SandboxSpec.Bot(ANNA, "anna_bot", "Anna", false, false),
                    new SandboxSpec.Bot(BORIS, "boris_bot", "Boris", false, false)),
                List.of(new SandboxSpec.Chat(CHAT, "Crypto Corner", List.of("anna_bot"))),
                SandboxSpec.FloodLimits.TELEGRAM),
            "127.0.0.1",
            0);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  /** A node config whose token file holds both tokens, under keys the bots' references name. */
  Path config(Path dir) throws Exception {
    Path tokens =
        Files.writeString(
            dir.resolve("tokens.properties"), "anna = " + ANNA + "\nboris = " + BORIS);
    return Files.writeString(
        dir.resolve("node.conf"), "botswarm.telegram.token-file = \"" + tokens + "\"\n");
  }

  @Test
  void printsATableAndExitsOneWhenABotIsNotInItsChat(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("swarm.yaml"),
            """
            version: 1
            bots:
              - id: anna_bot
                username: anna_bot
                token: {file: anna}
                persona: {name: Anna}
              - id: boris_bot
                username: boris_bot
                token: {file: boris}
                persona: {name: Boris}
            chats:
              - id: %d
                title: Crypto Corner
                members: [{bot: anna_bot}, {bot: boris_bot}]
            """
                .formatted(CHAT));
    String[] args = {
      "telegram",
      "check",
      "-f",
      file.toString(),
      "--api",
      sandbox.url(),
      "--mode",
      "polling",
      "--config",
      config(dir).toString()
    };
    CliRun run = swarm(args);
    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().startsWith("CHECK"), run.out());
    assertTrue(run.out().contains("@boris_bot does not see chat " + CHAT), run.out());
    assertTrue(run.out().contains("2 problem(s) block the swarm"), run.out());
    assertFalse(run.out().contains(ANNA.substring(5)), "no token in the output");

    String[] asJson = java.util.Arrays.copyOf(args, args.length + 1);
    asJson[args.length] = "--json";
    CliRun json = swarm(asJson);
    assertEquals(1, json.exitCode());
    var root = new ObjectMapper().readTree(json.out());
    assertFalse(root.path("ok").asBoolean(true));
    assertEquals("token", root.path("rows").get(0).path("check").asText());
  }

  @Test
  void rejectsAMissingFileABadModeAndWebhookModeWithoutAUrl(@TempDir Path dir) throws Exception {
    swarm("telegram", "check", "-f", dir.resolve("none.yaml").toString())
        .assertClearError(2, "no swarm definition at");
    Path file = Files.writeString(dir.resolve("swarm.yaml"), "version: 1\n");
    swarm("telegram", "check", "-f", file.toString(), "--mode", "push")
        .assertClearError(2, "--mode is polling or webhook, not push");
    swarm("telegram", "check", "-f", file.toString(), "--api", "api.telegram.org")
        .assertClearError(2, "the Bot API address is scheme://host[:port]");
    swarm("telegram", "check", "-f", file.toString(), "--mode", "webhook")
        .assertClearError(1, "webhook mode needs the swarm's public URL");
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "version: 1\nbots: 3\n");
    CliRun bad = swarm("telegram", "check", "-f", broken.toString());
    assertEquals(1, bad.exitCode());
    assertEquals(
        List.of(broken + ":2:7 bots: expected a list, got 3", "swarm: the definition has 1 error"),
        bad.err().strip().lines().toList());
  }
}
