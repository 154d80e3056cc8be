package io.botswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.botswarm.admin.AdminApi;
import io.botswarm.admin.AdminOperations.PlanReport;
import io.botswarm.admin.AdminSettings;
import io.botswarm.admin.RecordingOperations;
import io.botswarm.http.BearerToken;
import io.botswarm.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm apply}, {@code export}, {@code bots} and {@code chats} against a real admin API
 * whose operations record what they were asked: what the person at the terminal sees, and what
 * reaches the swarm.
 */
class AdminCliTest {

  static final String TOKEN = "cli-t0ken-" + Long.toHexString(System.nanoTime());
  static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("akka.actor.provider = local")
              .withFallback(ConfigFactory.load("application-test.conf")));
  static final RecordingOperations operations = new RecordingOperations();
  static final AdminApi api =
      AdminApi.start(
          testKit.system(),
          operations,
          new AdminSettings(BearerToken.of(TOKEN), "127.0.0.1", 0, Duration.ofSeconds(30)));
  static final String NODE = "http://127.0.0.1:" + api.port();
  static final Map<String, String> ENV = Map.of("SWARM_ADMIN_TOKEN", TOKEN);

  static final PlanReport PLAN =
      new PlanReport(
          List.of(),
          List.of("swarm.yaml:9:5 warning: token env ANNA_TOKEN is not set on this node"),
          List.of(
              "+ bot anna_bot", "~ bot boris_bot persona.bio", "- member carla_bot from -100123"),
          14,
          false,
          List.of());

  @TempDir Path dir;
  Path definition;

  @AfterAll
  static void stop() {
    api.close();
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void reset() throws Exception {
    operations.calls.clear();
    operations.nextReport = RecordingOperations.NO_CHANGES;
    definition = Files.writeString(dir.resolve("swarm.yaml"), "version: 1\nbots: []\n");
  }

  CliRun admin(String... args) {
    return admin(ENV, args);
  }

  /** Runs a command; whatever it printed, the token is not in it. */
  static CliRun admin(Map<String, String> env, String... args) {
    CliRun run = CliRun.swarm(env, args);
    assertFalse(run.out().contains(TOKEN) || run.err().contains(TOKEN), run.toString());
    return run;
  }

  @Test
  void applyPrintsThePlanThenAppliesIt() {
    operations.nextReport = PLAN;
    CliRun run = admin("apply", "-f", definition.toString(), "--node", NODE);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        String.join(
            "\n",
            "+ bot anna_bot",
            "~ bot boris_bot persona.bio",
            "- member carla_bot from -100123",
            "= 14 unchanged",
            "swarm.yaml:9:5 warning: token env ANNA_TOKEN is not set on this node",
            "applied: 1 to add, 1 to change, 1 to remove",
            ""),
        run.out());
    assertEquals("", run.err());
    assertEquals(List.of("plan " + definition + " apply=true prune=false"), operations.calls);
    assertEquals(
        "version: 1\nbots: []\n", operations.definitions.get(operations.definitions.size() - 1));
  }

  @Test
  void aDryRunOnlyPlans() {
    operations.nextReport = PLAN;
    CliRun run =
        admin("apply", "-f", definition.toString(), "--dry-run", "--prune", "--node", NODE);
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().endsWith("plan: 1 to add, 1 to change, 1 to remove (dry run: nothing applied)\n"),
        run.out());
    assertEquals(List.of("plan " + definition + " apply=false prune=true"), operations.calls);
  }

  @Test
  void aSecondApplySaysNoChanges() {
    CliRun run = admin("apply", "-f", definition.toString(), "--node", NODE);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("= 3 unchanged\nno changes\n", run.out());
  }

  @Test
  void problemsAreListedAndExitOne() {
    operations.nextReport =
        new PlanReport(
            List.of(
                "swarm.yaml:14:7 bots[2].stances[0].position: 1.4 is not in [-1, 1]",
                "swarm.yaml:20:9 chats[0].members[1].bot: carla_bot is not a bot of bots"),
            List.of(),
            List.of(),
            0,
            false,
            List.of());
    CliRun run = admin("apply", "-f", definition.toString(), "--node", NODE);
    assertEquals(1, run.exitCode());
    assertEquals(
        String.join(
            "\n",
            "swarm.yaml:14:7 bots[2].stances[0].position: 1.4 is not in [-1, 1]",
            "swarm.yaml:20:9 chats[0].members[1].bot: carla_bot is not a bot of bots",
            "swarm: 2 problems in " + definition + "; nothing was applied",
            ""),
        run.err());
    assertEquals("", run.out());
  }

  @Test
  void aPartialApplySaysWhatDidNotApplyAndExitsOne() {
    operations.nextReport =
        new PlanReport(
            List.of(),
            List.of(),
            List.of("+ bot anna_bot", "+ bot boris_bot"),
            0,
            true,
            List.of("+ bot boris_bot: the cluster did not answer in 10 s"));
    CliRun run = admin("apply", "-f", definition.toString(), "--node", NODE);
    assertEquals(1, run.exitCode());
    assertTrue(run.out().contains("+ bot anna_bot\n+ bot boris_bot\n= 0 unchanged\n"), run.out());
    assertTrue(
        run.err().startsWith("failed: + bot boris_bot: the cluster did not answer in 10 s\n"),
        run.err());
    assertTrue(
        run.err().contains("swarm: 1 item did not apply; the rest did. Run it again"), run.err());
  }

  @Test
  void aNodeThatCannotBeReachedIsOneLine() {
    String nowhere = "http://127.0.0.1:" + TestDatabase.freePort();
    admin("apply", "-f", definition.toString(), "--node", nowhere)
        .assertClearError(
            1,
            "cannot reach the admin API at "
                + nowhere
                + ": connection refused (is the node running with SWARM_ADMIN_TOKEN set?)");
    admin("bots", "list", "--node", nowhere).assertClearError(1, "cannot reach the admin API");
    // SWARM_ADMIN_URL stands in for --node.
    admin(Map.of("SWARM_ADMIN_TOKEN", TOKEN, "SWARM_ADMIN_URL", nowhere), "export")
        .assertClearError(1, "cannot reach the admin API at " + nowhere);
    assertEquals(List.of(), operations.calls);
  }

  @Test
  void aMissingOrWrongTokenIsOneLine() {
    admin(Map.of(), "apply", "-f", definition.toString(), "--node", NODE)
        .assertClearError(2, "SWARM_ADMIN_TOKEN is not set");
    admin(Map.of("SWARM_ADMIN_TOKEN", TOKEN + "x"), "bots", "list", "--node", NODE)
        .assertClearError(1, "refused the token");
    admin("apply", "-f", dir.resolve("nothing.yaml").toString(), "--node", NODE)
        .assertClearError(2, "nothing.yaml does not exist");
    admin("bots", "list", "--node", "ftp://example.org").assertClearError(2, "--node must be");
    assertEquals(List.of(), operations.calls);
  }

  @Test
  void exportWritesTheDefinition() throws Exception {
    operations.exported = "version: 1\nbots:\n  - id: anna_bot\n";
    CliRun run = admin("export", "--node", NODE);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(operations.exported, run.out());
    Path file = dir.resolve("exported.yaml");
    CliRun toFile = admin("export", "-o", file.toString(), "--node", NODE);
    assertEquals(0, toFile.exitCode(), toFile.err());
    assertEquals(operations.exported, Files.readString(file));
  }

  @Test
  void listsAreAlignedTablesOrJson() throws Exception {
    CliRun bots = admin("bots", "list", "--node", NODE);
    assertEquals(0, bots.exitCode(), bots.err());
    assertEquals(
        String.join(
            "\n",
            "ID                NAME   STATUS    CHATS",
            "anna_bot          Anna   active    -100123",
            "boris_longer_bot  Boris  disabled  -100123,-100456",
            ""),
        bots.out());
    CliRun pending = admin("chats", "list", "--pending", "--node", NODE);
    assertEquals(
        "ID       NAME         STATUS   ADDED_BY\n-100999  Found Group  pending  anna_bot\n",
        pending.out());
    JsonNode json =
        new ObjectMapper().readTree(admin("chats", "list", "--json", "--node", NODE).out());
    assertEquals("Crypto Corner", json.at("/0/name").asText());
    admin("bots", "list", "--pending", "--node", NODE)
        .assertClearError(2, "--pending is for chats");
    assertEquals(
        List.of("list BOT pending=false", "list CHAT pending=true", "list CHAT pending=false"),
        operations.calls);
  }

  @Test
  void showEnableAndDisable() throws Exception {
    CliRun show = admin("bots", "show", "anna_bot", "--node", NODE);
    assertEquals(0, show.exitCode(), show.err());
    assertEquals("id: anna_bot\nstatus: active\npersona:\n  name: Anna\n", show.out());
    JsonNode json =
        new ObjectMapper()
            .readTree(admin("chats", "show", "-100123", "--json", "--node", NODE).out());
    assertEquals("-100123", json.path("id").asText());
    admin("bots", "show", "nobody_bot", "--node", NODE)
        .assertClearError(1, "unknown bot nobody_bot");

    CliRun disable = admin("bots", "disable", "anna_bot", "--node", NODE);
    assertEquals(0, disable.exitCode(), disable.err());
    assertTrue(disable.out().startsWith("~ bot anna_bot enabled\n"), disable.out());
    assertEquals(0, admin("chats", "enable", "-100123", "--node", NODE).exitCode());
    admin("chats", "enable", "-404", "--node", NODE).assertClearError(1, "unknown chat -404");
    assertEquals(
        List.of(
            "show BOT anna_bot",
            "show CHAT -100123",
            "show BOT nobody_bot",
            "disable BOT anna_bot",
            "enable CHAT -100123",
            "enable CHAT -404"),
        operations.calls);
  }
}
