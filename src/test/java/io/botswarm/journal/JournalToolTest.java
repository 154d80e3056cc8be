package io.botswarm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import io.botswarm.bot.Bot;
import io.botswarm.bot.BotSettings;
import io.botswarm.bot.BotSpec;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import io.botswarm.bot.Persona;
import io.botswarm.bot.Profile;
import io.botswarm.cluster.NodeConfig;
import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.telegram.TelegramGateway;
import io.botswarm.testing.JournalRows;
import io.botswarm.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay against the live entity on a real journal: a bot is driven one command at a time and its
 * state recorded after every event; the tools must rebuild exactly those states. The class owns its
 * database, because it also writes broken histories for {@code verify} to find.
 */
class JournalToolTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static String url;
  static ActorTestKit testKit;
  static JournalSource source;
  static JournalInspector inspector;
  static BotSettings settings;
  static final String BOT = "replayed_bot";

  /** The live entity's state after each sequence number. */
  static final TreeMap<Long, Profile> live = new TreeMap<>();

  @BeforeAll
  static void driveALiveBot() throws SQLException {
    url = TestDatabase.createDatabase("journal_tool");
    Config config =
        TestDatabase.config(Map.of("akka.actor.provider", "local", "botswarm.db.url", url));
    testKit = ActorTestKit.create("journal-tool", config);
    settings = BotSettings.fromConfig(config.getConfig("botswarm.bot")).withSnapshotEvery(10);
    ActorRef<Bot.Command> bot = testKit.spawn(Bot.create(BOT, settings, Clock.systemUTC()));
    step(
        bot, r -> new Bot.Register(new Persona("Replayed", BOT, "bio", "dry", List.of("gold")), r));
    for (int i = 0; i < 40; i++) {
      int n = i;
      switch (n % 5) {
        case 0 ->
            step(
                bot, r -> new Bot.TakeStance("gold", n % 10 == 0 ? 0.5 : 0.6, 0.7, "step " + n, r));
        case 1 ->
            step(bot, r -> new Bot.Trade("GLD", new BigDecimal(n), new BigDecimal("230.5"), r));
        case 2 -> {
          TestProbe<StatusReply<Bot.Recorded>> probe = testKit.createTestProbe();
          bot.tell(
              new Bot.RecordMemory(
                  MemoryType.CONVERSATION, "talk " + n, (n % 10) / 10.0, probe.ref()));
          assertTrue(probe.receiveMessage(WAIT).isSuccess());
          record(bot);
        }
        case 3 ->
            step(bot, r -> new Bot.FeelEmotion(Mood.values()[1 + n % 8], 0.7, "news " + n, r));
        default ->
            step(bot, r -> new Bot.TakeStance("gold", -0.4, 0.5, "flip refused: cooldown", r));
      }
    }
    source =
        JournalSource.open(
            url,
            LocalPostgres.USER,
            "",
            NodeConfig.load("application-test.conf", Optional.empty(), Map.of()));
    inspector =
        new JournalInspector(
            source, List.of(new BotKind(settings), new ChatKind(), new GatewayKind()));
  }

  @AfterAll
  static void shutdown() {
    source.close();
    testKit.shutdownTestKit();
  }

  private static void step(
      ActorRef<Bot.Command> bot, Function<ActorRef<StatusReply<Profile>>, Bot.Command> command) {
    TestProbe<StatusReply<Profile>> probe = testKit.createTestProbe();
    bot.tell(command.apply(probe.ref()));
    probe.receiveMessage(WAIT);
    record(bot);
  }

  private static void record(ActorRef<Bot.Command> bot) {
    TestProbe<StatusReply<Profile>> probe = testKit.createTestProbe();
    bot.tell(new Bot.GetProfile(probe.ref()));
    Profile profile = probe.receiveMessage(WAIT).getValue();
    live.put(highestSeq(Bot.persistenceId(BOT).id()), profile);
  }

  static long highestSeq(String pid) {
    try (var conn = DriverManager.getConnection(url, LocalPostgres.USER, "");
        var st =
            conn.prepareStatement(
                "SELECT max(sequence_number) FROM event_journal WHERE persistence_id = ?")) {
      st.setString(1, pid);
      var rs = st.executeQuery();
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void replayedStateEqualsTheLiveStateAtEveryCheckedSequenceNumber() {
    var target = inspector.resolve(BOT);
    assertEquals(live.lastKey(), target.highestSequenceNr());
    assertTrue(live.size() > 30, "a state was recorded after most commands");
    for (var checkpoint : live.entrySet())
      assertEquals(
          checkpoint.getValue(),
          inspector.replayTo(target, checkpoint.getKey()).state(),
          "state after event " + checkpoint.getKey());
    assertEquals(Bot.Unregistered.INSTANCE, inspector.replayTo(target, 0).state());
  }

  @Test
  void replayAtAnInstantTakesTheLastEventWrittenByThen() throws SQLException {
    var target = inspector.resolve("Bot|" + BOT);
    TreeMap<Long, Instant> written = new TreeMap<>();
    try (var conn = DriverManager.getConnection(url, LocalPostgres.USER, "");
        var st =
            conn.prepareStatement(
                "SELECT sequence_number, write_timestamp FROM event_journal WHERE persistence_id = ?")) {
      st.setString(1, target.persistenceId());
      var rs = st.executeQuery();
      while (rs.next()) written.put(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)));
    }
    for (long seq : List.of(1L, 7L, 20L, written.lastKey())) {
      Instant at = written.get(seq);
      long expected =
          written.entrySet().stream()
              .filter(e -> !e.getValue().isAfter(at))
              .mapToLong(Map.Entry::getKey)
              .max()
              .orElseThrow();
      var point = inspector.replayAt(target, at);
      assertEquals(expected, point.sequenceNr(), "at " + at);
      assertEquals(inspector.replayTo(target, expected).state(), point.state());
      var before = inspector.replayAt(target, at.minusMillis(1));
      assertTrue(before.sequenceNr() < seq || written.get(before.sequenceNr()).isBefore(at));
    }
    assertEquals(0, inspector.replayAt(target, Instant.EPOCH).sequenceNr());
  }

  @Test
  void verifyFindsACorruptEventAGapAndABrokenRuleAndNamesThem() throws SQLException {
    String gap = "Bot|gap_bot";
    String corrupt = "Bot|corrupt_bot";
    String negative = "Bot|negative_bot";
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    var rows = new JournalRows(url, testKit.system());
    rows.write(
        gap,
        Map.of(
            1L,
                new Bot.BotRegistered(
                    "gap_bot", new Persona("Gap", "gap_bot", "", "", List.of()), t),
            2L, new Bot.EnabledChanged("gap_bot", false, t),
            4L, new Bot.EnabledChanged("gap_bot", true, t)));
    rows.write(
        corrupt,
        Map.of(
            1L,
            new Bot.BotRegistered(
                "corrupt_bot", new Persona("Corrupt", "corrupt_bot", "", "", List.of()), t)));
    rows.writeJson(
        corrupt,
        2,
        new Bot.EnabledChanged("x", true, t),
        Bot.EnabledChanged.class.getName(),
        "{\"botId\":\"corrupt_bot\",\"enabled\":");
    rows.write(
        negative,
        Map.of(
            1L,
                new Bot.BotRegistered(
                    "negative_bot", new Persona("Neg", "negative_bot", "", "", List.of()), t),
            2L,
                new Bot.HoldingChanged(
                    "negative_bot",
                    "BTC",
                    BigDecimal.ZERO,
                    new BigDecimal("-5"),
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    t)));

    var report = new Verifier(inspector).verify(Optional.of("Bot"), n -> {});
    List<String> found = report.violations().stream().map(Object::toString).toList();
    assertEquals(3, found.size(), String.join("\n", found));
    assertTrue(
        found.contains("Bot|gap_bot #4: sequence numbers jump from 2 to 4: event 3 is missing"),
        found.toString());
    assertTrue(
        found.stream()
            .anyMatch(
                v ->
                    v.startsWith(
                        "Bot|corrupt_bot #2: cannot be read (io.botswarm.bot.Bot$EnabledChanged)")),
        found.toString());
    assertTrue(
        found.contains("Bot|negative_bot #2: holding BTC is negative: -5"), found.toString());
    assertEquals(4, report.entities());
    rows.delete(gap, corrupt, negative);
    assertTrue(new Verifier(inspector).verify(Optional.empty(), n -> {}).clean());
  }

  @Test
  void verifyFindsAChatMessageAdmittedOverItsLimitAndAnOutcomeSentTwice() throws SQLException {
    String pid = "Chat|-100999";
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    var limits = new io.botswarm.chat.ChatLimits(1, 20, 1, 100, java.time.Duration.ZERO);
    var settings =
        new io.botswarm.chat.ChatSettings(
            "Over", true, List.of(), 0.5, Optional.empty(), Optional.of(limits));
    var rows = new JournalRows(url, testKit.system());
    rows.write(
        pid,
        Map.of(
            1L, new io.botswarm.chat.ChatCoordinator.ChatConfigured("-100999", settings, t),
            2L,
                new io.botswarm.chat.ChatCoordinator.DraftAdmitted(
                    "-100999", 1, "a_bot", "one", null, t.plusSeconds(1), 0),
            3L,
                new io.botswarm.chat.ChatCoordinator.MessageSent(
                    "-100999", 1, "a_bot", 10, "one", null, t.plusSeconds(1)),
            4L,
                new io.botswarm.chat.ChatCoordinator.DraftAdmitted(
                    "-100999", 2, "a_bot", "two", null, t.plusSeconds(5), 0),
            5L,
                new io.botswarm.chat.ChatCoordinator.MessageSent(
                    "-100999", 2, "a_bot", 11, "two", null, t.plusSeconds(5)),
            6L,
                new io.botswarm.chat.ChatCoordinator.MessageSent(
                    "-100999", 2, "a_bot", 12, "two", null, t.plusSeconds(6))));
    try {
      var found =
          new Verifier(inspector)
              .verify(Optional.of("Chat"), n -> {}).violations().stream()
                  .map(Object::toString)
                  .toList();
      assertTrue(
          found.stream()
              .anyMatch(
                  v ->
                      v.startsWith(pid + " #4: draft 2 of a_bot was admitted")
                          && v.contains("chat-wide cap of 1 a minute")),
          found.toString());
      assertTrue(
          found.contains(
              pid + " #6: an outcome for draft 2, which is not waiting for one (sent twice?)"),
          found.toString());
      assertEquals(2, found.size(), found.toString());
    } finally {
      rows.delete(pid);
    }
  }

  @Test
  void theStateAtAPointDescribesItselfForAPerson() {
    var target = inspector.resolve(BOT);
    String text =
        target
            .kind()
            .describe(
                inspector.replayTo(target, target.highestSequenceNr()).state(), Instant.now());
    assertTrue(text.startsWith("bot replayed_bot: Replayed (@replayed_bot), enabled"), text);
    assertTrue(text.contains("gold") && text.contains("GLD"), text);
    assertFalse(text.contains("null"), text);
  }

  private static Bot.SpecApplied applied(
      ActorRef<Bot.Command> bot,
      Function<ActorRef<StatusReply<Bot.SpecApplied>>, Bot.Command> command) {
    TestProbe<StatusReply<Bot.SpecApplied>> probe = testKit.createTestProbe();
    bot.tell(command.apply(probe.ref()));
    return probe.receiveMessage(WAIT).getValue();
  }

  private static BotSpec specOf(String bio, double position, String seed) {
    return new BotSpec(
        new Persona(
            "Declared",
            "declared_bot",
            bio,
            List.of("lore"),
            "dry",
            List.of("calm"),
            List.of("gold"),
            "de",
            List.of("Gold hält.")),
        true,
        "file:declared_bot",
        Mood.CALM,
        0.6,
        Map.of("gold", new BotSpec.StanceSpec(position, 0.8)),
        Map.of("GLD", new BotSpec.HoldingSpec(new BigDecimal("3"), new BigDecimal("230.5"))),
        List.of(new BotSpec.MemorySpec(MemoryType.FACT, seed, 0.9)));
  }

  @Test
  void operatorEventsReplayToTheLiveStateAndVerifyClean() throws SQLException {
    String id = "declared_bot";
    String pid = Bot.persistenceId(id).id();
    ActorRef<Bot.Command> bot = testKit.spawn(Bot.create(id, settings, Clock.systemUTC()));
    var states = new TreeMap<Long, Bot.State>();
    Function<Bot.SpecApplied, Bot.SpecApplied> checkpoint =
        reply -> {
          TestProbe<StatusReply<Bot.BotDescription>> probe = testKit.createTestProbe();
          bot.tell(new Bot.Describe(probe.ref()));
          var description = probe.receiveMessage(WAIT).getValue();
          states.put(highestSeq(pid), description.profile().<Bot.State>map(p -> p).orElse(null));
          return reply;
        };
    checkpoint.apply(
        applied(bot, r -> new Bot.ApplySpec(specOf("first", 0.5, "seed one"), false, r)));
    var changed =
        checkpoint.apply(
            applied(bot, r -> new Bot.ApplySpec(specOf("second", -0.5, "seed two"), false, r)));
    assertEquals(
        List.of(
            Bot.PersonaChanged.class,
            Bot.StanceSet.class,
            Bot.MemorySeeded.class,
            Bot.SeedMemoriesDeclared.class),
        changed.changes().stream().map(Object::getClass).toList());
    applied(bot, Bot.Remove::new);
    checkpoint.apply(
        applied(bot, r -> new Bot.ApplySpec(specOf("third", 0.1, "seed one"), false, r)));

    var target = inspector.resolve(id);
    for (var point : states.entrySet())
      assertEquals(
          point.getValue(),
          inspector.replayTo(target, point.getKey()).state(),
          "state after event " + point.getKey());
    long removedAt = states.headMap(states.lastKey()).lastKey() + 1;
    String removed =
        target.kind().describe(inspector.replayTo(target, removedAt).state(), Instant.now());
    assertTrue(removed.startsWith("bot declared_bot: removed "), removed);
    String text =
        target
            .kind()
            .describe(
                inspector.replayTo(target, target.highestSequenceNr()).state(), Instant.now());
    assertTrue(text.contains("language de") && text.contains("token file:declared_bot"), text);
    assertTrue(new Verifier(inspector).verify(Optional.of("Bot"), n -> {}).clean());
    // The other tests count the entities in this journal.
    testKit.stop(bot);
    new JournalRows(url, testKit.system()).delete(pid);
  }

  @Test
  void verifyFindsASeedMemorySeededTwice() throws SQLException {
    String pid = "Bot|twice_bot";
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    var rows = new JournalRows(url, testKit.system());
    rows.write(
        pid,
        Map.of(
            1L,
            new Bot.BotRegistered(
                "twice_bot", new Persona("Twice", "twice_bot", "", "", List.of()), t),
            2L,
            new Bot.MemorySeeded("twice_bot", 1, MemoryType.FACT, "once", 0.5, t),
            3L,
            new Bot.MemorySeeded("twice_bot", 2, MemoryType.FACT, "once", 0.7, t)));
    try {
      List<String> found =
          new Verifier(inspector)
              .verify(Optional.of("Bot"), n -> {}).violations().stream()
                  .map(Object::toString)
                  .toList();
      assertEquals(
          List.of(pid + " #3: seed memory \"once\" was seeded before: a seed is remembered once"),
          found);
    } finally {
      rows.delete(pid);
    }
  }

  @Test
  void aBotIdThatIsAlsoAGatewaysResolvesToTheBotOrToTheTypeAsked() throws SQLException {
    String gateway = TelegramGateway.persistenceId(BOT).id();
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    var rows = new JournalRows(url, testKit.system());
    rows.write(
        gateway,
        Map.of(
            1L, new TelegramGateway.UpdatesAcknowledged(BOT, 7, t),
            2L, new TelegramGateway.UpdatesAcknowledged(BOT, 12, t.plusSeconds(1))));
    try {
      var bot = inspector.resolve(BOT);
      assertEquals(Bot.persistenceId(BOT).id(), bot.persistenceId());
      assertEquals(List.of(gateway), bot.others());
      assertEquals(bot, inspector.resolve(BOT, Optional.of("bot")));

      var found = inspector.resolve(BOT, Optional.of("gateway"));
      assertEquals(gateway, found.persistenceId());
      assertEquals(2, found.highestSequenceNr());
      assertEquals(List.of(bot.persistenceId()), found.others());
      assertEquals(found, inspector.resolve(BOT, Optional.of("TelegramGateway")));
      assertEquals(found, inspector.resolve(gateway));
      assertEquals(new TelegramGateway.State(7), inspector.replayTo(found, 1).state());
      assertEquals(new TelegramGateway.State(12), inspector.replayTo(found, 2).state());
      assertEquals(
          "gateway: the coordinators have every update up to offset 12\n",
          found.kind().describe(inspector.replayTo(found, 2).state(), Instant.now()));

      assertEquals(
          "unknown entity type 'robot' (known: bot, chat, gateway)",
          assertThrows(JournalException.class, () -> inspector.resolve(BOT, Optional.of("robot")))
              .getMessage());
      assertEquals(
          "unknown id 'Chat|"
              + BOT
              + "': it has no events in this journal (see 'swarm journal list')",
          assertThrows(JournalException.class, () -> inspector.resolve(BOT, Optional.of("chat")))
              .getMessage());
      assertTrue(new Verifier(inspector).verify(Optional.of("TelegramGateway"), n -> {}).clean());
    } finally {
      rows.delete(gateway);
    }
  }

  @Test
  void verifyFindsAGatewayOffsetThatDoesNotGrowAndAnEventOfAnotherBot() throws SQLException {
    String pid = TelegramGateway.persistenceId("shrinking_bot").id();
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    var rows = new JournalRows(url, testKit.system());
    rows.write(
        pid,
        Map.of(
            1L, new TelegramGateway.UpdatesAcknowledged("shrinking_bot", 9, t),
            2L, new TelegramGateway.UpdatesAcknowledged("shrinking_bot", 4, t),
            3L, new TelegramGateway.UpdatesAcknowledged("other_bot", 10, t)));
    try {
      List<String> found =
          new Verifier(inspector)
              .verify(Optional.of("TelegramGateway"), n -> {}).violations().stream()
                  .map(Object::toString)
                  .toList();
      assertEquals(
          List.of(
              pid + " #2: offset 4 acknowledged after 9: the offset must grow",
              pid + " #3: event belongs to bot other_bot, not shrinking_bot"),
          found);
    } finally {
      rows.delete(pid);
    }
  }

  @Test
  void aGatewayOffsetRebasedBecauseTelegramsIdsRestartedReplaysAndVerifiesClean()
      throws SQLException {
    String pid = TelegramGateway.persistenceId("rebased_bot").id();
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    var rows = new JournalRows(url, testKit.system());
    rows.write(
        pid,
        Map.of(
            1L, new TelegramGateway.UpdatesAcknowledged("rebased_bot", 460_000_000, t),
            2L, new TelegramGateway.OffsetRebased("rebased_bot", 460_000_000, 999, t),
            3L, new TelegramGateway.UpdatesAcknowledged("rebased_bot", 1_001, t)));
    try {
      var found = inspector.resolve(pid);
      assertEquals(new TelegramGateway.State(999), inspector.replayTo(found, 2).state());
      assertEquals(new TelegramGateway.State(1_001), inspector.replayTo(found, 3).state());
      assertTrue(new Verifier(inspector).verify(Optional.of("TelegramGateway"), n -> {}).clean());
    } finally {
      rows.delete(pid);
    }
  }
}
