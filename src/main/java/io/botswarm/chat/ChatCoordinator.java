package io.botswarm.chat;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.botswarm.serialization.JsonSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one coordinator of a chat in the whole cluster (sharded, id = the Telegram chat id,
 * remembered so that it runs again after a restart or a node loss without waiting for traffic).
 * Bots on any node speak in the chat only through it.
 *
 * <p>Protocol: {@link Configure} sets the chat up. {@link Receive} takes a message from the chat
 * (processed once, however often delivered), tells every member bot what was said and asks the
 * chosen ones for drafts. {@link Submit} (and drafts the coordinator asked for) go through the
 * rules, one pure decision ({@link Admission}): member, quiet hours, length, outgoing dedup, rate
 * limits; a draft over a limit is deferred if it could go within {@code max-deferral}, else
 * rejected. The entity maps the decision to events and replies; the conversation ({@link
 * ChatTurns}), the outgoing side ({@link ChatOutgoing}) and the operator's changes ({@link
 * ChatOperations}) live beside it. An admitted draft is journaled before it is handed to the {@link
 * ChatTransport}, and its outcome after: sent, failed or unknown. A message whose outcome was not
 * journaled when the coordinator stopped is recorded as unknown on recovery and never sent again. A
 * member Telegram does not let post ({@link ChatStanding}, or a send refused as {@link
 * ChatTransport.CannotPost}) is journaled as such and asked for nothing until it is back, and no
 * bot is asked for a draft that could not be posted now or soon ({@link Admission#roomFor}).
 */
public final class ChatCoordinator
    extends EventSourcedBehaviorWithEnforcedReplies<
        ChatCoordinator.Command, ChatCoordinator.Event, ChatCoordinator.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Chat");

  /** Events are tagged into this many slices so that projections can read them in parallel. */
  public static final int TAG_SLICES = 4;

  public static final List<String> TAGS =
      java.util.stream.IntStream.range(0, TAG_SLICES).mapToObj(i -> "chat-" + i).toList();

  // --- commands ---------------------------------------------------------------------------------

  public sealed interface Command extends JsonSerializable
      permits Configure,
          ApplySettings,
          Remove,
          Discover,
          Describe,
          Receive,
          Submit,
          GetChat,
          ChatTurns.DraftReady,
          ChatTurns.DraftLost,
          ChatTurns.AskAgain,
          AnswerAfterRestart,
          SendCompleted,
          Tick,
          ResolveInterrupted,
          ChatMigration.MigrateTo,
          ChatMigration.ContinueFrom,
          ChatMigration.HandOverAnswered,
          ChatStanding.PostingChanged,
          ChatStanding.BotFlooded {}

  public record Configure(ChatSettings settings, ActorRef<StatusReply<ChatState>> replyTo)
      implements Command {}

  /** An operator's settings for the chat; {@code dryRun} answers what would be journaled. */
  public record ApplySettings(
      ChatSettings settings, boolean dryRun, ActorRef<StatusReply<SettingsApplied>> replyTo)
      implements Command {}

  /** The operator takes the chat out of the swarm (its journal stays). */
  public record Remove(ActorRef<StatusReply<SettingsApplied>> replyTo) implements Command {
    @JsonCreator
    public Remove {}
  }

  /** {@code botId} was added to the group in Telegram; unless the swarm runs it, it is pending. */
  public record Discover(String title, String botId, ActorRef<StatusReply<ChatDescription>> replyTo)
      implements Command {}

  public record Describe(ActorRef<StatusReply<ChatDescription>> replyTo) implements Command {
    @JsonCreator
    public Describe {}
  }

  /** A message that arrived in the chat (from Telegram or the sandbox). */
  public record Receive(Incoming message, ActorRef<StatusReply<Receipt>> replyTo)
      implements Command {}

  /** A bot's draft for the chat, from outside the coordinator's own turn-taking. */
  public record Submit(
      String botId,
      String text,
      Optional<Long> replyToMessageId,
      ActorRef<StatusReply<Verdict>> replyTo)
      implements Command {}

  public record GetChat(ActorRef<StatusReply<ChatState>> replyTo) implements Command {
    @JsonCreator
    public GetChat {}
  }

  record SendCompleted(long draftId, ChatTransport.Outcome outcome) implements Command {}

  /** A person's message taken in by an earlier incarnation that died before any bot answered. */
  private record AnswerAfterRestart(long messageId) implements Command {}

  enum Tick implements Command {
    INSTANCE
  }

  record ResolveInterrupted(long draftId) implements Command {}

  // --- replies ----------------------------------------------------------------------------------

  public record Receipt(boolean duplicate) implements JsonSerializable {}

  // --- events -----------------------------------------------------------------------------------

  public sealed interface Event extends JsonSerializable
      permits ChatConfigured,
          ChatSettingsChanged,
          MemberAdded,
          MemberRemoved,
          MemberChanged,
          ChatRemoved,
          ChatDiscovered,
          MessageReceived,
          DraftAdmitted,
          DraftRejected,
          MessageSent,
          SendFailed,
          SendOutcomeUnknown,
          ChatMigration.ChatMigrated,
          ChatMigration.ChatHandedOver,
          ChatMigration.ChatContinued,
          ChatStanding.MemberCannotPost,
          ChatStanding.MemberMayPostAgain,
          ChatIncoming.MessageAlsoReceived {
    String chatId();

    Instant at();
  }

  /** The settings as they apply, default limits filled in. */
  public record ChatConfigured(String chatId, ChatSettings settings, Instant at) implements Event {}

  /** Settings other than the members changed; both carry the members as they stand. */
  public record ChatSettingsChanged(
      String chatId, ChatSettings previous, ChatSettings settings, Instant at) implements Event {}

  public record MemberAdded(String chatId, ChatSettings.Member member, Instant at)
      implements Event {}

  public record MemberRemoved(String chatId, ChatSettings.Member member, Instant at)
      implements Event {}

  public record MemberChanged(
      String chatId, ChatSettings.Member previous, ChatSettings.Member member, Instant at)
      implements Event {}

  public record ChatRemoved(String chatId, Instant at) implements Event {}

  /** A bot was added to a group the swarm does not run: the chat is pending. */
  public record ChatDiscovered(String chatId, String title, String botId, Instant at)
      implements Event {}

  /**
   * A message taken in, under the id of the bot that delivered it first ({@code receivedBy}). The
   * last four fields came with #15; events journaled before have none: empty strings, a null {@code
   * unanswered} and thread 0, which is what they meant (a message that may be answered, receiver
   * and sender unknown, no forum topic).
   *
   * @param unanswered why nobody was asked to answer it; null: it may be answered
   * @param threadId the forum topic it was posted in ({@code message_thread_id}); 0: none
   */
  public record MessageReceived(
      String chatId,
      long messageId,
      String speaker,
      String speakerBotId,
      String text,
      Long replyToMessageId,
      Instant at,
      String receivedBy,
      String senderKey,
      Unanswered unanswered,
      long threadId)
      implements Event {
    @JsonCreator
    public MessageReceived {
      receivedBy = receivedBy == null ? "" : receivedBy;
      senderKey = senderKey == null ? "" : senderKey;
    }

    public MessageReceived(
        String chatId,
        long messageId,
        String speaker,
        String speakerBotId,
        String text,
        Long replyToMessageId,
        Instant at) {
      this(chatId, messageId, speaker, speakerBotId, text, replyToMessageId, at, "", "", null, 0);
    }
  }

  /**
   * A draft admitted, journaled before it is handed to the transport.
   *
   * @param threadId the forum topic it goes to ({@code message_thread_id}); 0: none, as in events
   *     of the previous version
   */
  public record DraftAdmitted(
      String chatId,
      long draftId,
      String botId,
      String text,
      Long replyToMessageId,
      Instant at,
      long threadId)
      implements Event {}

  public record DraftRejected(
      String chatId, String botId, RejectReason reason, String detail, Instant at)
      implements Event {}

  /**
   * Carries the text, what it answers and its forum topic ({@code threadId}, 0: none), so that the
   * read side needs nothing else. A text sent in parts that Telegram cut off says so: {@code
   * partsSent} of its {@code parts} reached the chat ({@code messageId} is the first's). Absent
   * from events of the previous version (zero): one part of one, as they all were, in no topic.
   */
  public record MessageSent(
      String chatId,
      long draftId,
      String botId,
      long messageId,
      String text,
      Long replyToMessageId,
      Instant at,
      int partsSent,
      int parts,
      long threadId)
      implements Event {
    @JsonCreator
    public MessageSent {
      if (parts <= 0) {
        parts = 1;
        partsSent = 1;
      }
    }

    public MessageSent(
        String chatId,
        long draftId,
        String botId,
        long messageId,
        String text,
        Long replyToMessageId,
        Instant at) {
      this(chatId, draftId, botId, messageId, text, replyToMessageId, at, 1, 1, 0);
    }

    /** Whether the whole text reached the chat. */
    public boolean whole() {
      return partsSent >= parts;
    }
  }

  public record SendFailed(String chatId, long draftId, String botId, String reason, Instant at)
      implements Event {}

  public record SendOutcomeUnknown(
      String chatId, long draftId, String botId, String reason, Instant at) implements Event {}

  // --- state ------------------------------------------------------------------------------------

  public sealed interface State extends JsonSerializable
      permits Unconfigured, PendingChat, RemovedChat, ChatState, MigratedChat {}

  public enum Unconfigured implements State {
    INSTANCE
  }

  // --- behavior ---------------------------------------------------------------------------------

  public static void init(ActorSystem<?> system, ChatServices services) {
    var settings = ChatCoordinatorSettings.create(system);
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, services))
                .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
  }

  public static Behavior<Command> create(
      String chatId, ChatCoordinatorSettings settings, ChatServices services) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new ChatCoordinator(chatId, settings, services, ctx, timers)));
  }

  public static PersistenceId persistenceId(String chatId) {
    return PersistenceId.of(ENTITY_KEY.name(), chatId);
  }

  private static final String TICK_TIMER = "tick";

  private final String chatId;
  private final ChatCoordinatorSettings settings;
  private final ChatServices services;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final ChatTurns turns;
  private final ChatOutgoing outgoing;
  private final ChatOperations operations;
  private final ChatMigration migration;
  private final ChatIncoming incoming;
  private final ChatStanding standing;

  private ChatCoordinator(
      String chatId,
      ChatCoordinatorSettings settings,
      ChatServices services,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers) {
    super(
        persistenceId(chatId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.chatId = chatId;
    this.settings = settings;
    this.services = services;
    this.ctx = ctx;
    this.timers = timers;
    this.turns = new ChatTurns(chatId, settings, services, ctx, timers, this::roomFor);
    var rules = Admission.Rules.of(settings, services.transport().maxText());
    this.outgoing = new ChatOutgoing(chatId, rules, services, turns, Effect(), ctx, timers);
    this.operations =
        new ChatOperations(chatId, settings, services.clock(), outgoing, Effect(), ctx);
    this.migration = new ChatMigration(chatId, settings, services, outgoing, Effect(), ctx);
    this.incoming = new ChatIncoming(chatId, settings, services.clock(), turns, Effect());
    this.standing = new ChatStanding(chatId, services.clock(), Effect(), ctx.getLog());
  }

  @Override
  public State emptyState() {
    return Unconfigured.INSTANCE;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return settings.snapshotEvery() > 0
        ? RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2)
        : RetentionCriteria.disabled();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAGS.get(Math.floorMod(chatId.hashCode(), TAG_SLICES)));
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              timers.startTimerWithFixedDelay(TICK_TIMER, Tick.INSTANCE, settings.tick());
              if (state instanceof MigratedChat migrated)
                migrated
                    .before()
                    .pending()
                    .keySet()
                    .forEach(id -> ctx.getSelf().tell(new ResolveInterrupted(id)));
              if (state instanceof ChatState chat) {
                chat.pending()
                    .keySet()
                    .forEach(id -> ctx.getSelf().tell(new ResolveInterrupted(id)));
                chat.unansweredQuestion(now(), settings.draftRetryFor())
                    .ifPresent(l -> ctx.getSelf().tell(new AnswerAfterRestart(l.messageId())));
              }
            })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    migration.register(builder);
    operations.register(builder);
    builder
        .forStateType(ChatState.class)
        .onCommand(Receive.class, incoming::receive)
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(
            GetChat.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(state)))
        .onCommand(
            ChatTurns.DraftReady.class, (state, cmd) -> outgoing.drafted(state, cmd).thenNoReply())
        .onCommand(ChatTurns.DraftLost.class, (state, cmd) -> quietly(() -> turns.draftLost(cmd)))
        .onCommand(
            ChatTurns.AskAgain.class, (state, cmd) -> quietly(() -> turns.askAgain(state, cmd)))
        .onCommand(
            AnswerAfterRestart.class,
            (state, cmd) -> quietly(() -> turns.answerAfterRestart(state, cmd.messageId())))
        .onCommand(
            SendCompleted.class, (state, cmd) -> outgoing.completed(state, cmd).thenNoReply())
        .onCommand(Tick.class, (state, cmd) -> onTick(state))
        .onCommand(
            ResolveInterrupted.class,
            (state, cmd) -> outgoing.interrupted(state, cmd.draftId()).thenNoReply())
        .onCommand(ChatStanding.PostingChanged.class, standing::postingChanged)
        .onCommand(
            ChatStanding.BotFlooded.class,
            (state, cmd) -> quietly(() -> outgoing.flooded(cmd.botId(), cmd.until())));
    return builder.build();
  }

  private Instant now() {
    return services.clock().instant();
  }

  /** The outgoing side knows the waiting drafts and the floods that say whether to ask a bot. */
  private Optional<Admission.Reject> roomFor(ChatState state, String botId, Instant at) {
    return outgoing.roomFor(state, botId, at);
  }

  /** A side effect that journals nothing and answers nobody. */
  private ReplyEffect<Event, State> quietly(Runnable effect) {
    effect.run();
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onSubmit(ChatState state, Submit cmd) {
    var considered = outgoing.submitted(state, cmd);
    return considered
        .effect()
        .thenReply(cmd.replyTo(), s -> StatusReply.success(considered.verdict()));
  }

  /** Waiting drafts whose time has come, one a tick; an idle chat gets a conversation starter. */
  private ReplyEffect<Event, State> onTick(ChatState state) {
    Instant now = now();
    var due = outgoing.due(state, now);
    if (due.isPresent()) return due.get().thenNoReply();
    turns.catchUp(state, now);
    turns.maybeStart(state, now);
    return Effect().noReply();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ChatCoordinator::applyEvent);
  }

  /** The event handler as a function, shared with the journal tools. */
  public static State applyEvent(State state, Event event) {
    if (event instanceof ChatMigration.ChatMigrated e) return MigratedChat.migrated(state, e);
    if (event instanceof ChatMigration.ChatContinued e) return MigratedChat.continued(state, e);
    if (state instanceof MigratedChat migrated) return migrated.apply(event);
    if (event instanceof ChatRemoved e) return RemovedChat.removed(state, e);
    if (event instanceof ChatDiscovered e) return PendingChat.discovered(state, e);
    if (state instanceof ChatState chat) return chat.apply(event);
    if (event instanceof ChatConfigured e) return ChatState.configured(state, e);
    throw new IllegalStateException(
        "chat "
            + event.chatId()
            + ": "
            + event.getClass().getSimpleName()
            + " before ChatConfigured");
  }
}
