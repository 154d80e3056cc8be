package io.botswarm.bot;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.SnapshotSelectionCriteria;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.Recovery;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.botswarm.bot.Bot.BotDescription.Status;
import io.botswarm.bot.BotSpec.MemorySpec;
import io.botswarm.metrics.SwarmMetrics;
import io.botswarm.serialization.JsonSerializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A persona bot: a cluster-sharded, event-sourced entity whose persona, emotion, stances, holdings
 * and memories live in memory and whose every change is an event in the journal.
 *
 * <p>Protocol: a bot starts {@link Unregistered}; {@link Register} or {@link ApplySpec} makes it a
 * {@link Profile}; {@link Remove} makes it {@link Removed}, from where only {@link ApplySpec}
 * brings it back (registered anew). {@link Describe} is answered in every state; every other
 * command needs a registered bot. Each command is answered with a {@link StatusReply}: success
 * carries the new {@link Profile} (or {@link Recorded} for a memory, {@link Heard} for a message,
 * {@link SpecApplied} for a spec); an error carries the reason and nothing is journaled. Rules kept
 * here: a stance does not change sign before its cooldown ends (unless the operator sets it),
 * holdings never go negative, memories are capped (the least valuable is evicted), a seed memory is
 * remembered once.
 */
public final class Bot
    extends EventSourcedBehaviorWithEnforcedReplies<Bot.Command, Bot.Event, Bot.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Bot");

  /** Events are tagged into this many slices so that projections can read them in parallel. */
  public static final int TAG_SLICES = 8;

  public static final List<String> TAGS =
      IntStream.range(0, TAG_SLICES).mapToObj(i -> "bot-" + i).toList();

  static final int MAX_TOPIC = 64;
  static final int MAX_RATIONALE = 500;
  static final int MAX_CAUSE = 200;
  static final int MAX_MEMORY = 4000;
  static final int MAX_SYMBOL = 12;
  static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\-]{0," + (MAX_SYMBOL - 1) + "}");

  // --- commands ---------------------------------------------------------------------------------

  public sealed interface Command extends JsonSerializable
      permits Register,
          SetEnabled,
          FeelEmotion,
          TakeStance,
          Trade,
          RecordMemory,
          TouchMemories,
          Hear,
          GetProfile,
          ApplySpec,
          Remove,
          Describe {}

  public record Register(Persona persona, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  public record SetEnabled(boolean enabled, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** Feel {@code mood} at {@code intensity} in [0, 1], because of {@code cause}. */
  public record FeelEmotion(
      Mood mood, double intensity, String cause, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** Take a position in [-1, 1] on a topic with a confidence in [0, 1]. */
  public record TakeStance(
      String topic,
      double position,
      double confidence,
      String rationale,
      ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** Buy (positive quantity) or sell (negative quantity) a symbol at a unit price. */
  public record Trade(
      String symbol, BigDecimal quantity, BigDecimal price, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  public record RecordMemory(
      MemoryType type, String content, double relevance, ActorRef<StatusReply<Recorded>> replyTo)
      implements Command {}

  /** Mark memories as just used, which keeps them from being evicted as stale. */
  public record TouchMemories(List<Long> memoryIds, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {
    public TouchMemories {
      memoryIds = List.copyOf(memoryIds);
    }
  }

  /**
   * Take in a chat message: {@code speaker} said {@code text} ({@code ownMessage}: the bot itself
   * said it). Remembered, felt, and weighed against the bot's stances ({@link Impressions}).
   */
  public record Hear(
      String speaker, String text, boolean ownMessage, ActorRef<StatusReply<Heard>> replyTo)
      implements Command {}

  public record GetProfile(ActorRef<StatusReply<Profile>> replyTo) implements Command {
    @JsonCreator
    public GetProfile {}
  }

  /**
   * Make the bot what {@code spec} declares, registering it if it is unknown or removed ({@link
   * BotSpecs#changes}). A dry run answers with the events an apply would journal, and journals
   * nothing.
   */
  public record ApplySpec(BotSpec spec, boolean dryRun, ActorRef<StatusReply<SpecApplied>> replyTo)
      implements Command {}

  /** Take the bot out of the swarm; its journal is kept, and {@link ApplySpec} brings it back. */
  public record Remove(ActorRef<StatusReply<SpecApplied>> replyTo) implements Command {
    @JsonCreator
    public Remove {}
  }

  public record Describe(ActorRef<StatusReply<BotDescription>> replyTo) implements Command {
    @JsonCreator
    public Describe {}
  }

  /**
   * The events a spec (or a removal) journaled, or would journal; empty for no change. Each event
   * is named by {@code @type} in JSON (memory events have a {@code type} of their own), since the
   * reply may cross nodes.
   */
  public record SpecApplied(
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
          @JsonSubTypes({
            @JsonSubTypes.Type(BotRegistered.class),
            @JsonSubTypes.Type(EnabledChanged.class),
            @JsonSubTypes.Type(EmotionChanged.class),
            @JsonSubTypes.Type(StanceChanged.class),
            @JsonSubTypes.Type(HoldingChanged.class),
            @JsonSubTypes.Type(MemoryRecorded.class),
            @JsonSubTypes.Type(MemoryEvicted.class),
            @JsonSubTypes.Type(MemoriesAccessed.class),
            @JsonSubTypes.Type(PersonaChanged.class),
            @JsonSubTypes.Type(TokenRefChanged.class),
            @JsonSubTypes.Type(EmotionSet.class),
            @JsonSubTypes.Type(StanceSet.class),
            @JsonSubTypes.Type(HoldingSet.class),
            @JsonSubTypes.Type(MemorySeeded.class),
            @JsonSubTypes.Type(SeedMemoriesDeclared.class),
            @JsonSubTypes.Type(BotRemoved.class)
          })
          List<Event> changes)
      implements JsonSerializable {
    @JsonCreator
    public SpecApplied {
      changes = List.copyOf(changes);
    }
  }

  /**
   * A bot as the operator sees it, in any state.
   *
   * @param declared what the last apply declared; empty unless {@link Status#ACTIVE}
   * @param profile the live state; empty unless {@link Status#ACTIVE}
   */
  public record BotDescription(
      String botId, Status status, Optional<BotSpec> declared, Optional<Profile> profile)
      implements JsonSerializable {
    public enum Status {
      UNKNOWN,
      ACTIVE,
      REMOVED
    }
  }

  /** The answer to {@link RecordMemory}: the new memory's id and what had to go to make room. */
  public record Recorded(long memoryId, List<Long> evictedIds) implements JsonSerializable {}

  /**
   * The answer to {@link Hear}: what the message changed, not the whole profile (every member hears
   * every message of its chats, often on another node). All empty when the bot is disabled.
   *
   * @param remembered the memories it made (the message; a reflection when one was due)
   * @param evicted the memories that had to go to make room
   * @param felt the mood the message stirred, when it was felt
   * @param stancesMoved the topics whose stance it nudged
   */
  public record Heard(
      List<Long> remembered, List<Long> evicted, Optional<Mood> felt, List<String> stancesMoved)
      implements JsonSerializable {
    public Heard {
      remembered = List.copyOf(remembered);
      evicted = List.copyOf(evicted);
      stancesMoved = List.copyOf(stancesMoved);
    }

    static final Heard NOTHING = new Heard(List.of(), List.of(), Optional.empty(), List.of());

    static Heard of(List<Event> events) {
      List<Long> remembered = new ArrayList<>();
      List<Long> evicted = new ArrayList<>();
      Optional<Mood> felt = Optional.empty();
      List<String> moved = new ArrayList<>();
      for (Event e : events) {
        if (e instanceof MemoryRecorded m) remembered.add(m.memoryId());
        else if (e instanceof MemoryEvicted m) evicted.add(m.memoryId());
        else if (e instanceof EmotionChanged m) felt = Optional.of(m.mood());
        else if (e instanceof StanceChanged m) moved.add(m.topic());
      }
      return new Heard(remembered, evicted, felt, moved);
    }
  }

  // --- events (schema: see JsonSerializable before changing one) --------------------------------

  public sealed interface Event extends JsonSerializable
      permits BotRegistered,
          EnabledChanged,
          EmotionChanged,
          StanceChanged,
          HoldingChanged,
          MemoryRecorded,
          MemoryEvicted,
          MemoriesAccessed,
          PersonaChanged,
          TokenRefChanged,
          EmotionSet,
          StanceSet,
          HoldingSet,
          MemorySeeded,
          SeedMemoriesDeclared,
          BotRemoved {
    String botId();

    Instant at();
  }

  public record BotRegistered(String botId, Persona persona, Instant at) implements Event {}

  public record EnabledChanged(String botId, boolean enabled, Instant at) implements Event {}

  /** The previous feeling is given as it was at {@code at}, after its decay. */
  public record EmotionChanged(
      String botId,
      Mood previousMood,
      double previousIntensity,
      Mood mood,
      double intensity,
      String cause,
      Instant at)
      implements Event {}

  /** {@code previousPosition} is null for a topic the bot had no stance on. */
  public record StanceChanged(
      String botId,
      String topic,
      Double previousPosition,
      double position,
      double confidence,
      String rationale,
      Instant cooldownUntil,
      Instant at)
      implements Event {}

  /** A quantity of zero means the holding is gone. */
  public record HoldingChanged(
      String botId,
      String symbol,
      BigDecimal previousQuantity,
      BigDecimal quantity,
      BigDecimal price,
      BigDecimal averageCost,
      Instant at)
      implements Event {}

  /**
   * Version 2: {@code relevance} was {@code score} in version 1 ({@link MemoryRecordedMigration}).
   */
  public record MemoryRecorded(
      String botId, long memoryId, MemoryType type, String content, double relevance, Instant at)
      implements Event {}

  public record MemoryEvicted(String botId, long memoryId, double relevance, Instant at)
      implements Event {}

  public record MemoriesAccessed(String botId, List<Long> memoryIds, Instant at) implements Event {
    public MemoriesAccessed {
      memoryIds = List.copyOf(memoryIds);
    }
  }

  /** The operator gave the bot a new persona (the events below are the operator's, by a spec). */
  public record PersonaChanged(String botId, Persona previous, Persona persona, Instant at)
      implements Event {}

  /** {@code tokenRef}: {@code env:NAME}, {@code file:KEY}, or null for the lookup by bot id. */
  public record TokenRefChanged(String botId, String previous, String tokenRef, Instant at)
      implements Event {}

  /** The declared feeling, felt from {@code at}; the previous one as it was then, decayed. */
  public record EmotionSet(
      String botId,
      Mood previousMood,
      double previousIntensity,
      Mood mood,
      double intensity,
      Instant at)
      implements Event {}

  /**
   * A stance set whatever its cooldown; a null {@code position} withdraws it (confidence and
   * cooldown are null then too). Previous values are null for a topic the bot had no stance on.
   */
  public record StanceSet(
      String botId,
      String topic,
      Double previousPosition,
      Double previousConfidence,
      Double position,
      Double confidence,
      Instant cooldownUntil,
      Instant at)
      implements Event {}

  /** A holding set outright; a quantity of zero means the holding is gone. */
  public record HoldingSet(
      String botId,
      String symbol,
      BigDecimal previousQuantity,
      BigDecimal previousAverageCost,
      BigDecimal quantity,
      BigDecimal averageCost,
      Instant at)
      implements Event {}

  /** A seed memory remembered; never twice for the same type and content. */
  public record MemorySeeded(
      String botId, long memoryId, MemoryType type, String content, double relevance, Instant at)
      implements Event {}

  /**
   * The declared seed list changed without a new seed: seeds dropped (the bot still remembers
   * them), re-declared or given another relevance.
   */
  public record SeedMemoriesDeclared(
      String botId, List<MemorySpec> previous, List<MemorySpec> memories, Instant at)
      implements Event {
    public SeedMemoriesDeclared {
      previous = List.copyOf(previous);
      memories = List.copyOf(memories);
    }
  }

  public record BotRemoved(String botId, Instant at) implements Event {}

  // --- state ------------------------------------------------------------------------------------

  public sealed interface State extends JsonSerializable permits Unregistered, Profile, Removed {}

  /** A bot nobody has registered yet: it accepts {@link Register} only. */
  public enum Unregistered implements State {
    INSTANCE
  }

  /**
   * A bot the operator removed: it accepts {@link ApplySpec} (which registers it anew) and {@link
   * Describe} only. Memory ids go on from {@code nextMemoryId}, so they stay unique in the journal.
   */
  public record Removed(String botId, long nextMemoryId, Instant removedAt) implements State {}

  // --- behavior ---------------------------------------------------------------------------------

  public static void init(ActorSystem<?> system) {
    BotSettings settings = BotSettings.create(system);
    Clock clock = Clock.systemUTC();
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, clock)));
  }

  public static Behavior<Command> create(String botId, BotSettings settings, Clock clock) {
    return Behaviors.setup(ctx -> new Bot(botId, settings, clock));
  }

  public static PersistenceId persistenceId(String botId) {
    return PersistenceId.of(ENTITY_KEY.name(), botId);
  }

  /** The tag of a bot's events: its slice, stable across restarts ({@code String.hashCode}). */
  public static String tagFor(String botId) {
    return TAGS.get(Math.floorMod(botId.hashCode(), TAG_SLICES));
  }

  private final String botId;
  private final BotSettings settings;
  private final Clock clock;

  private Bot(String botId, BotSettings settings, Clock clock) {
    super(
        persistenceId(botId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.botId = botId;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return Unregistered.INSTANCE;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return settings.snapshotEvery() > 0
        ? RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots())
        : RetentionCriteria.disabled();
  }

  @Override
  public Recovery recovery() {
    return settings.recoverFromSnapshots()
        ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.latest())
        : Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(tagFor(botId));
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Unregistered.class)
        .onCommand(Register.class, this::onRegister)
        .onCommand(SetEnabled.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(FeelEmotion.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(TakeStance.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(Trade.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(RecordMemory.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(TouchMemories.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(Hear.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(GetProfile.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(ApplySpec.class, this::onApplySpec)
        .onCommand(Remove.class, (state, cmd) -> unknown(cmd.replyTo()))
        .onCommand(Describe.class, (state, cmd) -> described(cmd, Status.UNKNOWN, null));
    builder
        .forStateType(Profile.class)
        .onCommand(
            Register.class,
            (state, cmd) -> reject(cmd.replyTo(), "bot " + botId + " is already registered"))
        .onCommand(SetEnabled.class, this::onSetEnabled)
        .onCommand(FeelEmotion.class, this::onFeelEmotion)
        .onCommand(TakeStance.class, this::onTakeStance)
        .onCommand(Trade.class, this::onTrade)
        .onCommand(RecordMemory.class, this::onRecordMemory)
        .onCommand(TouchMemories.class, this::onTouchMemories)
        .onCommand(Hear.class, this::onHear)
        .onCommand(GetProfile.class, (state, cmd) -> Effect().reply(cmd.replyTo(), ok(state)))
        .onCommand(ApplySpec.class, this::onApplySpec)
        .onCommand(Remove.class, this::onRemove)
        .onCommand(Describe.class, (state, cmd) -> described(cmd, Status.ACTIVE, state));
    builder
        .forStateType(Removed.class)
        .onCommand(ApplySpec.class, this::onApplySpec)
        // Removing twice changes nothing: a second prune finishes without error.
        .onCommand(
            Remove.class,
            (state, cmd) ->
                Effect().reply(cmd.replyTo(), StatusReply.success(new SpecApplied(List.of()))))
        .onCommand(Describe.class, (state, cmd) -> described(cmd, Status.REMOVED, null))
        .onCommand(Register.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(SetEnabled.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(FeelEmotion.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(TakeStance.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(Trade.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(RecordMemory.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(TouchMemories.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(Hear.class, (state, cmd) -> removed(cmd.replyTo()))
        .onCommand(GetProfile.class, (state, cmd) -> removed(cmd.replyTo()));
    return builder.build();
  }

  private ReplyEffect<Event, State> onRegister(Unregistered state, Register cmd) {
    var problem =
        cmd.persona() == null ? Optional.of("persona is missing") : cmd.persona().problem();
    if (problem.isPresent()) return reject(cmd.replyTo(), problem.get());
    return persistThenReply(
        new BotRegistered(botId, cmd.persona(), clock.instant()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onSetEnabled(Profile state, SetEnabled cmd) {
    if (state.enabled() == cmd.enabled()) return Effect().reply(cmd.replyTo(), ok(state));
    return persistThenReply(
        new EnabledChanged(botId, cmd.enabled(), clock.instant()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onFeelEmotion(Profile state, FeelEmotion cmd) {
    if (cmd.mood() == null) return reject(cmd.replyTo(), "mood is missing");
    if (!inRange(cmd.intensity(), 0, 1))
      return reject(cmd.replyTo(), "intensity " + cmd.intensity() + " is not in [0, 1]");
    if (cmd.cause() != null && cmd.cause().length() > MAX_CAUSE)
      return reject(cmd.replyTo(), "cause is longer than " + MAX_CAUSE + " characters");
    Instant now = clock.instant();
    Emotion before = state.emotion().at(now, settings.emotionHalfLife());
    double intensity = cmd.mood() == Mood.NEUTRAL ? 0.0 : cmd.intensity();
    return persistThenReply(
        new EmotionChanged(
            botId, before.mood(), before.intensity(), cmd.mood(), intensity, cmd.cause(), now),
        cmd.replyTo());
  }

  private ReplyEffect<Event, State> onTakeStance(Profile state, TakeStance cmd) {
    String topic = cmd.topic() == null ? "" : cmd.topic().strip().toLowerCase();
    if (topic.isEmpty() || topic.length() > MAX_TOPIC)
      return reject(cmd.replyTo(), "topic must have 1 to " + MAX_TOPIC + " characters");
    if (!inRange(cmd.position(), -1, 1))
      return reject(cmd.replyTo(), "position " + cmd.position() + " is not in [-1, 1]");
    if (!inRange(cmd.confidence(), 0, 1))
      return reject(cmd.replyTo(), "confidence " + cmd.confidence() + " is not in [0, 1]");
    if (cmd.rationale() != null && cmd.rationale().length() > MAX_RATIONALE)
      return reject(cmd.replyTo(), "rationale is longer than " + MAX_RATIONALE + " characters");
    Instant now = clock.instant();
    Stance current = state.stances().get(topic);
    Instant cooldownUntil;
    if (current == null) {
      cooldownUntil = now.plus(settings.stanceCooldown());
    } else if (current.flipsTo(cmd.position())) {
      if (now.isBefore(current.cooldownUntil()))
        return reject(
            cmd.replyTo(),
            String.format(
                "stance on '%s' cannot change sign from %+.2f to %+.2f before its cooldown ends at %s",
                topic, current.position(), cmd.position(), current.cooldownUntil()));
      cooldownUntil = now.plus(settings.stanceCooldown());
    } else {
      cooldownUntil = current.cooldownUntil();
    }
    return persistThenReply(
        new StanceChanged(
            botId,
            topic,
            current == null ? null : current.position(),
            cmd.position(),
            cmd.confidence(),
            cmd.rationale(),
            cooldownUntil,
            now),
        cmd.replyTo());
  }

  private ReplyEffect<Event, State> onTrade(Profile state, Trade cmd) {
    String symbol = cmd.symbol() == null ? "" : cmd.symbol().strip().toUpperCase();
    if (!SYMBOL.matcher(symbol).matches())
      return reject(cmd.replyTo(), "symbol '" + cmd.symbol() + "' is not a ticker");
    if (cmd.quantity() == null || cmd.quantity().signum() == 0)
      return reject(cmd.replyTo(), "quantity must not be zero");
    if (cmd.price() == null || cmd.price().signum() < 0)
      return reject(cmd.replyTo(), "price must be zero or more");
    Holding current = state.holdings().get(symbol);
    BigDecimal before = current == null ? BigDecimal.ZERO : current.quantity();
    BigDecimal after = before.add(cmd.quantity());
    if (after.signum() < 0)
      return reject(
          cmd.replyTo(),
          "cannot sell "
              + cmd.quantity().negate().toPlainString()
              + " "
              + symbol
              + ": holds "
              + before.toPlainString());
    BigDecimal averageCost = Profile.averageCostAfter(current, cmd.quantity(), cmd.price(), after);
    return persistThenReply(
        new HoldingChanged(botId, symbol, before, after, cmd.price(), averageCost, clock.instant()),
        cmd.replyTo());
  }

  private ReplyEffect<Event, State> onRecordMemory(Profile state, RecordMemory cmd) {
    if (cmd.type() == null) return reject(cmd.replyTo(), "memory type is missing");
    if (cmd.content() == null || cmd.content().isBlank())
      return reject(cmd.replyTo(), "memory content is empty");
    if (cmd.content().length() > MAX_MEMORY)
      return reject(cmd.replyTo(), "memory content is longer than " + MAX_MEMORY + " characters");
    if (!inRange(cmd.relevance(), 0, 1))
      return reject(cmd.replyTo(), "relevance " + cmd.relevance() + " is not in [0, 1]");
    List<Event> events =
        MemoryKeeping.remember(
            state, cmd.type(), cmd.content(), cmd.relevance(), settings, clock.instant());
    var recorded = new Recorded(state.nextMemoryId(), MemoryKeeping.evicted(events));
    return persistAll(events).thenReply(cmd.replyTo(), s -> StatusReply.success(recorded));
  }

  private ReplyEffect<Event, State> onHear(Profile state, Hear cmd) {
    if (cmd.speaker() == null || cmd.speaker().isBlank())
      return reject(cmd.replyTo(), "speaker is missing");
    if (cmd.text() == null || cmd.text().isBlank()) return reject(cmd.replyTo(), "text is empty");
    if (!state.enabled()) return Effect().reply(cmd.replyTo(), StatusReply.success(Heard.NOTHING));
    List<Event> events = Impressions.of(state, cmd, settings, clock.instant());
    return persistAll(events).thenReply(cmd.replyTo(), s -> StatusReply.success(Heard.of(events)));
  }

  private ReplyEffect<Event, State> onApplySpec(State state, ApplySpec cmd) {
    var problem = cmd.spec() == null ? Optional.of("spec is missing") : cmd.spec().problem();
    if (problem.isPresent()) return reject(cmd.replyTo(), problem.get());
    var applied =
        new SpecApplied(BotSpecs.changes(botId, state, cmd.spec(), clock.instant(), settings));
    if (cmd.dryRun() || applied.changes().isEmpty())
      return Effect().reply(cmd.replyTo(), StatusReply.success(applied));
    return persistAll(applied.changes())
        .thenReply(cmd.replyTo(), s -> StatusReply.success(applied));
  }

  private ReplyEffect<Event, State> onRemove(Profile state, Remove cmd) {
    var removed = new SpecApplied(List.of(new BotRemoved(botId, clock.instant())));
    return persistAll(removed.changes())
        .thenReply(cmd.replyTo(), s -> StatusReply.success(removed));
  }

  private ReplyEffect<Event, State> described(Describe cmd, Status status, Profile profile) {
    var description =
        new BotDescription(
            botId,
            status,
            Optional.ofNullable(profile).map(Profile::declared),
            Optional.ofNullable(profile));
    return Effect().reply(cmd.replyTo(), StatusReply.success(description));
  }

  private ReplyEffect<Event, State> onTouchMemories(Profile state, TouchMemories cmd) {
    List<Long> known = cmd.memoryIds().stream().distinct().filter(state::remembers).toList();
    // Memories evicted meanwhile are simply no longer there to touch: not an error.
    if (known.isEmpty()) return Effect().reply(cmd.replyTo(), ok(state));
    return persistThenReply(new MemoriesAccessed(botId, known, clock.instant()), cmd.replyTo());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Bot::applyEvent);
  }

  /**
   * The bot's event handler as a plain function: the entity recovers through it, and the journal
   * tools replay through it, so the two can never drift apart.
   *
   * @throws IllegalStateException for an event the state cannot take (a journal out of order)
   */
  public static State applyEvent(State state, Event event) {
    if (state instanceof Profile profile)
      return event instanceof BotRemoved removed
          ? new Removed(profile.botId(), profile.nextMemoryId(), removed.at())
          : profile.apply(event);
    if (event instanceof BotRegistered registered)
      return Profile.registered(
          registered, state instanceof Removed removed ? removed.nextMemoryId() : 1);
    throw new IllegalStateException(
        "bot "
            + event.botId()
            + ": "
            + event.getClass().getSimpleName()
            + (state instanceof Removed ? " after BotRemoved" : " before BotRegistered"));
  }

  private ReplyEffect<Event, State> persistThenReply(
      Event event, ActorRef<StatusReply<Profile>> replyTo) {
    return persistAll(List.of(event)).thenReply(replyTo, s -> ok(s));
  }

  /** Persists, timing the journal write for the metrics. */
  private akka.persistence.typed.javadsl.EffectBuilder<Event, State> persistAll(
      List<Event> events) {
    long start = System.nanoTime();
    return Effect()
        .persist(events)
        .thenRun(s -> SwarmMetrics.journalWrite(ENTITY_KEY.name(), start));
  }

  private static StatusReply<Profile> ok(State state) {
    return StatusReply.success((Profile) state);
  }

  private <R> ReplyEffect<Event, State> reject(ActorRef<StatusReply<R>> replyTo, String why) {
    return Effect().reply(replyTo, StatusReply.error(why));
  }

  private <R> ReplyEffect<Event, State> removed(ActorRef<StatusReply<R>> replyTo) {
    return reject(replyTo, "bot " + botId + " was removed");
  }

  private <R> ReplyEffect<Event, State> unknown(ActorRef<StatusReply<R>> replyTo) {
    return reject(replyTo, "unknown bot " + botId + ": it has not been registered");
  }

  private static boolean inRange(double value, double min, double max) {
    return !Double.isNaN(value) && value >= min && value <= max;
  }
}
