package io.botswarm.cli;

import static io.botswarm.cli.CliRun.swarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.bot.Bot;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.testing.JournalRows;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm journal ...} as a person runs it: the output of each subcommand and its errors. */
class JournalCliTest {

  static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
  static String url;
  static ActorTestKit testKit;
  static JournalRows rows;

  @BeforeAll
  static void history() throws SQLException {
    url = TestDatabase.createDatabase("journal_cli");
    testKit = ActorTestKit.create("journal-cli", TestDatabase.localConfig());
    rows = new JournalRows(url, testKit.system());
    rows.write(
        "Bot|ada_bot",
        Map.of(
            1L,
                new Bot.BotRegistered(
                    "ada_bot", new Persona("Ada", "ada_bot", "counts", "dry", List.of("gold")), T),
            2L,
                new Bot.StanceChanged(
                    "ada_bot",
                    "gold",
                    null,
                    0.5,
                    0.8,
                    "shiny",
                    T.plusSeconds(3600),
                    T.plusSeconds(1)),
            3L,
                new Bot.HoldingChanged(
                    "ada_bot",
                    "GLD",
                    BigDecimal.ZERO,
                    new BigDecimal("3"),
                    new BigDecimal("230.50"),
                    new BigDecimal("230.50000000"),
                    T.plusSeconds(2)),
            4L,
                new Bot.MemoryRecorded(
                    "ada_bot", 1, MemoryType.FACT, "gold is heavy", 0.9, T.plusSeconds(3)),
            5L,
                new Bot.EmotionChanged(
                    "ada_bot",
                    Mood.NEUTRAL,
                    0,
                    Mood.CURIOUS,
                    0.7,
                    "a question",
                    T.plusSeconds(4))));
    rows.write(
        "Bot|bob_bot",
        Map.of(
            1L,
            new Bot.BotRegistered("bob_bot", new Persona("Bob", "bob_bot", "", "", List.of()), T)));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static CliRun journal(String... args) {
    return swarm(journalArgs(args));
  }

  /** {@code swarm journal args... --db-url} the test database. */
  static String[] journalArgs(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "journal";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--db-url";
    all[args.length + 2] = url;
    return all;
  }

  @Test
  void withNoDatabaseToReadItSaysWhereItLookedAndMakesNone(@TempDir Path empty) throws IOException {
    CliRun run = swarm("journal", "list", "--data-dir", empty.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("no database under " + empty), run.err());
    assertTrue(run.err().contains("--db-url"), run.err());
    try (var made = Files.list(empty)) {
      assertEquals(0, made.count(), "a read-only tool made a database");
    }
  }

  @Test
  void listShowsEveryIdWithItsCountAndTimes() {
    CliRun run = journal("list");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().lines().anyMatch(l -> l.startsWith("Bot|ada_bot") && l.contains(" 5 ")),
        run.out());
    assertTrue(run.out().contains("Bot|bob_bot") && run.out().contains(" ids"), run.out());
    CliRun filtered = journal("list", "--type", "Bot", "--id", "ada");
    assertTrue(
        filtered.out().contains("1 ids") && !filtered.out().contains("bob_bot"), filtered.out());
  }

  @Test
  void showPrintsOneEventALineForPeopleOrJsonForTools() throws IOException {
    CliRun run = journal("show", "ada_bot");
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(5, lines.size(), run.out());
    assertTrue(
        lines.get(1).startsWith("#2")
            && lines.get(1).contains("StanceChanged")
            && lines.get(1).contains("topic=gold"),
        lines.get(1));
    assertTrue(lines.get(2).contains("averageCost=230.50000000"), lines.get(2));

    CliRun range = journal("show", "Bot|ada_bot", "--from-seq", "2", "--to-seq", "3");
    assertEquals(2, range.out().lines().count(), range.out());
    CliRun since =
        journal("show", "ada_bot", "--since", Instant.now().plusSeconds(3600).toString());
    assertEquals(
        0, since.out().lines().count(), "events are filtered by write time: " + since.out());

    CliRun json = journal("show", "ada_bot", "--json", "--to-seq", "2");
    var node = new ObjectMapper().readTree(json.out().lines().toList().get(1));
    assertEquals("Bot|ada_bot", node.get("persistenceId").asText());
    assertEquals(2, node.get("sequenceNr").asInt());
    assertEquals("StanceChanged", node.get("type").asText());
    assertEquals(0.5, node.get("event").get("position").asDouble());
  }

