package io.botswarm.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
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

  /** A persona as version 1 wrote it: no lore, adjectives, language or examples. */
  static final String V1_PERSONA =
      "{\"name\":\"Old Timer\",\"handle\":\"old_timer_bot\",\"bio\":\"remembers 2017\","
          + "\"speakingStyle\":\"dry\",\"interests\":[\"bitcoin\"]}";

  static final Persona READ_V1_PERSONA =
      new Persona(
          "Old Timer",
          "old_timer_bot",
          "remembers 2017",
          List.of(),
          "dry",
          List.of(),
          List.of("bitcoin"),
          "en",
          List.of());

  static String v1Registered(String botId) {
    return "{\"botId\":\""
        + botId
        + "\",\"persona\":"
        + V1_PERSONA
        + ",\"at\":\"2025-12-31T00:00:00Z\"}";
  }

  static String v1Stance(String botId, String topic, double position, String at) {
    return "{\"botId\":\""
        + botId
        + "\",\"topic\":\""
        + topic
        + "\",\"previousPosition\":null,\"position\":"
        + position
        + ",\"confidence\":0.6,\"rationale\":\"since 2017\",\"cooldownUntil\":\"2026-01-01T06:00:00Z\",\"at\":\""
        + at
        + "\"}";
  }

  private Profile recovered(String botId) {
    return profileOf(testKit.spawn(Bot.create(botId, settings(), Clock.systemUTC())));
  }

  private Profile profileOf(ActorRef<Bot.Command> bot) {
    TestProbe<StatusReply<Profile>> probe = testKit.createTestProbe();
    bot.tell(new Bot.GetProfile(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10)).getValue();
  }

  private static BotSettings settings() {
    return BotSettings.fromConfig(testKit.system().settings().config().getConfig("botswarm.bot"));
  }

  @Test
  void replaysAJournalWrittenBeforeSwarmDefinitionsWithTheirDefaults() throws SQLException {
    String botId = "before-specs-" + UUID.randomUUID();
    String pid = Bot.persistenceId(botId).id();
    var rows = new JournalRows(TestDatabase.url(), testKit.system());
    var sample = new Bot.EnabledChanged(botId, false, Instant.EPOCH);
    rows.writeJson(pid, 1, sample, Bot.BotRegistered.class.getName(), v1Registered(botId));
    rows.writeJson(
        pid,
        2,
        sample,
        Bot.StanceChanged.class.getName(),
        v1Stance(botId, "bitcoin", 0.4, "2026-01-01T00:00:00Z"));
    rows.writeJson(
        pid,
        3,
        sample,
        Bot.EnabledChanged.class.getName(),
        "{\"botId\":\"" + botId + "\",\"enabled\":false,\"at\":\"2026-01-01T01:00:00Z\"}");

    Profile p = recovered(botId);
    assertEquals(READ_V1_PERSONA, p.persona());
    assertEquals(0.4, p.stances().get("bitcoin").position());
    assertEquals(BotSpec.of(READ_V1_PERSONA).withEnabled(false), p.declared());
    assertEquals(null, p.tokenRef());
    assertEquals(List.of(), p.seeded());
  }

  @Test
  void loadsASnapshotWrittenBeforeSwarmDefinitionsAndAppliesTheSameSpecAsNoChange()
      throws SQLException {
    String botId = "snapshotted-" + UUID.randomUUID();
    String pid = Bot.persistenceId(botId).id();
    var rows = new JournalRows(TestDatabase.url(), testKit.system());
    var sample = new Bot.EnabledChanged(botId, false, Instant.EPOCH);
    rows.writeJson(pid, 1, sample, Bot.BotRegistered.class.getName(), v1Registered(botId));
    rows.writeJson(pid, 2, sample, V1_MANIFEST, v1Json(botId));
    // The snapshot at 2 is the profile as version 1 wrote it: no declared spec, no seeds.
    rows.writeSnapshotJson(
        pid,
        2,
        sample,
        Profile.class.getName(),
        "{\"botId\":\""
            + botId
            + "\",\"persona\":"
            + V1_PERSONA
            + ",\"enabled\":true,"
            + "\"emotion\":{\"mood\":\"CALM\",\"intensity\":0.5,\"since\":\"2026-01-01T00:00:00Z\"},"
            + "\"stances\":{},\"holdings\":{\"BTC\":{\"symbol\":\"BTC\",\"quantity\":2,"
            + "\"averageCost\":30000,\"updatedAt\":\"2026-01-01T00:00:00Z\"}},"
            + "\"memories\":[{\"id\":1,\"type\":\"FACT\",\"content\":\"I was written by v1\","
            + "\"relevance\":0.7,\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"lastAccessed\":\"2026-01-01T00:00:00Z\"}],"
            + "\"nextMemoryId\":2,\"registeredAt\":\"2025-12-31T00:00:00Z\"}");
    rows.writeJson(
        pid,
        3,
        sample,
        Bot.StanceChanged.class.getName(),
        v1Stance(botId, "gold", -0.3, "2026-01-01T02:00:00Z"));

    var bot = testKit.spawn(Bot.create(botId, settings(), Clock.systemUTC()));
    Profile p = profileOf(bot);
    assertEquals(READ_V1_PERSONA, p.persona());
    assertEquals(2, p.holdings().get("BTC").quantity().intValue(), "read from the snapshot");
    assertEquals(-0.3, p.stances().get("gold").position(), "replayed after the snapshot");
    assertEquals(BotSpec.of(READ_V1_PERSONA), p.declared());

    TestProbe<StatusReply<Bot.SpecApplied>> applied = testKit.createTestProbe();
    bot.tell(new Bot.ApplySpec(BotSpec.of(READ_V1_PERSONA), false, applied.ref()));
    assertEquals(List.of(), applied.receiveMessage(Duration.ofSeconds(10)).getValue().changes());
  }
}
