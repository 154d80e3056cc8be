package io.botswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.chat.ChatClient;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm apply}, {@code export}, {@code bots list} and {@code chats list --pending} against a
 * running node's admin API, with a database of its own: what a person at the terminal sees of a
 * real swarm.
 */
class AdminCliNodeTest {

  static final String TOKEN = "n0de-t0ken-" + Long.toHexString(System.nanoTime());
  static SwarmNode node;
  static String url;

  @BeforeAll
  static void start() {
    int port = TestDatabase.freePort();
    String db =
        TestDatabase.createDatabase(
            "admin_cli_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
    node =
        TestNodes.start(
            Map.of(
                "botswarm.db.url", db,
                "botswarm.admin.token", TOKEN,
                "botswarm.admin.port", port));
    url = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
  }

  static CliRun swarm(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--node";
    all[args.length + 1] = url;
    return CliRun.swarm(Map.of("SWARM_ADMIN_TOKEN", TOKEN), all);
  }

  @Test
  void planApplyExportListAndPending(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("swarm.yaml"),
            String.join(
                "\n",
                "version: 1",
                "defaults: {chat: {starters: false}}",
                "bots:",
                "  - id: anna_bot",
                "    username: anna_bot",
                "    persona: {name: Anna, topics: [bitcoin], examples: [\"Stack sats.\"]}",
                "    stances: [{topic: bitcoin, position: 0.7, confidence: 0.8}]",
                "  - id: boris_bot",
                "    username: boris_bot",
                "    persona: {name: Boris, style: formal}",
                "chats:",
                "  - id: -100123",
                "    title: Crypto Corner",
                "    members: [{bot: anna_bot}, {bot: boris_bot, topics: [gold]}]",
                ""));

    CliRun dry = swarm("apply", "-f", file.toString(), "--dry-run");
    assertEquals(0, dry.exitCode(), dry.err());
    assertEquals(
        String.join(
            "\n",
            "+ bot anna_bot",
            "+ bot boris_bot",
            "+ chat -100123 (Crypto Corner)",
            "= 0 unchanged",
            "plan: 3 to add, 0 to change, 0 to remove (dry run: nothing applied)",
            ""),
        dry.out());

    CliRun applied = swarm("apply", "-f", file.toString());
    assertEquals(0, applied.exitCode(), applied.err());
    assertTrue(
        applied.out().endsWith("applied: 3 to add, 0 to change, 0 to remove\n"), applied.out());
    CliRun again = swarm("apply", "-f", file.toString());
    assertEquals("= 3 unchanged\nno changes\n", again.out());

    CliRun exported = swarm("export");
    assertEquals(0, exported.exitCode(), exported.err());
    assertTrue(exported.out().contains("anna_bot"), exported.out());
    Path back = Files.writeString(dir.resolve("exported.yaml"), exported.out());
    CliRun roundTrip = swarm("apply", "-f", back.toString());
    assertEquals(0, roundTrip.exitCode(), roundTrip.err());
    assertEquals("= 3 unchanged\nno changes\n", roundTrip.out());

    CliRun bots = swarm("bots", "list");
    assertEquals(0, bots.exitCode(), bots.err());
    var lines = bots.out().lines().toList();
    assertEquals(3, lines.size(), bots.out());
    assertTrue(lines.get(0).startsWith("ID"), bots.out());
    assertTrue(lines.get(1).matches("anna_bot +Anna +active +.*-100123$"), bots.out());
    assertTrue(lines.get(2).matches("boris_bot +Boris +active +.*-100123$"), bots.out());

    // A group the bots were added to that the definition does not list (my_chat_member).
    new ChatClient(node.system())
        .discover("-100999", "Found Group", "anna_bot")
        .toCompletableFuture()
        .join();
    CliRun pending = swarm("chats", "list", "--pending");
    assertEquals(0, pending.exitCode(), pending.err());
    assertEquals(
        "ID       NAME         STATUS   ADDED_BY\n-100999  Found Group  pending  anna_bot\n",
        pending.out());
    // The pending chat is neither applied nor pruned away by the definition.
    assertEquals(
        "= 3 unchanged\nno changes\n", swarm("apply", "-f", file.toString(), "--prune").out());
  }
}
