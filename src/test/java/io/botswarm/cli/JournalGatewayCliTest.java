package io.botswarm.cli;

import static io.botswarm.cli.CliRun.swarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.botswarm.bot.Bot;
import io.botswarm.bot.Persona;
import io.botswarm.telegram.TelegramGateway;
import io.botswarm.testing.JournalRows;
import io.botswarm.testing.TestDatabase;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code swarm journal} on a bot whose Telegram gateway has the same entity id: the bot is shown
 * unless {@code --type} asks for the gateway, which replays and verifies as any other entity.
 */
class JournalGatewayCliTest {

  static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
  static String url;
  static ActorTestKit testKit;

  @BeforeAll
  static void history() throws SQLException {
    url = TestDatabase.createDatabase("journal_cli_gateway");
    testKit = ActorTestKit.create("journal-cli-gateway", TestDatabase.localConfig());
    var rows = new JournalRows(url, testKit.system());
    rows.write(
        "Bot|gw_bot",
        Map.of(
            1L,
            new Bot.BotRegistered(
                "gw_bot", new Persona("Gee", "gw_bot", "posts", "dry", List.of("gold")), T),
            2L,
            new Bot.EnabledChanged("gw_bot", false, T.plusSeconds(1))));
    rows.write(
        "TelegramGateway|gw_bot",
        Map.of(
            1L, new TelegramGateway.UpdatesAcknowledged("gw_bot", 41, T),
            2L, new TelegramGateway.UpdatesAcknowledged("gw_bot", 42, T.plusSeconds(5)),
            3L, new TelegramGateway.UpdatesAcknowledged("gw_bot", 57, T.plusSeconds(9))));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static CliRun journal(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "journal";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--db-url";
    all[args.length + 2] = url;
    return swarm(all);
  }

  @Test
  void showTakesTheBotAndNamesItsGatewayOnStandardError() {
    CliRun run = journal("show", "gw_bot");
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());
    assertTrue(lines.get(0).contains("BotRegistered"), run.out());
    assertEquals(
        "showing Bot|gw_bot; also TelegramGateway|gw_bot (--type gateway)", run.err().strip());
  }

  @Test
  void typeGatewayShowsReplaysAndVerifiesTheGateway() {
    CliRun show = journal("show", "gw_bot", "--type", "gateway");
    assertEquals(0, show.exitCode(), show.err());
    assertEquals(3, show.out().lines().count(), show.out());
    assertTrue(show.out().contains("UpdatesAcknowledged"), show.out());
    assertEquals("", show.err());

    CliRun replay = journal("replay", "gw_bot", "--type", "gateway", "--to-seq", "2");
    assertEquals(0, replay.exitCode(), replay.err());
    assertTrue(replay.out().startsWith("TelegramGateway|gw_bot after event 2 of 3"), replay.out());
    assertTrue(replay.out().contains("every update up to offset 42"), replay.out());

    CliRun verify = journal("verify", "--type", "gateway");
    assertEquals(0, verify.exitCode(), verify.out() + verify.err());
    assertTrue(verify.out().contains("1 entities, 3 events checked"), verify.out());
    assertTrue(verify.out().contains("no violations"), verify.out());

    CliRun list = journal("list", "--type", "gateway");
    assertTrue(
        list.out().contains("TelegramGateway|gw_bot") && !list.out().contains("Bot|gw_bot"),
        list.out());
  }

  @Test
  void anUnknownTypeIsOneClearLine() {
    journal("show", "gw_bot", "--type", "robot")
        .assertClearError(1, "unknown entity type 'robot' (known: bot, chat, gateway)");
    journal("show", "Bot|gw_bot", "--type", "gateway")
        .assertClearError(1, "'Bot|gw_bot' is not of type TelegramGateway");
  }
}
