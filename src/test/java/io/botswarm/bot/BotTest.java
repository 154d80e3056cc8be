package io.botswarm.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import com.typesafe.config.ConfigFactory;
import io.botswarm.testing.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bot's rules, on the in-memory journal; every command, event and state is also serialized. */
class BotTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
              .withFallback(ConfigFactory.load("application-test.conf")));

  static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
  static final BotSettings SETTINGS =
      new BotSettings(
          3,
          100,
          10,
          Duration.ofHours(6),
          Duration.ofMinutes(30),
          100,
          2,
          true,
          Duration.ofSeconds(3));
  static final Persona PERSONA =
      new Persona(
          "Ada the Quant", "ada_quant_bot", "Counts everything.", "terse", List.of("bitcoin"));

  static final SerializationTestKit serialization = new SerializationTestKit(testKit.system());

  ManualClock clock;
  EventSourcedBehaviorTestKit<Bot.Command, Bot.Event, Bot.State> bot;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    clock = new ManualClock(T0);
    bot = EventSourcedBehaviorTestKit.create(testKit.system(), Bot.create("ada", SETTINGS, clock));
  }

  private Profile registered() {
    var result = run(r -> new Bot.Register(PERSONA, r));
    return result.reply().getValue();
  }

  private CommandResultWithReply<Bot.Command, Bot.Event, Bot.State, StatusReply<Profile>> run(
      Function<ActorRef<StatusReply<Profile>>, Bot.Command> command) {
    return bot.runCommand(command);
  }

  private String refused(Function<ActorRef<StatusReply<Profile>>, Bot.Command> command) {
    return rejection(run(command));
  }

  private CommandResultWithReply<Bot.Command, Bot.Event, Bot.State, StatusReply<Bot.Heard>> hear(
      String speaker, String text, boolean ownMessage) {
    return bot.runCommand(r -> new Bot.Hear(speaker, text, ownMessage, r));
  }

  private String refusedMemory(Function<ActorRef<StatusReply<Bot.Recorded>>, Bot.Command> command) {
    return rejection(bot.runCommand(command));
  }

  private static <R> String rejection(
      CommandResultWithReply<Bot.Command, Bot.Event, Bot.State, StatusReply<R>> result) {
    assertTrue(result.reply().isError(), "expected a rejection, got " + result.reply());
    assertTrue(result.hasNoEvents(), "a rejected command must journal nothing");
    return result.reply().getError().getMessage();
  }

  @Test
  void registersOnceAndRejectsASecondRegistration() {
    Profile p = registered();
    assertEquals("ada", p.botId());
    assertTrue(p.enabled());
    assertEquals(Mood.NEUTRAL, p.emotion().mood());
    String why = refused(r -> new Bot.Register(PERSONA, r));
    assertTrue(why.contains("already registered"), why);
  }

  @Test
  void rejectsEveryCommandToAnUnregisteredBotWithoutJournaling() {
    String why = refused(r -> new Bot.TakeStance("btc", 0.5, 0.5, "x", r));
    assertTrue(why.contains("unknown bot ada"), why);
    refused(Bot.GetProfile::new);
    refusedMemory(r -> new Bot.RecordMemory(MemoryType.FACT, "x", 0.5, r));
    assertInstanceOf(Bot.Unregistered.class, bot.getState());
  }

  @Test
  void rejectsAnInvalidPersona() {
    var bad = new Persona("", "x", null, null, List.of());
    String why = refused(r -> new Bot.Register(bad, r));
    assertTrue(why.contains("name is empty"), why);
    var badHandle = new Persona("Bo", "no spaces allowed", null, null, List.of());
    why = refused(r -> new Bot.Register(badHandle, r));
    assertTrue(why.contains("not a Telegram username"), why);
  }

  @Test
  void stanceCannotChangeSignBeforeItsCooldownEnds() {
    registered();
    var first = run(r -> new Bot.TakeStance("Bitcoin ", 0.6, 0.8, "halving", r));
    var changed = first.eventOfType(Bot.StanceChanged.class);
    assertEquals("bitcoin", changed.topic());
    assertNull(changed.previousPosition());
    assertEquals(T0.plus(Duration.ofHours(6)), changed.cooldownUntil());

    clock.advance(Duration.ofHours(1));
    String why = refused(r -> new Bot.TakeStance("bitcoin", -0.2, 0.5, "fear", r));
    assertTrue(
        why.contains("cannot change sign") && why.contains("cooldown ends at 2026-01-05T15:00:00Z"),
        why);

    // Same side: allowed, and the cooldown is not extended.
    var firmer = run(r -> new Bot.TakeStance("bitcoin", 0.9, 0.9, "ETF", r));
    assertEquals(
        T0.plus(Duration.ofHours(6)), firmer.eventOfType(Bot.StanceChanged.class).cooldownUntil());
    assertEquals(0.6, firmer.eventOfType(Bot.StanceChanged.class).previousPosition());

    clock.advance(Duration.ofHours(5));
    var flipped = run(r -> new Bot.TakeStance("bitcoin", -0.3, 0.4, "top is in", r));
    assertEquals(
        clock.instant().plus(Duration.ofHours(6)),
        flipped.eventOfType(Bot.StanceChanged.class).cooldownUntil());
    Stance stance = flipped.reply().getValue().stances().get("bitcoin");
    assertEquals(-0.3, stance.position());
    assertEquals("top is in", stance.rationale());
  }

  @Test
  void goingNeutralCountsAsAChangeOfSide() {
    registered();
    run(r -> new Bot.TakeStance("gold", 0.5, 0.5, "hedge", r));
    clock.advance(Duration.ofHours(7));
    run(r -> new Bot.TakeStance("gold", 0.0, 0.5, "unsure", r));
    clock.advance(Duration.ofMinutes(1));
    String why = refused(r -> new Bot.TakeStance("gold", -0.5, 0.5, "sell", r));
    assertTrue(why.contains("cannot change sign"), why);
  }

  @Test
  void rejectsStancesOutOfRange() {
    registered();
    assertTrue(refused(r -> new Bot.TakeStance("btc", 1.5, 0.5, "", r)).contains("[-1, 1]"));
    assertTrue(refused(r -> new Bot.TakeStance("btc", Double.NaN, 0.5, "", r)).contains("[-1, 1]"));
    assertTrue(refused(r -> new Bot.TakeStance("btc", 0.5, -0.1, "", r)).contains("confidence"));
    assertTrue(refused(r -> new Bot.TakeStance("  ", 0.5, 0.5, "", r)).contains("topic"));
  }

  @Test
  void holdingsAverageTheirCostAndNeverGoNegative() {
    registered();
    run(r -> new Bot.Trade("btc", new BigDecimal("2"), new BigDecimal("100"), r));
    var bought = run(r -> new Bot.Trade("BTC", new BigDecimal("2"), new BigDecimal("200"), r));
    Holding h = bought.reply().getValue().holdings().get("BTC");
    assertEquals(0, new BigDecimal("4").compareTo(h.quantity()));
    assertEquals(0, new BigDecimal("150").compareTo(h.averageCost()));

    String why = refused(r -> new Bot.Trade("BTC", new BigDecimal("-5"), new BigDecimal("300"), r));
    assertEquals("cannot sell 5 BTC: holds 4", why);

    var sold = run(r -> new Bot.Trade("BTC", new BigDecimal("-1"), new BigDecimal("300"), r));
    assertEquals(
        0,
        new BigDecimal("150")
            .compareTo(sold.reply().getValue().holdings().get("BTC").averageCost()));
    var event = sold.eventOfType(Bot.HoldingChanged.class);
    assertEquals(0, new BigDecimal("4").compareTo(event.previousQuantity()));

    var emptied = run(r -> new Bot.Trade("BTC", new BigDecimal("-3"), new BigDecimal("300"), r));
    assertFalse(emptied.reply().getValue().holdings().containsKey("BTC"));
    assertTrue(
        refused(r -> new Bot.Trade("BTC", BigDecimal.ZERO, BigDecimal.ONE, r)).contains("zero"));
    assertTrue(
        refused(r -> new Bot.Trade("not a ticker!", BigDecimal.ONE, BigDecimal.ONE, r))
            .contains("ticker"));
    assertTrue(
        refused(r -> new Bot.Trade("ETH", BigDecimal.ONE, new BigDecimal("-1"), r))
            .contains("price"));
  }

  @Test
  void memoriesAreCappedEvictingTheLeastValuableFirst() {
    registered();
    long low = remember(0.2).memoryId();
    remember(0.9);
    remember(0.5);
    var fourth =
        bot.<StatusReply<Bot.Recorded>>runCommand(
            r -> new Bot.RecordMemory(MemoryType.CONVERSATION, "four", 0.7, r));
    assertEquals(List.of(low), fourth.reply().getValue().evictedIds());
    assertEquals(2, fourth.events().size());
    Profile p = (Profile) fourth.state();
    assertEquals(3, p.memories().size());
    assertFalse(p.remembers(low));

    // An incoming memory less valuable than all the others is the one that goes.
    var weak =
        bot.<StatusReply<Bot.Recorded>>runCommand(
            r -> new Bot.RecordMemory(MemoryType.OBSERVATION, "meh", 0.1, r));
    assertEquals(List.of(weak.reply().getValue().memoryId()), weak.reply().getValue().evictedIds());
    assertEquals(3, ((Profile) weak.state()).memories().size());
  }

  @Test
  void recentlyTouchedMemoriesOutliveEquallyRelevantOnes() {
    registered();
    long a = remember(0.5).memoryId();
    clock.advance(Duration.ofMinutes(1));
    long b = remember(0.5).memoryId();
    clock.advance(Duration.ofMinutes(1));
    var touched = run(r -> new Bot.TouchMemories(List.of(a, 999L), r));
    assertEquals(List.of(a), touched.eventOfType(Bot.MemoriesAccessed.class).memoryIds());
    remember(0.5);
    clock.advance(Duration.ofMinutes(1));
    var fourth = remember(0.5);
    assertEquals(List.of(b), fourth.evictedIds());
  }

  @Test
  void rejectsMemoriesThatAreEmptyOrOutOfRange() {
    registered();
    assertTrue(
        refusedMemory(r -> new Bot.RecordMemory(MemoryType.FACT, " ", 0.5, r)).contains("empty"));
    assertTrue(
        refusedMemory(r -> new Bot.RecordMemory(MemoryType.FACT, "x", 1.2, r)).contains("[0, 1]"));
    assertTrue(refusedMemory(r -> new Bot.RecordMemory(null, "x", 0.5, r)).contains("type"));
    assertTrue(
        refusedMemory(r -> new Bot.RecordMemory(MemoryType.FACT, "x".repeat(4001), 0.5, r))
            .contains("longer"));
  }

  @Test
  void emotionDecaysBackToNeutral() {
    registered();
    run(r -> new Bot.FeelEmotion(Mood.EXCITED, 0.8, "pump", r));
    clock.advance(Duration.ofMinutes(30));
    var next = run(r -> new Bot.FeelEmotion(Mood.ANXIOUS, 0.6, "dump", r));
    var changed = next.eventOfType(Bot.EmotionChanged.class);
    assertEquals(Mood.EXCITED, changed.previousMood());
    assertEquals(0.4, changed.previousIntensity(), 1e-9);

    Emotion anxious = next.reply().getValue().emotion();
    assertEquals(
        0.3,
        anxious
            .at(clock.instant().plus(Duration.ofMinutes(30)), SETTINGS.emotionHalfLife())
            .intensity(),
        1e-9);
    // 0.6 falls below 0.05 after a little more than 3.5 half-lives.
    Emotion later =
        anxious.at(clock.instant().plus(Duration.ofMinutes(110)), SETTINGS.emotionHalfLife());
    assertEquals(Mood.NEUTRAL, later.mood());
    assertEquals(0.0, later.intensity());
    assertTrue(refused(r -> new Bot.FeelEmotion(Mood.SAD, 1.5, "x", r)).contains("[0, 1]"));
  }

  @Test
  void disablingIsJournaledOnceAndIdempotent() {
    registered();
    var off = run(r -> new Bot.SetEnabled(false, r));
    assertFalse(off.reply().getValue().enabled());
    assertEquals(1, off.events().size());
    assertTrue(run(r -> new Bot.SetEnabled(false, r)).hasNoEvents());
  }

  @Test
  void hearingAToneShiftsFeelingsAndNudgesMentionedStances() {
    registered();
    run(r -> new Bot.TakeStance("bitcoin", 0.5, 0.4, "halving", r));
    var heard = hear("Bob", "bitcoin is a scam and will crash", false);
    var memory = only(heard.events(), Bot.MemoryRecorded.class);
    assertEquals("Bob said: bitcoin is a scam and will crash", memory.content());
    // 0.3 base + 0.15 for one topic + 0.2 * |tone| (tone = (-0.9 - 0.8) / sqrt 2, capped at -1)
    assertEquals(0.65, memory.relevance(), 1e-9);
    var felt = only(heard.events(), Bot.EmotionChanged.class);
    assertEquals(Mood.ANGRY, felt.mood());
    assertEquals(0.5, felt.intensity(), 1e-9);
    var moved = only(heard.events(), Bot.StanceChanged.class);
    // 0.5 + 0.1 * -1 * (1 - 0.4 / 2) = 0.42
    assertEquals(0.42, moved.position(), 1e-9);
    assertEquals("halving", moved.rationale(), "a nudge keeps the reason the bot holds the stance");
  }

  @Test
  void hearingAnswersWithWhatTheMessageChangedNotTheProfile() {
    registered();
    run(r -> new Bot.TakeStance("bitcoin", 0.5, 0.4, "halving", r));
    var heard = hear("Bob", "bitcoin is a scam and will crash", false);
    Bot.Heard answer = heard.reply().getValue();
    long memoryId = only(heard.events(), Bot.MemoryRecorded.class).memoryId();
    assertEquals(
        new Bot.Heard(List.of(memoryId), List.of(), Optional.of(Mood.ANGRY), List.of("bitcoin")),
        answer);
    serialization.verifySerialization(answer, true);

    run(r -> new Bot.SetEnabled(false, r));
    var ignored = hear("Bob", "bitcoin is a scam and will crash", false);
    assertTrue(ignored.hasNoEvents());
    assertEquals(
        new Bot.Heard(List.of(), List.of(), Optional.empty(), List.of()),
        ignored.reply().getValue());
  }

  @Test
  void hearingNeverFlipsAStanceInsideItsCooldown() {
    registered();
    run(r -> new Bot.TakeStance("bitcoin", 0.05, 0.2, "meh", r));
    var heard = hear("Bob", "bitcoin crash, scam, fraud", false);
    assertTrue(heard.events().stream().noneMatch(e -> e instanceof Bot.StanceChanged));
    clock.advance(Duration.ofHours(7));
    var later = hear("Bob", "bitcoin crash, scam, fraud", false);
    assertTrue(only(later.events(), Bot.StanceChanged.class).position() < 0);
  }

  @Test
  void itsOwnWordsAreRememberedButNotFelt() {
    registered();
    var said = hear("ada", "what a great rally @ada_quant_bot", true);
    assertEquals(1, said.events().size());
    assertTrue(said.eventOfType(Bot.MemoryRecorded.class).content().startsWith("I said: "));
    assertTrue(rejection(hear("Bob", " ", false)).contains("empty"));
  }

  @Test
  void manyConversationsAreCondensedIntoAReflection() {
    var reflective =
        EventSourcedBehaviorTestKit.<Bot.Command, Bot.Event, Bot.State>create(
            testKit.system(),
            Bot.create(
                "sage",
                new BotSettings(
                    50,
                    4,
                    3,
                    Duration.ofHours(6),
                    Duration.ofMinutes(30),
                    100,
                    2,
                    true,
                    Duration.ofSeconds(3)),
                clock));
    reflective.<StatusReply<Profile>>runCommand(r -> new Bot.Register(PERSONA, r));
    for (int i = 1; i <= 4; i++) {
      int n = i;
      clock.advance(Duration.ofMinutes(1));
      reflective.<StatusReply<Bot.Heard>>runCommand(
          r -> new Bot.Hear("Bob", "gold gold talk number " + n, false, r));
    }
    clock.advance(Duration.ofMinutes(1));
    var fifth =
        reflective.<StatusReply<Bot.Heard>>runCommand(
            r -> new Bot.Hear("Bob", "gold again, fifth time", false, r));
    Profile p = (Profile) fifth.state();
    List<Memory> reflections =
        p.memories().stream().filter(m -> m.type() == MemoryType.REFLECTION).toList();
    assertEquals(1, reflections.size());
    assertTrue(
        fifth.reply().getValue().remembered().contains(reflections.get(0).id()),
        "the answer names the reflection it made");
    assertTrue(
        reflections.get(0).content().startsWith("Looking back on 3 conversations")
            && reflections.get(0).content().contains("mostly about gold"),
        reflections.get(0).content());
    assertEquals(2, p.memories().stream().filter(m -> m.type() == MemoryType.CONVERSATION).count());
  }

  // --- declared specs ---------------------------------------------------------------------------

  static final Persona RICH_PERSONA =
      new Persona(
          "Ada the Quant",
          "ada_quant_bot",
          "Counts everything.",
          List.of("Grew up above a bakery in Lisbon."),
          "terse",
          List.of("precise", "dry"),
          List.of("bitcoin", "gold"),
          "pt-BR",
          List.of("Numbers first. Opinions later."));

  static BotSpec spec(Persona persona) {
    return new BotSpec(
        persona,
        true,
        "env:ADA_TOKEN",
        Mood.EXCITED,
        0.8,
        Map.of(
            "Bitcoin", new BotSpec.StanceSpec(0.5, 0.4), "gold", new BotSpec.StanceSpec(-0.2, 0.9)),
        Map.of("btc", new BotSpec.HoldingSpec(new BigDecimal("1.50"), new BigDecimal("30000"))),
        List.of(new BotSpec.MemorySpec(MemoryType.FACT, "I grew up in Lisbon.", 0.9)));
  }

  private CommandResultWithReply<Bot.Command, Bot.Event, Bot.State, StatusReply<Bot.SpecApplied>>
      apply(BotSpec spec, boolean dryRun) {
    return bot.runCommand(r -> new Bot.ApplySpec(spec, dryRun, r));
  }

  private static List<Class<?>> types(List<Bot.Event> events) {
    return events.stream().<Class<?>>map(Object::getClass).toList();
  }

  private Bot.BotDescription described() {
    return bot.<StatusReply<Bot.BotDescription>>runCommand(Bot.Describe::new).reply().getValue();
  }

  @Test
  void applyingASpecToAnUnknownBotRegistersItThenJournalsTheRestInOrder() {
    var result = apply(spec(RICH_PERSONA), false);
    List<Bot.Event> changes = result.reply().getValue().changes();
    assertEquals(changes, result.events(), "the reply names exactly what was journaled");
    assertEquals(
        List.of(
            Bot.BotRegistered.class,
            Bot.TokenRefChanged.class,
            Bot.EmotionSet.class,
            Bot.StanceSet.class,
            Bot.StanceSet.class,
            Bot.HoldingSet.class,
            Bot.MemorySeeded.class),
        types(changes));
    assertEquals("bitcoin", ((Bot.StanceSet) changes.get(3)).topic());
    assertEquals("BTC", ((Bot.HoldingSet) changes.get(5)).symbol());

    Profile p = (Profile) result.state();
    assertEquals(RICH_PERSONA, p.persona());
    assertEquals("env:ADA_TOKEN", p.tokenRef());
    assertEquals(new Emotion(Mood.EXCITED, 0.8, T0), p.emotion());
    assertEquals(0.5, p.stances().get("bitcoin").position());
    assertEquals(T0.plus(Duration.ofHours(6)), p.stances().get("bitcoin").cooldownUntil());
    assertEquals(0, new BigDecimal("1.5").compareTo(p.holdings().get("BTC").quantity()));
    assertEquals("I grew up in Lisbon.", p.memories().get(0).content());
    assertEquals(spec(RICH_PERSONA).normalised(), p.declared());

    var description = described();
    assertEquals(Bot.BotDescription.Status.ACTIVE, description.status());
    assertEquals(Optional.of(p.declared()), description.declared());
    serialization.verifySerialization(result.reply().getValue(), true);
    serialization.verifySerialization(description, true);
  }

  @Test
  void aDryRunJournalsNothingAndAnswersWhatTheApplyThenJournals() {
    registered();
    var dry = apply(spec(RICH_PERSONA), true);
    assertTrue(dry.hasNoEvents());
    assertEquals(PERSONA, ((Profile) dry.state()).persona());
    var wet = apply(spec(RICH_PERSONA), false);
    assertEquals(dry.reply().getValue().changes(), wet.events());
    assertEquals(
        List.of(
            Bot.PersonaChanged.class,
            Bot.TokenRefChanged.class,
            Bot.EmotionSet.class,
            Bot.StanceSet.class,
            Bot.StanceSet.class,
            Bot.HoldingSet.class,
            Bot.MemorySeeded.class),
        types(wet.events()));
    var changed = only(wet.events(), Bot.PersonaChanged.class);
    assertEquals(PERSONA, changed.previous());
    assertEquals(RICH_PERSONA, changed.persona());
  }

  @Test
  void aSecondApplyOfTheSameSpecJournalsNothingAfterTheBotHasDrifted() {
    apply(spec(RICH_PERSONA), false);
    clock.advance(Duration.ofHours(7));
    var heard = hear("Bob", "bitcoin is a scam and will crash", false);
    Profile drifted = (Profile) heard.state();
    assertEquals(0.42, drifted.stances().get("bitcoin").position(), 1e-9);
    assertEquals(Mood.ANGRY, drifted.emotion().mood());
    clock.advance(Duration.ofHours(2));

    var again = apply(spec(RICH_PERSONA), false);
    assertTrue(again.hasNoEvents(), "journaled " + again.events());
    assertEquals(List.of(), again.reply().getValue().changes());
    assertTrue(apply(spec(RICH_PERSONA), true).reply().getValue().changes().isEmpty());
  }

  @Test
  void aChangedSpecJournalsOnlyWhatChangedAndTheNextProfileUsesTheNewPersona() {
    apply(spec(RICH_PERSONA), false);
    clock.advance(Duration.ofMinutes(5));
    var bio =
        new Persona(
            RICH_PERSONA.name(),
            RICH_PERSONA.handle(),
            "Counts everything twice.",
            RICH_PERSONA.lore(),
            "long-winded",
            RICH_PERSONA.adjectives(),
            RICH_PERSONA.interests(),
            "en",
            List.of("Let me walk you through the numbers."));
    var next =
        new BotSpec(
            bio,
            false,
            "env:ADA_TOKEN",
            Mood.EXCITED,
            0.8,
            Map.of("bitcoin", new BotSpec.StanceSpec(0.5, 0.4)),
            Map.of("BTC", new BotSpec.HoldingSpec(BigDecimal.ZERO, BigDecimal.ZERO)),
            List.of(
                new BotSpec.MemorySpec(MemoryType.OBSERVATION, "Gold shines in a crisis.", 0.6)));
    var result = apply(next, false);
    assertEquals(
        List.of(
            Bot.PersonaChanged.class,
            Bot.EnabledChanged.class,
            Bot.StanceSet.class,
            Bot.HoldingSet.class,
            Bot.MemorySeeded.class,
            Bot.SeedMemoriesDeclared.class),
        types(result.events()));
    var withdrawn = only(result.events(), Bot.StanceSet.class);
    assertEquals("gold", withdrawn.topic());
    assertEquals(-0.2, withdrawn.previousPosition());
    assertNull(withdrawn.position());
    var sold = only(result.events(), Bot.HoldingSet.class);
    assertEquals(0, new BigDecimal("1.5").compareTo(sold.previousQuantity()));
    assertEquals(0, sold.quantity().signum());

    Profile p = run(Bot.GetProfile::new).reply().getValue();
    assertEquals(bio, p.persona());
    assertEquals("Counts everything twice.", p.persona().bio());
    assertFalse(p.enabled());
    assertFalse(p.stances().containsKey("gold"));
    assertTrue(p.holdings().isEmpty());
    assertEquals(
        List.of("I grew up in Lisbon.", "Gold shines in a crisis."),
        p.memories().stream().map(Memory::content).toList(),
        "a seed dropped from the spec is not forgotten");
    assertEquals(next.normalised(), p.declared(), "the dropped seed is no longer declared");
    assertTrue(apply(next, false).hasNoEvents());
  }

  @Test
  void theOperatorsStanceOverridesTheCooldownAndStartsANewOne() {
    registered();
    run(r -> new Bot.TakeStance("bitcoin", 0.6, 0.8, "halving", r));
    clock.advance(Duration.ofHours(1));
    var flip =
        new BotSpec(
            PERSONA,
            true,
            null,
            Mood.NEUTRAL,
            0,
            Map.of("bitcoin", new BotSpec.StanceSpec(-0.5, 0.7)),
            Map.of(),
            List.of());
    var set = only(apply(flip, false).events(), Bot.StanceSet.class);
    assertEquals(0.6, set.previousPosition());
    assertEquals(0.8, set.previousConfidence());
    assertEquals(clock.instant().plus(Duration.ofHours(6)), set.cooldownUntil());
    Stance live = ((Profile) bot.getState()).stances().get("bitcoin");
    assertEquals(-0.5, live.position());
    assertNull(live.rationale(), "the old reason argued for the other side");
    assertTrue(
        refused(r -> new Bot.TakeStance("bitcoin", 0.3, 0.5, "back", r))
            .contains("cannot change sign"));
  }

  @Test
  void aSeedIsRememberedOnceEvenAfterItWasEvicted() {
    var seeds =
        new BotSpec(
            PERSONA,
            true,
            null,
            Mood.NEUTRAL,
            0,
            Map.of(),
            Map.of(),
            List.of(new BotSpec.MemorySpec(MemoryType.FACT, "seed", 0.1)));
    long seedId = only(apply(seeds, false).events(), Bot.MemorySeeded.class).memoryId();
    remember(0.5);
    remember(0.6);
    assertEquals(List.of(seedId), remember(0.7).evictedIds());
    assertTrue(apply(seeds, false).hasNoEvents(), "an evicted seed is not seeded again");

    var dropped = seeds.withMemories(List.of());
    assertEquals(List.of(Bot.SeedMemoriesDeclared.class), types(apply(dropped, false).events()));
    var readded =
        apply(
            seeds.withMemories(List.of(new BotSpec.MemorySpec(MemoryType.FACT, "seed", 0.8))),
            false);
    assertEquals(List.of(Bot.SeedMemoriesDeclared.class), types(readded.events()));
    assertEquals(0.8, ((Profile) readded.state()).declared().memories().get(0).relevance());
  }

  @Test
  void seedingOverTheCapEvictsTheLeastValuable() {
    registered();
    long low = remember(0.2).memoryId();
    remember(0.9);
    remember(0.5);
    var seeds =
        new BotSpec(
            PERSONA,
            true,
            null,
            Mood.NEUTRAL,
            0,
            Map.of(),
            Map.of(),
            List.of(new BotSpec.MemorySpec(MemoryType.FACT, "seed", 0.8)));
    var result = apply(seeds, false);
    assertEquals(List.of(Bot.MemorySeeded.class, Bot.MemoryEvicted.class), types(result.events()));
    assertEquals(low, only(result.events(), Bot.MemoryEvicted.class).memoryId());
  }

  @Test
  void rejectsAnInvalidSpecWithoutJournaling() {
    var badStance =
        new BotSpec(
            PERSONA,
            true,
            null,
            Mood.NEUTRAL,
            0,
            Map.of("gold", new BotSpec.StanceSpec(1.4, 0.5)),
            Map.of(),
            List.of());
    assertEquals(
        "stance on 'gold': position 1.4 is not in [-1, 1]",
        rejection(
            bot.<StatusReply<Bot.SpecApplied>>runCommand(
                r -> new Bot.ApplySpec(badStance, false, r))));
    var badToken = spec(RICH_PERSONA).withTokenRef("123456:secret");
    assertTrue(
        rejection(
                bot.<StatusReply<Bot.SpecApplied>>runCommand(
                    r -> new Bot.ApplySpec(badToken, true, r)))
            .contains("not env:NAME or file:KEY"));
    var badLanguage =
        spec(
            new Persona(
                "Ada",
                "ada_quant_bot",
                "",
                List.of(),
                "",
                List.of(),
                List.of(),
                "English",
                List.of()));
    assertTrue(
        rejection(
                bot.<StatusReply<Bot.SpecApplied>>runCommand(
                    r -> new Bot.ApplySpec(badLanguage, false, r)))
            .contains("not a language tag"));
    var twice =
        spec(RICH_PERSONA)
            .withStances(
                Map.of(
                    "Gold",
                    new BotSpec.StanceSpec(0.1, 0.1),
                    "gold ",
                    new BotSpec.StanceSpec(0.2, 0.2)));
    assertTrue(
        rejection(
                bot.<StatusReply<Bot.SpecApplied>>runCommand(
                    r -> new Bot.ApplySpec(twice, false, r)))
            .contains("given twice"));
    assertInstanceOf(Bot.Unregistered.class, bot.getState());
  }

  @Test
  void aRemovedBotRefusesEverythingButDescribeAndApplySpec() {
    apply(spec(RICH_PERSONA), false);
    var removed = bot.<StatusReply<Bot.SpecApplied>>runCommand(Bot.Remove::new);
    assertEquals(List.of(Bot.BotRemoved.class), types(removed.events()));
    assertEquals(removed.events(), removed.reply().getValue().changes());
    assertInstanceOf(Bot.Removed.class, removed.state());

    assertEquals("bot ada was removed", refused(Bot.GetProfile::new));
    assertEquals("bot ada was removed", rejection(hear("Bob", "hi", false)));
    assertEquals("bot ada was removed", refused(r -> new Bot.Register(PERSONA, r)));
    assertTrue(
        bot.<StatusReply<Bot.SpecApplied>>runCommand(Bot.Remove::new).hasNoEvents(),
        "removing twice changes nothing");
    var description = described();
    assertEquals(Bot.BotDescription.Status.REMOVED, description.status());
    assertTrue(description.profile().isEmpty());
    serialization.verifySerialization(description, true);
  }

  @Test
  void applyingASpecToARemovedBotRegistersItAgain() {
    apply(spec(RICH_PERSONA), false);
    bot.<StatusReply<Bot.SpecApplied>>runCommand(Bot.Remove::new);
    clock.advance(Duration.ofDays(1));
    var back = apply(spec(RICH_PERSONA), false);
    assertEquals(Bot.BotRegistered.class, back.events().get(0).getClass());
    assertEquals(back.events().get(0), back.reply().getValue().changes().get(0));
    Profile p = (Profile) back.state();
    assertEquals(clock.instant(), p.registeredAt());
    // The old seed is the bot's past life: the new one is seeded again, under a new memory id.
    assertEquals(1, p.memories().size());
    assertEquals(2, only(back.events(), Bot.MemorySeeded.class).memoryId());
  }

  @Test
  void describesAnUnknownBotWithoutRegisteringIt() {
    var description = described();
    assertEquals(
        new Bot.BotDescription(
            "ada", Bot.BotDescription.Status.UNKNOWN, Optional.empty(), Optional.empty()),
        description);
    assertInstanceOf(Bot.Unregistered.class, bot.getState());
    assertTrue(
        rejection(bot.<StatusReply<Bot.SpecApplied>>runCommand(Bot.Remove::new))
            .contains("unknown bot ada"));
  }

  @Test
  void aSpecEnablesABotThatACommandDisabled() {
    registered();
    run(r -> new Bot.SetEnabled(false, r));
    var enable = BotSpec.of(PERSONA);
    assertEquals(List.of(Bot.EnabledChanged.class), types(apply(enable, false).events()));
    assertTrue(((Profile) bot.getState()).enabled());
  }

  private static <T> T only(List<Bot.Event> events, Class<T> type) {
    List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + events);
    return found.get(0);
  }

  private Bot.Recorded remember(double relevance) {
    return bot.<StatusReply<Bot.Recorded>>runCommand(
            r -> new Bot.RecordMemory(MemoryType.CONVERSATION, "about " + relevance, relevance, r))
        .reply()
        .getValue();
  }
}
