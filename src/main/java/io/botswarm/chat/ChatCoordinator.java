package io.botswarm.chat;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.RecipientRef;
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
import akka.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import akka.persistence.typed.javadsl.EffectBuilder;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.botswarm.bot.BotClient;
import io.botswarm.generation.ChatLine;
import io.botswarm.generation.DraftResult;
import io.botswarm.generation.DraftService;
import io.botswarm.metrics.SwarmMetrics;
import io.botswarm.serialization.JsonSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * member Telegram does not let post ({@link PostingChanged}, or a send refused as {@link
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
          DraftReady,
          DraftLost,
          AskAgain,
          AnswerAfterRestart,
          SendCompleted,
          Tick,
          ResolveInterrupted,
          MigrateTo,
          ContinueFrom,
          HandOverAnswered,
          PostingChanged {}

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

  /**
   * @param speakerBotId when a bot wrote it (bot-to-bot mode): its bot id or Telegram username (a
   *     member's handle); else empty
   * @param receivedBy the member bot whose gateway delivered it, in whose numbering {@code
   *     messageId} and {@code replyToMessageId} are (they differ per bot in a basic group); empty
   *     when not known (the console, senders of the previous version)
   * @param senderKey who sent it, as Telegram identifies them ({@code user:<id>} or {@code
   *     chat:<id>}), matching a basic group's copies across gateways; empty when not known
   * @param unanswered why the message is heard but nobody is asked to answer it; empty: it may be
   */
  public record Incoming(
      long messageId,
      String speaker,
      String speakerBotId,
      String text,
      Optional<Long> replyToMessageId,
      Instant at,
      String receivedBy,
      String senderKey,
      Optional<Unanswered> unanswered) {
    @JsonCreator
    public Incoming {
      replyToMessageId = replyToMessageId == null ? Optional.empty() : replyToMessageId;
      receivedBy = receivedBy == null ? "" : receivedBy;
      senderKey = senderKey == null ? "" : senderKey;
      unanswered = unanswered == null ? Optional.empty() : unanswered;
    }

    /** A message whose receiving bot and sender are not known; it may be answered. */
    public Incoming(
        long messageId,
        String speaker,
        String speakerBotId,
        String text,
        Optional<Long> replyToMessageId,
        Instant at) {
      this(messageId, speaker, speakerBotId, text, replyToMessageId, at, "", "", Optional.empty());
    }

    /** The same message as {@code botId}'s gateway delivered it. */
    public Incoming receivedBy(String botId) {
      return new Incoming(
          messageId,
          speaker,
          speakerBotId,
          text,
          replyToMessageId,
          at,
          botId,
          senderKey,
          unanswered);
    }
  }

  /**
   * Why a message is heard (journaled, members hear it, it is the drafts' context) but nobody is
   * asked to answer it.
   */
  public enum Unanswered {
    /** The linked channel's post, forwarded by Telegram into its discussion group. */
    AUTOMATIC_FORWARD,
    /** Someone forwarded another's words into the chat: they are shared, not asked. */
    FORWARDED,
    /** Older than {@code botswarm.chat.backlog.answer-window} when it arrived (downtime). */
    BACKLOG
  }

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

  record DraftReady(String botId, DraftResult result, Optional<Long> replyToMessageId)
      implements Command {}

  /** A draft that did not come (no answer from the bot): asked again until {@code giveUpAt}. */
  record DraftLost(String botId, Optional<ChatLine> replyTo, Instant giveUpAt) implements Command {}

  /** The timer after a {@link DraftLost}: the bot is asked again. */
  record AskAgain(String botId, Optional<ChatLine> replyTo, Instant giveUpAt) implements Command {}

  record SendCompleted(long draftId, ChatTransport.Outcome outcome) implements Command {}

  /** A person's message taken in by an earlier incarnation that died before any bot answered. */
  private record AnswerAfterRestart(long messageId) implements Command {}

  enum Tick implements Command {
    INSTANCE
  }

  private record ResolveInterrupted(long draftId) implements Command {}

  /**
   * Telegram says this basic group is now the supergroup {@code toChatId} (a service message, or a
   * refused send): the chat moves there. Answered once the supergroup's coordinator took it over.
   */
  public record MigrateTo(String toChatId, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /**
   * The chat {@code fromChatId} was upgraded to this supergroup: go on as {@code state} (its
   * settings, members, limits and recent lines). Taken once; a chat that already runs keeps its own
   * state and acknowledges.
   */
  public record ContinueFrom(
      String fromChatId, ChatState state, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** How the supergroup's coordinator answered a hand-over; empty {@code failure}: it took it. */
  private record HandOverAnswered(String toChatId, Optional<String> failure) implements Command {}

  /**
   * Telegram says whether {@code botId} may post in the chat ({@code my_chat_member}: member,
   * administrator or restricted with {@code can_send_messages}; or left, kicked, restricted without
   * it); {@code why} is Telegram's status in words. A chat that does not run answers and records
   * nothing.
   */
  public record PostingChanged(
      String botId, boolean mayPost, String why, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  // --- replies ----------------------------------------------------------------------------------

  public record Receipt(boolean duplicate) implements JsonSerializable {}

  public sealed interface Verdict extends JsonSerializable permits Admitted, Deferred, Rejected {}

  public record Admitted(long draftId) implements Verdict {}

  public record Deferred(Instant until, String reason) implements Verdict {}

  public record Rejected(RejectReason reason, String detail) implements Verdict {}

  public enum RejectReason {
    CHAT_DISABLED,
    NOT_A_MEMBER,
    QUIET_HOURS,
    EMPTY,
    TOO_LONG,
    DUPLICATE,
    RATE_LIMITED,
    CANNOT_POST
  }

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
          ChatMigrated,
          ChatHandedOver,
          ChatContinued,
          MemberCannotPost,
          MemberMayPostAgain,
          MessageAlsoReceived {
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
   * last three fields came with #15; events journaled before have none: empty strings and a null
   * {@code unanswered}, which is what they meant (a message that may be answered, receiver and
   * sender unknown).
   *
   * @param unanswered why nobody was asked to answer it; null: it may be answered
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
      Unanswered unanswered)
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
      this(chatId, messageId, speaker, speakerBotId, text, replyToMessageId, at, "", "", null);
    }
  }

  public record DraftAdmitted(
      String chatId, long draftId, String botId, String text, Long replyToMessageId, Instant at)
      implements Event {}

  public record DraftRejected(
      String chatId, String botId, RejectReason reason, String detail, Instant at)
      implements Event {}

  /**
   * Carries the text and what it answers, so that the read side needs nothing else. A text sent in
   * parts that Telegram cut off says so: {@code partsSent} of its {@code parts} reached the chat
   * ({@code messageId} is the first's). Absent from events of the previous version (zero): one part
   * of one, as they all were.
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
      int parts)
      implements Event {
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
      this(chatId, draftId, botId, messageId, text, replyToMessageId, at, 1, 1);
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

  /*
   * Migration events (issue #15): new event classes only, so journals written before them load as
   * they did; a journal without them never migrated.
   */

  /**
   * Telegram upgraded this basic group to the supergroup {@code toChatId}: nothing is sent here.
   */
  public record ChatMigrated(String chatId, String toChatId, Instant at) implements Event {}

  /** The supergroup's coordinator took the chat over: the hand-over is not repeated. */
  public record ChatHandedOver(String chatId, String toChatId, Instant at) implements Event {}

  /**
   * This supergroup continues the basic group {@code fromChatId}, as {@code state} (its settings,
   * members, limits, draft ids and recent lines, see {@link MigratedChat#continuing}). The state is
   * stored as a snapshot of it is, so a change to {@link ChatState} that keeps old snapshots
   * loading keeps these events loading too.
   */
  public record ChatContinued(String chatId, String fromChatId, ChatState state, Instant at)
      implements Event {}

  /**
   * Telegram said {@code botId} may not post in the chat (a {@code my_chat_member} that kicked,
   * removed or restricted it, or a send refused with 403 or 400 "chat not found"): it is asked for
   * no draft there and its submissions are rejected until {@link MemberMayPostAgain}.
   */
  public record MemberCannotPost(String chatId, String botId, String why, Instant at)
      implements Event {}

  /** Telegram said {@code botId} is back in the chat and may post (re-added, unrestricted). */
  public record MemberMayPostAgain(String chatId, String botId, Instant at) implements Event {}

  /**
   * In a basic group, a message already taken in ({@code messageId}, the id it was journaled under)
   * reached another member bot, {@code botId}, under that bot's own id {@code botMessageId}: the
   * bot replies to it with that id. New with #15; no earlier journal has it.
   */
  public record MessageAlsoReceived(
      String chatId, long messageId, String botId, long botMessageId, Instant at)
      implements Event {}

  // --- state ------------------------------------------------------------------------------------

  public sealed interface State extends JsonSerializable
      permits Unconfigured, PendingChat, RemovedChat, ChatState, MigratedChat {}

  public enum Unconfigured implements State {
    INSTANCE
  }

  // --- behavior ---------------------------------------------------------------------------------

  /**
   * What a coordinator needs from its node: where messages go, who drafts, who hears, the time, and
   * how it reaches another chat's coordinator (a migrated group hands itself over).
   */
  public record Services(
      ChatTransport transport, Drafting drafts, Hearing hearing, Clock clock, ChatDirectory chats) {

    /** Other chats' coordinators through cluster sharding. */
    public Services(ChatTransport transport, Drafting drafts, Hearing hearing, Clock clock) {
      this(transport, drafts, hearing, clock, ChatDirectory.SHARDED);
    }

    /** A node's: drafts from its {@link DraftService}, members hear through {@link BotClient}. */
    public Services(ChatTransport transport, DraftService drafts, BotClient bots, Clock clock) {
      this(
          transport,
          drafts::draft,
          (botId, speaker, text, own) ->
              bots.hear(botId, speaker, text, own).thenApply(heard -> Done.getInstance()),
          clock);
    }
  }

  /** Where a coordinator finds another chat's coordinator. */
  @FunctionalInterface
  public interface ChatDirectory {
    RecipientRef<Command> chat(ActorSystem<?> system, String chatId);

    ChatDirectory SHARDED =
        (system, chatId) -> ClusterSharding.get(system).entityRefFor(ENTITY_KEY, chatId);
  }

  public static void init(ActorSystem<?> system, Services services) {
    var settings = ChatCoordinatorSettings.create(system);
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, services))
                .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
  }

  public static Behavior<Command> create(
      String chatId, ChatCoordinatorSettings settings, Services services) {
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
  private final Services services;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final ChatTurns turns;
  private final ChatOutgoing outgoing;
  private final ChatOperations operations;

  private ChatCoordinator(
      String chatId,
      ChatCoordinatorSettings settings,
      Services services,
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
    migrationHandlers(builder);
    // First: the state-type handlers below would take these commands in their stead.
    builder
        .forAnyState()
        .onCommand(Configure.class, (state, cmd) -> operations.configure(cmd))
        .onCommand(ApplySettings.class, operations::apply)
        .onCommand(Remove.class, operations::remove)
        .onCommand(Discover.class, operations::discover)
        .onCommand(
            Describe.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        StatusReply.success(ChatSettingsDiff.describe(chatId, state))));
    // Unknown, pending and removed chats: silent, and no message is taken in.
    builder
        .forState(state -> !(state instanceof ChatState))
        .onCommand(
            Receive.class,
            (state, cmd) ->
                Effect().reply(cmd.replyTo(), StatusReply.error(operations.silent(state))))
        .onCommand(
            Submit.class,
            (state, cmd) ->
                Effect().reply(cmd.replyTo(), StatusReply.error(operations.silent(state))))
        .onCommand(
            GetChat.class,
            (state, cmd) ->
                Effect().reply(cmd.replyTo(), StatusReply.error(operations.silent(state))))
        .onCommand(
            PostingChanged.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(Done.getInstance())))
        .onAnyCommand(cmd -> Effect().noReply());
    builder
        .forStateType(ChatState.class)
        .onCommand(Receive.class, this::onReceive)
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(
            GetChat.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(state)))
        .onCommand(DraftReady.class, (state, cmd) -> outgoing.drafted(state, cmd).thenNoReply())
        .onCommand(DraftLost.class, (state, cmd) -> quietly(() -> turns.draftLost(cmd)))
        .onCommand(AskAgain.class, (state, cmd) -> quietly(() -> turns.askAgain(state, cmd)))
        .onCommand(
            AnswerAfterRestart.class,
            (state, cmd) -> quietly(() -> turns.answerAfterRestart(state, cmd.messageId())))
        .onCommand(
            SendCompleted.class, (state, cmd) -> outgoing.completed(state, cmd).thenNoReply())
        .onCommand(Tick.class, (state, cmd) -> onTick(state))
        .onCommand(
            ResolveInterrupted.class,
            (state, cmd) -> outgoing.interrupted(state, cmd.draftId()).thenNoReply())
        .onCommand(PostingChanged.class, outgoing::postingChanged);
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

  private ReplyEffect<Event, State> onReceive(ChatState state, Receive cmd) {
    Incoming m = cmd.message();
    // In a basic group each bot numbers messages its own way: its ids are told apart per bot.
    boolean perBot = Deliveries.basicGroup(chatId) && !m.receivedBy().isEmpty();
    boolean seen =
        perBot
            ? state.deliveries().has(m.receivedBy(), m.messageId())
            : state.seen().contains(m.messageId());
    if (state.spokenByMember(m.speakerBotId()) || seen) {
      SwarmMetrics.MESSAGES_DUPLICATE.increment();
      return Effect().reply(cmd.replyTo(), StatusReply.success(new Receipt(true)));
    }
    if (m.text() == null || m.text().isBlank())
      return Effect()
          .reply(cmd.replyTo(), StatusReply.error("message " + m.messageId() + " has no text"));
    if (perBot) {
      var same = state.deliveries().sameAs(m.senderKey(), m.at(), m.text());
      if (same.isPresent()) return anotherCopy(same.get().messageId(), m, cmd);
    }
    Instant now = now();
    boolean stale = m.at() != null && m.at().isBefore(now.minus(settings.answerWindow()));
    var event = state.received(m, now, m.unanswered().orElse(stale ? Unanswered.BACKLOG : null));
    var line = ChatState.lineOf(event);
    long start = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun(
            s -> {
              SwarmMetrics.journalWrite(ENTITY_KEY.name(), start);
              SwarmMetrics.MESSAGES_RECEIVED.increment();
              if (event.unanswered() == null)
                turns.afterMessage(
                    (ChatState) s,
                    line,
                    Optional.ofNullable(event.replyToMessageId()),
                    event.speakerBotId().isEmpty());
              else turns.heardOnly((ChatState) s, line, event.unanswered());
            })
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new Receipt(false)));
  }

  /**
   * A basic group's message already taken in, from another member's gateway under that bot's own
   * id: the id is journaled (the bot replies with it), the message is not taken in again.
   */
  private ReplyEffect<Event, State> anotherCopy(long messageId, Incoming m, Receive cmd) {
    SwarmMetrics.MESSAGES_DUPLICATE.increment();
    var also = new MessageAlsoReceived(chatId, messageId, m.receivedBy(), m.messageId(), now());
    return Effect()
        .persist(also)
        .thenRun(s -> turns.copyArrived((ChatState) s, messageId, m.receivedBy()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new Receipt(true)));
  }

  private ReplyEffect<Event, State> onSubmit(ChatState state, Submit cmd) {
    var considered =
        outgoing.submit(
            state, new Admission.Draft(cmd.botId(), cmd.text(), cmd.replyToMessageId()));
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

  // --- a group upgraded to a supergroup ---------------------------------------------------------

  /** Replies owed to {@link MigrateTo}s, given once the supergroup took the chat over. */
  private final List<ActorRef<StatusReply<Done>>> awaitingHandOver = new ArrayList<>();

  /** A hand-over asked and not answered yet: one at a time. */
  private boolean handingOver;

  /**
   * Registered before the other handlers, which would take these commands in their stead: the
   * migration commands in any state, and everything a migrated chat answers otherwise (an
   * operator's settings for the old id are refused: they belong to the supergroup).
   */
  private void migrationHandlers(CommandHandlerWithReplyBuilder<Command, Event, State> builder) {
    builder
        .forAnyState()
        .onCommand(MigrateTo.class, this::onMigrateTo)
        .onCommand(ContinueFrom.class, this::onContinueFrom);
    builder
        .forStateType(ChatState.class)
        .onCommand(
            cmd -> cmd instanceof SendCompleted done && migratedTo(done).isPresent(),
            (state, cmd) -> onSendMigrated(state, (SendCompleted) cmd));
    builder
        .forStateType(MigratedChat.class)
        .onCommand(HandOverAnswered.class, this::onHandOverAnswered)
        .onCommand(Tick.class, (state, cmd) -> quietly(() -> handOver(state)))
        .onCommand(
            SendCompleted.class,
            (state, cmd) -> outcomeAfterMigration(state, cmd.draftId(), cmd.outcome()))
        .onCommand(
            ResolveInterrupted.class,
            (state, cmd) ->
                outcomeAfterMigration(
                    state,
                    cmd.draftId(),
                    new ChatTransport.Unknown(
                        "the coordinator stopped between admitting and recording the send")))
        .onCommand(
            Configure.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.error(movedOn(state))))
        .onCommand(
            ApplySettings.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.error(movedOn(state))))
        .onCommand(
            Discover.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        StatusReply.success(ChatSettingsDiff.describe(chatId, state))));
  }

  private static String movedOn(MigratedChat state) {
    return "chat "
        + state.chatId()
        + " was upgraded to the supergroup "
        + state.toChatId()
        + " and continues there: list "
        + state.toChatId()
        + " in the swarm definition instead (swarm export writes it)";
  }

  private static Optional<String> migratedTo(SendCompleted done) {
    return done.outcome() instanceof ChatTransport.Failed failed
            && failed.refusal().orElse(null) instanceof ChatTransport.Migrated m
        ? Optional.of(m.chatId())
        : Optional.empty();
  }

  private ReplyEffect<Event, State> onMigrateTo(State state, MigrateTo cmd) {
    String to = cmd.toChatId();
    if (to == null || !to.matches("-100\\d+") || to.equals(chatId))
      return Effect()
          .reply(
              cmd.replyTo(),
              StatusReply.error(
                  "chat "
                      + chatId
                      + " cannot migrate to '"
                      + to
                      + "': a supergroup's id is -100 followed by digits"));
    if (state instanceof MigratedChat migrated) {
      if (!migrated.toChatId().equals(to))
        return Effect()
            .reply(
                cmd.replyTo(),
                StatusReply.error(
                    "chat " + chatId + " was upgraded to " + migrated.toChatId() + ", not " + to));
      if (migrated.handedOver()) return Effect().reply(cmd.replyTo(), StatusReply.ack());
      awaitingHandOver.add(cmd.replyTo());
      handOver(migrated);
      return Effect().noReply();
    }
    // A group the swarm does not run: nothing follows it (its supergroup is a new chat).
    if (!(state instanceof ChatState)) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    awaitingHandOver.add(cmd.replyTo());
    return migrate(List.of(), to).thenNoReply();
  }

  /**
   * A send refused because the group became a supergroup: recorded as failed, and the chat moves.
   */
  private ReplyEffect<Event, State> onSendMigrated(ChatState state, SendCompleted done) {
    var pending = state.pending().get(done.draftId());
    List<Event> failed =
        pending == null ? List.of() : List.of(state.handedOver(pending, done.outcome(), now()));
    if (!failed.isEmpty()) SwarmMetrics.sent("failed");
    return migrate(failed, migratedTo(done).orElseThrow()).thenNoReply();
  }

  private EffectBuilder<Event, State> migrate(List<Event> first, String to) {
    List<Event> events = new ArrayList<>(first);
    events.add(new ChatMigrated(chatId, to, now()));
    return Effect()
        .persist(events)
        .thenRun(
            s -> {
              outgoing.dropWaiting();
              ctx.getLog()
                  .info(
                      "chat {} was upgraded to the supergroup {}: the chat continues there, nothing more is sent to {}",
                      chatId,
                      to,
                      chatId);
              handOver((MigratedChat) s);
            });
  }

  /** Asks the supergroup's coordinator to take the chat over, unless it did or is being asked. */
  private void handOver(MigratedChat state) {
    if (state.handedOver() || handingOver) return;
    handingOver = true;
    ctx.askWithStatus(
        Done.class,
        services.chats().chat(ctx.getSystem(), state.toChatId()),
        settings.tick(),
        r -> new ContinueFrom(chatId, state.continuing(), r),
        (done, error) ->
            new HandOverAnswered(
                state.toChatId(), Optional.ofNullable(error).map(Throwable::getMessage)));
  }

  private ReplyEffect<Event, State> onHandOverAnswered(MigratedChat state, HandOverAnswered cmd) {
    handingOver = false;
    if (cmd.failure().isPresent()) {
      ctx.getLog()
          .warn(
              "chat {}: the supergroup {} did not take the chat over yet ({}); asked again in {}",
              chatId,
              cmd.toChatId(),
              cmd.failure().get(),
              settings.tick());
      return Effect().noReply();
    }
    if (state.handedOver()) return Effect().noReply();
    return Effect()
        .persist(new ChatHandedOver(chatId, cmd.toChatId(), now()))
        .thenRun(
            s -> {
              awaitingHandOver.forEach(r -> r.tell(StatusReply.ack()));
              awaitingHandOver.clear();
            })
        .thenNoReply();
  }

  /** A message on its way when the group migrated: its outcome is recorded, nothing more. */
  private ReplyEffect<Event, State> outcomeAfterMigration(
      MigratedChat state, long draftId, ChatTransport.Outcome outcome) {
    var pending = state.pending(draftId);
    if (pending.isEmpty()) return Effect().noReply();
    return Effect().persist(state.before().handedOver(pending.get(), outcome, now())).thenNoReply();
  }

  private ReplyEffect<Event, State> onContinueFrom(State state, ContinueFrom cmd) {
    if (cmd.state() == null || !chatId.equals(cmd.state().chatId()))
      return Effect()
          .reply(
              cmd.replyTo(),
              StatusReply.error(
                  "chat " + chatId + " cannot continue a chat handed over for another id"));
    if (state instanceof ChatState || state instanceof MigratedChat) {
      // A repeated hand-over, or a supergroup the operator configured before it came: as it is.
      ctx.getLog()
          .debug("chat {} already runs; hand-over from {} acknowledged", chatId, cmd.fromChatId());
      return Effect().reply(cmd.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new ChatContinued(chatId, cmd.fromChatId(), cmd.state(), now()))
        .thenRun(
            s ->
                ctx.getLog()
                    .info(
                        "chat {} continues the group {} (upgraded to a supergroup), with its settings, members and history",
                        chatId,
                        cmd.fromChatId()))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ChatCoordinator::applyEvent);
  }

  /** The event handler as a function, shared with the journal tools. */
  public static State applyEvent(State state, Event event) {
    if (event instanceof ChatMigrated e) return MigratedChat.migrated(state, e);
    if (event instanceof ChatContinued e) return MigratedChat.continued(state, e);
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