  @Test
  void replayPrintsTheStateAtAPoint() throws IOException {
    CliRun run = journal("replay", "ada_bot", "--to-seq", "3");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Bot|ada_bot after event 3 of 5"), run.out());
    assertTrue(run.out().contains("GLD      3 at an average 230.50000000"), run.out());
    assertTrue(run.out().contains("memories  0"), run.out());

    CliRun json = journal("replay", "ada_bot", "--at", Instant.now().toString(), "--json");
    var state = new ObjectMapper().readTree(json.out());
    assertEquals("curious", state.get("emotion").get("mood").asText().toLowerCase());
    assertEquals(1, state.get("memories").size());
  }

  @Test
  void diffListsWhatChangedBetweenTwoPoints() {
    CliRun run = journal("diff", "ada_bot", "1", "4");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("+ stances.gold:"), run.out());
    assertTrue(run.out().contains("+ holdings.GLD:"), run.out());
    assertTrue(run.out().contains("+ memories[id=1]:"), run.out());
    assertTrue(run.out().contains("~ nextMemoryId: 1 -> 2"), run.out());
    assertTrue(journal("diff", "ada_bot", "2", "2").out().contains("no change"));
  }

  @Test
  void exportWritesJsonLinesOfSeveralEntities(@TempDir Path dir) throws IOException {
    CliRun stdout = journal("export", "ada_bot", "bob_bot");
    assertEquals(6, stdout.out().lines().count(), stdout.out());
    Path file = dir.resolve("bug.jsonl");
    CliRun toFile = journal("export", "ada_bot", "--output", file.toString());
    assertEquals(0, toFile.exitCode(), toFile.err());
    assertEquals(5, Files.readAllLines(file).size());
    assertTrue(toFile.out().contains("exported 5 events of 1 entities"), toFile.out());
    journal("export", "ada_bot", "--format", "csv")
        .assertClearError(2, "--format csv is not known");
  }

  @Test
  void tailFollowsNewEventsAsTheyAreWritten() throws Exception {
    rows.write(
        "Bot|tailed_bot",
        Map.of(
            1L,
            new Bot.BotRegistered(
                "tailed_bot", new Persona("Tail", "tailed_bot", "", "", List.of()), T)));
    var following = new StringWriter();
    var tail =
        CompletableFuture.supplyAsync(
            () -> swarm(following, journalArgs("tail", "tailed_bot", "--max", "2")));
    // Events written before the tail has read where the journal ends would not be followed.
    TestNodes.await(
        "the tail follows",
        30,
        () -> following.toString().startsWith("following") || tail.isDone());
    rows.write(
        "Bot|tailed_bot",
        Map.of(
            2L, new Bot.EnabledChanged("tailed_bot", false, T.plusSeconds(1)),
            3L, new Bot.EnabledChanged("tailed_bot", true, T.plusSeconds(2))));
    CliRun run = tail.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals("following Bot|tailed_bot from event 2", lines.get(0));
    assertTrue(lines.get(1).startsWith("#2") && lines.get(2).startsWith("#3"), run.out());
  }

  @Test
  void verifyPassesACleanJournalAndFailsABrokenOneNamingTheEvent() throws SQLException {
    CliRun clean = journal("verify");
    assertEquals(0, clean.exitCode(), clean.out() + clean.err());
    assertTrue(clean.out().contains("no violations"), clean.out());

    rows.writeJson(
        "Bot|broken_bot",
        1,
        new Bot.EnabledChanged("x", true, T),
        Bot.EnabledChanged.class.getName(),
        "{oops");
    try {
      CliRun broken = journal("verify", "--type", "Bot");
      assertEquals(1, broken.exitCode());
      assertTrue(broken.out().contains("Bot|broken_bot #1: cannot be read"), broken.out());
      assertTrue(broken.out().contains("1 violations"), broken.out());

      journal("show", "broken_bot").assertClearError(1, "event 1 of Bot|broken_bot cannot be read");
    } finally {
      rows.delete("Bot|broken_bot");
    }
  }

  @Test
  void errorsAreOneClearLine() {
    journal("show", "nobody_bot").assertClearError(1, "unknown id 'nobody_bot'");
    journal("replay", "ada_bot", "--to-seq", "9")
        .assertClearError(1, "Bot|ada_bot has 5 events; sequence number 9 is past the end");
    journal("show", "ada_bot", "--from-seq", "6")
        .assertClearError(1, "--from-seq 6 is past the end");
    journal("replay", "ada_bot").assertClearError(2, "--to-seq");
    journal("replay", "ada_bot", "--at", "yesterday")
        .assertClearError(2, "'yesterday' is not an instant");
    swarm(
            "journal",
            "list",
            "--db-url",
            "jdbc:postgresql://127.0.0.1:" + TestDatabase.freePort() + "/x")
        .assertClearError(1, "cannot read the journal at jdbc:postgresql://127.0.0.1:");
    String empty = TestDatabase.url().replace("/botswarm?", "/postgres?");
    swarm("journal", "list", "--db-url", empty).assertClearError(1, "there is no journal there");
  }
}
