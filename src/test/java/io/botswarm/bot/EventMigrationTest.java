package io.botswarm.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.StatusReply;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.botswarm.testing.JournalRows;
import io.botswarm.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Events written by an older version of botswarm are still read, in memory and from the journal.
 */
class EventMigrationTest {

  static final ActorTestKit testKit = ActorTestKit.create("migration", TestDatabase.localConfig());
  static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));
  static final String V1_MANIFEST = Bot.MemoryRecorded.class.getName();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static String v1Json(String botId) {
    return "{\"botId\":\""
        + botId
        + "\",\"memoryId\":1,\"type\":\"FACT\",\"content\":\"I was written by v1\","
        + "\"score\":0.7,\"at\":\"2026-01-01T00:00:00Z\"}";
  }

  @Test
  void writesTheCurrentVersionIntoTheManifest() {
    var event = new Bot.MemoryRecorded("b", 1, MemoryType.FACT, "x", 0.5, Instant.EPOCH);
    Serializer serializer = serialization.findSerializerFor(event);
    assertEquals(V1_MANIFEST + "#2", Serializers.manifestFor(serializer, event));
    String json = new String(serializer.toBinary(event), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"relevance\":0.5"), "the journal holds readable JSON: " + json);
  }

  @Test
  void readsARenamedFieldFromAVersionOneEvent() {
    Serializer serializer =
        serialization.findSerializerFor(
            new Bot.MemoryRecorded("b", 1, MemoryType.FACT, "x", 0.5, Instant.EPOCH));
    Object read =
        serialization
            .deserialize(
                v1Json("b").getBytes(StandardCharsets.UTF_8), serializer.identifier(), V1_MANIFEST)
            .get();
    assertEquals(
        new Bot.MemoryRecorded(
            "b",
            1,
            MemoryType.FACT,
            "I was written by v1",
            0.7,
            Instant.parse("2026-01-01T00:00:00Z")),
        read);
  }

  @Test
  void recoversABotWhoseJournalHoldsAVersionOneEvent() throws SQLException {
    String botId = "legacy-" + UUID.randomUUID();
    var registered =
        new Bot.BotRegistered(
            botId,
            new Persona("Old Timer", "old_timer_bot", "", "", List.of()),
            Instant.parse("2025-12-31T00:00:00Z"));
    var rows = new JournalRows(TestDatabase.url(), testKit.system());
    String pid = Bot.persistenceId(botId).id();
    rows.write(pid, Map.of(1L, registered));
    rows.writeJson(pid, 2, registered, V1_MANIFEST, v1Json(botId));
    BotSettings settings =
        BotSettings.fromConfig(testKit.system().settings().config().getConfig("botswarm.bot"));
    var bot = testKit.spawn(Bot.create(botId, settings, Clock.systemUTC()));
    TestProbe<StatusReply<Profile>> probe = testKit.createTestProbe();
    bot.tell(new Bot.GetProfile(probe.ref()));
    Profile profile = probe.receiveMessage(Duration.ofSeconds(10)).getValue();
    assertEquals(1, profile.memories().size());
    assertEquals(0.7, profile.memories().get(0).relevance());
    assertEquals(2, profile.nextMemoryId());
  }
}
