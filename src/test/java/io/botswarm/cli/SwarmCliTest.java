package io.botswarm.cli;

import static io.botswarm.cli.CliRun.swarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person at the terminal sees: clear one-line errors with the right exit code, and a demo
 * that resumes.
 */
class SwarmCliTest {

  @Test
  void helpListsTheCommands() {
    CliRun run = swarm("--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("node") && run.out().contains("demo"), run.out());
    assertEquals(0, swarm("demo", "--help").exitCode());
    assertEquals(0, swarm("node", "--help").exitCode());
  }

  @Test
  void rejectsAnUnknownFlag() {
    swarm("demo", "--bogus").assertClearError(2, "Unknown option: '--bogus'");
  }

  @Test
  void rejectsAFlagValueOfTheWrongType() {
    swarm("demo", "--bots", "lots").assertClearError(2, "--bots");
    swarm("demo", "--run-for", "soon").assertClearError(2, "is not a duration");
  }

  @Test
  void rejectsAnOutOfRangeBotCount() {
    swarm("demo", "--bots", "0").assertClearError(2, "--bots must be between 1 and 100000");
  }

  @Test
  void rejectsAMissingConfigFile() {
    swarm("node", "--config", "no/such/file.conf")
        .assertClearError(2, "no/such/file.conf does not exist");
  }

  @Test
  void rejectsAConfigFileThatDoesNotParse(@TempDir Path dir) throws IOException {
    Path conf = Files.writeString(dir.resolve("broken.conf"), "botswarm { bot { memory-cap = \n");
    swarm("node", "--config", conf.toString()).assertClearError(2, "bad configuration");
  }

  @Test
  void rejectsBadConfigValuesNamingTheKey(@TempDir Path dir) throws IOException {
    Path cap = Files.writeString(dir.resolve("cap.conf"), "botswarm.bot.memory-cap = 0\n");
    swarm("node", "--config", cap.toString()).assertClearError(2, "botswarm.bot.memory-cap");
    Path type =
        Files.writeString(dir.resolve("type.conf"), "botswarm.bot.stance-cooldown = forever\n");
    swarm("node", "--config", type.toString()).assertClearError(2, "stance-cooldown");
    Path pool =
        Files.writeString(dir.resolve("pool.conf"), "botswarm.db.connection-timeout = 20s\n");
    swarm("node", "--config", pool.toString())
        .assertClearError(2, "shorter than the journal's call-timeout");
    Path url = Files.writeString(dir.resolve("url.conf"), "botswarm.db.url = \"mysql://x\"\n");
    swarm("node", "--config", url.toString()).assertClearError(2, "jdbc:postgresql:");
  }

  @Test
  void aNodeRefusesToServeItsApisBeyondThisMachineWithoutATokenAndSaysWhichToSet(@TempDir Path dir)
      throws IOException {
    Path read = Files.writeString(dir.resolve("read.conf"), "botswarm.api.host = \"0.0.0.0\"\n");
    swarm(Map.of(), "node", "--config", read.toString())
        .assertClearError(2, "set SWARM_API_TOKEN (botswarm.api.token)");
    Path admin =
        Files.writeString(dir.resolve("admin.conf"), "botswarm.admin.host = \"0.0.0.0\"\n");
    swarm(Map.of(), "node", "--config", admin.toString())
        .assertClearError(2, "set SWARM_ADMIN_TOKEN (botswarm.admin.token)");
  }

  @Test
  void saysSoWhenTheDatabaseIsDown(@TempDir Path dir) throws IOException {
    int closed = TestDatabase.freePort();
    Path conf =
        Files.writeString(
            dir.resolve("down.conf"),
            "botswarm.db.url = \"jdbc:postgresql://127.0.0.1:"
                + closed
                + "/botswarm\"\nakka.remote.artery.canonical.port = 0\n");
    swarm("node", "--config", conf.toString())
        .assertClearError(
            1, "database: cannot migrate the schema at jdbc:postgresql://127.0.0.1:" + closed);
  }

  @Test
  void demoStartsEmbeddedPostgresAndResumesItsBots(@TempDir Path dir) throws IOException {
    // The embedded server runs as nobody when the tests run as root: it must be able to enter.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    String dataDir = dir.resolve("data").toString();
    String dbPort = String.valueOf(TestDatabase.freePort());
    String[] args = {
      "demo",
      "--bots",
      "3",
      "--seed",
      "7",
      "--run-for",
      "6s",
      "--chats",
      "1",
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--db-port",
      dbPort,
      "--db-replica-port",
      String.valueOf(TestDatabase.freePort()),
      "--metrics-port",
      "0",
      "--api-port",
      String.valueOf(TestDatabase.freePort()),
      "--management-port",
      String.valueOf(TestDatabase.freePort()),
      "--sandbox-port",
      "0"
    };

    CliRun first = swarm(args);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("3 bots created, 0 resumed"), first.out());
    assertTrue(first.out().contains("embedded, data in " + dataDir), first.out());
    assertTrue(first.out().contains("botswarm demo: stopped"), first.out());
    // The sandbox's page comes first: that is where a new user watches.
    assertTrue(
        first
            .out()
            .lines()
            .findFirst()
            .orElse("")
            .startsWith("botswarm demo: watch and join the chats at http://127.0.0.1:"),
        first.out());

    CliRun second = swarm(args);
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("0 bots created, 3 resumed"), second.out());
    // The same seed gives the same bots, and they answered the question both times.
    assertEquals(botNames(first.out()), botNames(second.out()));
    // A person asked in the chat, and at least one bot answered, on the console.
    assertTrue(
        first
            .out()
            .lines()
            .anyMatch(
                l ->
                    l.contains("] Sam: ")
                        || l.contains("] Alex: ")
                        || l.contains("] Kim: ")
                        || l.contains("] Robin: ")),
        first.out());
    assertTrue(answers(first.out()).size() >= 1, first.out());
    // What they heard the first time is remembered the second time: more than their two facts.
    assertTrue(
        second
            .out()
            .lines()
            .filter(l -> l.contains("(resumed)"))
            .anyMatch(l -> !l.matches(".*\\s2\\s+\\(resumed\\)$")),
        second.out());
  }

  /** The handle and name columns of the demo's table. */
  private static List<String> botNames(String out) {
    return out.lines()
        .filter(l -> l.startsWith("  @"))
        .map(l -> l.substring(0, Math.min(l.length(), 52)).strip())
        .toList();
  }

  private static List<String> answers(String out) {
    return out.lines().filter(l -> l.matches(".*\\] @\\w+_bot: .*")).toList();
  }
}
