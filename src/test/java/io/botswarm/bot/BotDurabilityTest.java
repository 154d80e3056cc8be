package io.botswarm.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import io.botswarm.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A bot's state survives its actor system: on the real PostgreSQL journal, through a restart. */
class BotDurabilityTest {

  static final int COMMANDS = 1000;
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void recoversTheSameStateFromSnapshotPlusTailAndFromEventsOnly() throws SQLException {
    // A cap the history overflows, and conversations enough to be condensed into reflections.
    Config config =
        TestDatabase.config(Map.of("akka.actor.provider", "local", "botswarm.bot.memory-cap", 100));
    BotSettings settings = BotSettings.fromConfig(config.getConfig("botswarm.bot"));
    String botId = "durable-" + UUID.randomUUID();

    Profile before;
    ActorTestKit first = ActorTestKit.create("durability-first", config);
    try {
      ActorRef<Bot.Command> bot = first.spawn(Bot.create(botId, settings, Clock.systemUTC()));
      TestProbe<StatusReply<Profile>> profiles = first.createTestProbe();
      TestProbe<StatusReply<Bot.Recorded>> memories = first.createTestProbe();
      bot.tell(
          new Bot.Register(
              new Persona("Durable", "durable_bot", "", "", java.util.List.of()), profiles.ref()));
      int profileReplies = 1;
      int memoryReplies = 0;
      for (int i = 0; i < COMMANDS; i++) {
        switch (i % 4) {
          case 0 ->
              bot.tell(
                  new Bot.TakeStance(
                      "topic" + (i % 7), 0.1 + (i % 9) / 10.0, 0.5, "step " + i, profiles.ref()));
          case 1 ->
              bot.tell(
                  new Bot.Trade(
                      "SYM" + (i % 5),
                      new BigDecimal(i % 3 + 1),
                      new BigDecimal(10 + i % 11),
                      profiles.ref()));
          case 2 ->
              bot.tell(
                  new Bot.RecordMemory(
                      i % 8 == 2 ? MemoryType.CONVERSATION : MemoryType.OBSERVATION,
                      "heard " + i,
                      (i % 100) / 100.0,
                      memories.ref()));
          default ->
              bot.tell(
                  new Bot.FeelEmotion(
                      Mood.values()[i % Mood.values().length], 0.5, "tick " + i, profiles.ref()));
        }
        if (i % 4 == 2) memoryReplies++;
        else profileReplies++;
      }
      for (int i = 0; i < profileReplies; i++)
        assertTrue(profiles.receiveMessage(WAIT).isSuccess());
      for (int i = 0; i < memoryReplies; i++) assertTrue(memories.receiveMessage(WAIT).isSuccess());
      bot.tell(new Bot.GetProfile(profiles.ref()));
      before = profiles.receiveMessage(WAIT).getValue();
    } finally {
      first.shutdownTestKit();
    }
    assertTrue(journaledEvents(botId) > COMMANDS, "every command journaled at least one event");
    assertTrue(snapshots(botId) > 0, "snapshots were taken");
    int remembered = before.memories().size();
    assertTrue(
        remembered <= settings.memoryCap()
            && remembered > settings.memoryCap() - settings.reflectBatch(),
        "the memory cap was reached: " + remembered);
    assertTrue(
        before.memories().stream().anyMatch(m -> m.type() == MemoryType.REFLECTION),
        "conversations were condensed into reflections");

    ActorTestKit second = ActorTestKit.create("durability-second", config);
    try {
      assertEquals(before, recover(second, botId, settings), "recovered from snapshot + tail");
      assertEquals(
          before,
          recover(second, botId, settings.withRecoverFromSnapshots(false)),
          "recovered from events only");
    } finally {
      second.shutdownTestKit();
    }
  }

  private static Profile recover(ActorTestKit kit, String botId, BotSettings settings) {
    ActorRef<Bot.Command> bot = kit.spawn(Bot.create(botId, settings, Clock.systemUTC()));
    TestProbe<StatusReply<Profile>> probe = kit.createTestProbe();
    bot.tell(new Bot.GetProfile(probe.ref()));
    Profile recovered = probe.receiveMessage(WAIT).getValue();
    kit.stop(bot);
    return recovered;
  }

  private static long journaledEvents(String botId) throws SQLException {
    return count("SELECT count(*) FROM event_journal WHERE persistence_id = ?", botId);
  }

  private static long snapshots(String botId) throws SQLException {
    return count("SELECT count(*) FROM snapshot WHERE persistence_id = ?", botId);
  }

  private static long count(String sql, String botId) throws SQLException {
    try (var conn = TestDatabase.connect();
        var st = conn.prepareStatement(sql)) {
      st.setString(1, Bot.persistenceId(botId).id());
      var rs = st.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }
}
