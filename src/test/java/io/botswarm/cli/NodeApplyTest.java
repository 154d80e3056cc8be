package io.botswarm.cli;

import static io.botswarm.cli.CliRun.swarm;
import static io.botswarm.testing.TestNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm node --apply FILE}: the node applies a definition once it is up, as {@code swarm
 * apply} would; started again on the same journal it finds nothing to change and journals nothing.
 * A file it cannot apply stops it with one line.
 */
class NodeApplyTest {

  static final String DEFINITION =
      """
      version: 1
      bots:
        - id: anna_bot
          username: anna_bot
          persona: {name: Anna, topics: [gold]}
        - id: boris_bot
          username: boris_bot
          persona: {name: Boris, topics: [bitcoin]}
      chats:
        - id: -1001000000001
          title: Test Corner
          starters: false
          members: [{bot: anna_bot}, {bot: boris_bot}]
      """;

  @TempDir Path dir;

  @Test
  void aNodeAppliesItsFileOnceUpAndASecondStartJournalsNothing() throws Exception {
    String db = TestDatabase.createDatabase("node_apply_" + Long.toHexString(System.nanoTime()));
    Path file = Files.writeString(dir.resolve("swarm.yaml"), DEFINITION);

    String first = runUntil(db, file, "applied: 3 to add, 0 to change, 0 to remove");
    assertTrue(first.contains("+ bot anna_bot"), first);
    assertTrue(first.contains("+ chat -1001000000001 (Test Corner)"), first);
    long journaled = journalRows(db);
    assertTrue(journaled >= 3, "rows after the first apply: " + journaled);

    String second = runUntil(db, file, "no changes");
    assertTrue(second.contains("node ") && second.contains(" is Up"), second);
    assertEquals(journaled, journalRows(db), "the second start journaled something:\n" + second);
  }

  @Test
  void aFileWithProblemsStopsTheNodeWithOneLine() throws Exception {
    String db = TestDatabase.createDatabase("node_apply_" + Long.toHexString(System.nanoTime()));
    Path file =
        Files.writeString(
            dir.resolve("broken.yaml"), DEFINITION.replace("{bot: boris_bot}", "{bot: carla_bot}"));
    Path conf =
        Files.writeString(
            dir.resolve("node.conf"),
            "botswarm.db.url = \"" + db + "\"\nbotswarm.management.enabled = off\n");
    CliRun run =
        swarm(
            "node",
            "--apply",
            file.toString(),
            "--config",
            conf.toString(),
            "--port",
            String.valueOf(TestDatabase.freePort()),
            "--metrics-port",
            "0",
            "--api-port",
            "0");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("chats[0].members[1].bot"), run.err());
    assertTrue(
        run.err().strip().lines().reduce((a, b) -> b).orElse("").startsWith("swarm: 1 problem in "),
        run.err());
    assertEquals(0, journalRows(db));
  }

  @Test
  void aMissingFileIsAUsageErrorBeforeAnythingStarts() {
    swarm("node", "--apply", dir.resolve("nowhere.yaml").toString())
        .assertClearError(2, "nowhere.yaml does not exist");
  }

  /**
   * Runs {@code swarm node --apply FILE} in a JVM of its own (it runs until stopped) until it
   * prints {@code line}, then stops it as an operator would (SIGTERM).
   *
   * @return what it printed
   */
  private String runUntil(String db, Path file, String line) throws Exception {
    Path log = Files.createTempFile(dir, "node", ".log");
    var command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.botswarm.cli.Swarm",
            "node",
            "--apply",
            file.toString(),
            "--port",
            String.valueOf(TestDatabase.freePort()),
            "--metrics-port",
            "0",
            "--api-port",
            "0",
            "--management-port",
            String.valueOf(TestDatabase.freePort()));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("SWARM_DB_URL", db);
    env.put("SWARM_DB_USER", LocalPostgres.USER);
    Process node = builder.start();
    try {
      await(
          "the node prints '" + line + "'",
          120,
          () -> {
            assertTrue(node.isAlive(), () -> "the node stopped:\n" + read(log));
            return read(log).lines().anyMatch(l -> l.equals(line) || l.startsWith(line));
          });
    } finally {
      node.destroy();
      if (!node.waitFor(60, TimeUnit.SECONDS)) node.destroyForcibly().waitFor();
    }
    return read(log);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The bots' and chats' events; not sharding's own, which its coordinators journal at every start.
   */
  private static long journalRows(String db) throws SQLException {
    try (var conn = DriverManager.getConnection(db, LocalPostgres.USER, "");
        var st = conn.createStatement();
        var rows =
            st.executeQuery(
                "SELECT count(*) FROM event_journal"
                    + " WHERE persistence_id LIKE 'Bot|%' OR persistence_id LIKE 'Chat|%'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
