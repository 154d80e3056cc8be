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
import akka.pattern.Patterns;
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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;

/**
 * The one coordinator of a chat in the whole cluster (sharded, id = the Telegram chat id,
 * remembered so that it runs again after a restart or a node loss without waiting for traffic).
 * Bots on any node speak in the chat only through it.
 *
 * <p>Protocol: {@link Configure} sets the chat up. {@link Receive} takes a message from the chat
 * (processed once, however often delivered), tells every member bot what was said and asks the
 * chosen ones for drafts. {@link Submit} (and drafts the coordinator asked for) go through the
 * rules: member, quiet hours, length, outgoing dedup, rate limits; a draft over a limit is deferred
 * if it could go within {@code max-deferral}, else rejected. An admitted draft is journaled before
 * it is handed to the {@link ChatTransport}, and its outcome after: sent, failed or unknown. A
 * message whose outcome was not journaled when the coordinator stopped is recorded as unknown on
 * recovery and never sent again.
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
          AnswerAfterRestart,
          SendCompleted,
          Tick,
          ResolveInterrupted {}

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
   */
  public record Incoming(
      long messageId,
      String speaker,
      String speakerBotId,
      String text,
      Optional<Long> replyToMessageId,
      Instant at) {}

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

  private record DraftReady(String botId, DraftResult result, Optional<Long> replyToMessageId)
      implements Command {}

  /** A draft that did not come (no answer from the bot): asked again until {@code giveUpAt}. */
  private record DraftLost(String botId, Optional<ChatLine> replyTo, Instant giveUpAt)
      implements Command {}

  private record SendCompleted(long draftId, ChatTransport.Outcome outcome) implements Command {}

  /** A person's message taken in by an earlier incarnation that died before any bot answered. */
  private record AnswerAfterRestart(long messageId) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private record ResolveInterrupted(long draftId) implements Command {}

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
    RATE_LIMITED
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
          SendOutcomeUnknown {
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

  public record MessageReceived(
      String chatId,
      long messageId,
      String speaker,
      String speakerBotId,
      String text,
      Long replyToMessageId,
      Instant at)
      implements Event {}

  public record DraftAdmitted(
      String chatId, long draftId, String botId, String text, Long replyToMessageId, Instant at)
      implements Event {}

  public record DraftRejected(
      String chatId, String botId, RejectReason reason, String detail, Instant at)
      implements Event {}

  /** Carries the text and what it answers, so that the read side needs nothing else. */
  public record MessageSent(
      String chatId,
      long draftId,
      String botId,
      long messageId,
      String text,
      Long replyToMessageId,
      Instant at)
      implements Event {}

  public record SendFailed(String chatId, long draftId, String botId, String reason, Instant at)
      implements Event {}

  public record SendOutcomeUnknown(
      String chatId, long draftId, String botId, String reason, Instant at) implements Event {}

  // --- state ------------------------------------------------------------------------------------

  public sealed interface State extends JsonSerializable
      permits Unconfigured, PendingChat, RemovedChat, ChatState {}

  public enum Unconfigured implements State {
    INSTANCE
  }

  // --- behavior ---------------------------------------------------------------------------------

  /** What a coordinator needs from its node. */
  public record Services(
      ChatTransport transport, DraftService drafts, BotClient bots, Clock clock) {}

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

  private final String chatId;
  private final ChatCoordinatorSettings settings;
  private final Services services;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Logger log;

  /**
   * Drafts over a limit that may go soon; not journaled, so they do not outlive this incarnation.
   */
  private final List<Waiting> waiting = new ArrayList<>();

  private int draftsAsked;

  private static final String TICK_TIMER = "tick";
  private static final String WAITING_TIMER = "waiting";

  private record Waiting(
      String botId, String text, Optional<Long> replyToMessageId, Instant until) {}

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
    this.log = ctx.getLog();
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
              if (state instanceof ChatState chat) {
                chat.pending()
                    .keySet()
                    .forEach(id -> ctx.getSelf().tell(new ResolveInterrupted(id)));
                unansweredQuestion(chat)
                    .ifPresent(l -> ctx.getSelf().tell(new AnswerAfterRestart(l.messageId())));
              }
            })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    // First: the state-type handlers below would take these commands in their stead.
    builder
        .forAnyState()
        .onCommand(Configure.class, (state, cmd) -> onConfigure(cmd))
        .onCommand(ApplySettings.class, this::onApplySettings)
        .onCommand(
            Remove.class,
            (state, cmd) ->
                applied(ChatSettingsDiff.remove(chatId, state, now()), false, cmd.replyTo()))
        .onCommand(Discover.class, this::onDiscover)
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
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.error(silent(state))))
        .onCommand(
            Submit.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.error(silent(state))))
        .onCommand(
            GetChat.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.error(silent(state))))
        .onAnyCommand(cmd -> Effect().noReply());
    builder
        .forStateType(ChatState.class)
        .onCommand(Receive.class, this::onReceive)
        .onCommand(
            Submit.class,
            (state, cmd) ->
                consider(
                    state,
                    cmd.botId(),
                    cmd.text(),
                    cmd.replyToMessageId(),
                    Optional.of(cmd.replyTo()),
                    false))
        .onCommand(
            GetChat.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(state)))
        .onCommand(DraftReady.class, this::onDraftReady)
        .onCommand(DraftLost.class, this::onDraftLost)
        .onCommand(AnswerAfterRestart.class, this::onAnswerAfterRestart)
        .onCommand(SendCompleted.class, this::onSendCompleted)
        .onCommand(Tick.class, (state, cmd) -> onTick(state))
        .onCommand(ResolveInterrupted.class, this::onResolveInterrupted);
    return builder.build();
  }

  private String silent(State state) {
    if (state instanceof PendingChat)
      return "chat "
          + chatId
          + " is pending: bots were added to it, but the swarm definition does not list it";
    if (state instanceof RemovedChat) return "chat " + chatId + " was removed from the swarm";
    return "unknown chat " + chatId + ": it has not been configured";
  }

  private Instant now() {
    return services.clock().instant();
  }

  private static Optional<String> problem(ChatSettings s) {
    return s == null ? Optional.of("settings are missing") : s.problem();
  }

  private ReplyEffect<Event, State> onConfigure(Configure cmd) {
    var problem = problem(cmd.settings());
    if (problem.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(problem.get()));
    var effective = cmd.settings().withDefaultLimits(settings.limits());
    return Effect()
        .persist(new ChatConfigured(chatId, effective, now()))
        .thenReply(cmd.replyTo(), state -> StatusReply.success((ChatState) state));
  }

  private ReplyEffect<Event, State> onApplySettings(State state, ApplySettings cmd) {
    var problem = problem(cmd.settings());
    if (problem.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(problem.get()));
    var desired = cmd.settings().withDefaultLimits(settings.limits());
    return applied(
        ChatSettingsDiff.apply(chatId, state, desired, now()), cmd.dryRun(), cmd.replyTo());
  }

  private ReplyEffect<Event, State> applied(
      List<Event> changes, boolean dryRun, ActorRef<StatusReply<SettingsApplied>> replyTo) {
    var reply = StatusReply.success(new SettingsApplied(changes));
    if (dryRun || changes.isEmpty()) return Effect().reply(replyTo, reply);
    return Effect()
        .persist(changes)
        .thenRun(
            s -> {
              log.info("chat {}: {} changes applied", chatId, changes.size());
              // A chat that stopped running drops its waiting drafts; a member's go to the rules.
              if (!(s instanceof ChatState)) waiting.clear();
            })
        .thenReply(replyTo, s -> reply);
  }

  private ReplyEffect<Event, State> onDiscover(State state, Discover cmd) {
    var events = ChatSettingsDiff.discover(chatId, state, cmd.title(), cmd.botId(), now());
    if (events.isEmpty())
      return Effect()
          .reply(cmd.replyTo(), StatusReply.success(ChatSettingsDiff.describe(chatId, state)));
    return Effect()
        .persist(events)
        .thenRun(
            s ->
                log.info(
                    "chat {} ({}): bot {} was added to it; silent until the swarm definition lists it",
                    chatId,
                    cmd.title(),
                    cmd.botId()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(ChatSettingsDiff.describe(chatId, s)));
  }

  private ReplyEffect<Event, State> onReceive(ChatState state, Receive cmd) {
    Incoming m = cmd.message();
    // A member's own message comes back in bot-to-bot mode: the coordinator sent it and already
    // has it, from MessageSent.
    boolean ours =
        m.speakerBotId() != null
            && !m.speakerBotId().isEmpty()
            && state.settings().members().stream()
                .anyMatch(
                    b ->
                        b.botId().equals(m.speakerBotId())
                            || b.handle().equalsIgnoreCase(m.speakerBotId()));
    if (ours || state.seen().contains(m.messageId())) {
      SwarmMetrics.MESSAGES_DUPLICATE.increment();
      return Effect().reply(cmd.replyTo(), StatusReply.success(new Receipt(true)));
    }
    if (m.text() == null || m.text().isBlank())
      return Effect()
          .reply(cmd.replyTo(), StatusReply.error("message " + m.messageId() + " has no text"));
    var event =
        new MessageReceived(
            chatId,
            m.messageId(),
            m.speaker(),
            m.speakerBotId() == null ? "" : m.speakerBotId(),
            m.text(),
            m.replyToMessageId().orElse(null),
            m.at() == null ? services.clock().instant() : m.at());
    long start = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun(
            s -> {
              SwarmMetrics.journalWrite(ENTITY_KEY.name(), start);
              SwarmMetrics.MESSAGES_RECEIVED.increment();
              afterMessage((ChatState) s, lineOf(event), m.replyToMessageId(), true);
            })
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new Receipt(false)));
  }

  private static ChatLine lineOf(MessageReceived e) {
    return new ChatLine(e.messageId(), e.speaker(), e.speakerBotId(), e.text(), e.at());
  }

  /** Every member hears the message; then those whose turn it is are asked for drafts. */
  private void afterMessage(
      ChatState state, ChatLine line, Optional<Long> replyTo, boolean fromOutside) {
    for (var member : state.settings().members())
      services
          .bots()
          .hear(
              member.botId(), line.speaker(), line.text(), member.botId().equals(line.speakerId()));
    askResponders(state, line, replyTo, fromOutside);
  }

  /**
   * The chat's last line when it is a person's message from within {@code draft-retry-for} and no
   * draft is on its way: an earlier incarnation took it in and died before anyone answered.
   */
  private Optional<ChatLine> unansweredQuestion(ChatState state) {
    if (state.recent().isEmpty() || !state.pending().isEmpty()) return Optional.empty();
    ChatLine last = state.recent().get(state.recent().size() - 1);
    boolean recent = last.at().plus(settings.draftRetryFor()).isAfter(services.clock().instant());
    return last.speakerId().isEmpty() && last.messageId() > 0 && recent
        ? Optional.of(last)
        : Optional.empty();
  }

  private ReplyEffect<Event, State> onAnswerAfterRestart(
      ChatState state, AnswerAfterRestart answer) {
    // Members heard it before the restart (or lost it with the dead node); only the asking is
    // redone.
    unansweredQuestion(state)
        .filter(l -> l.messageId() == answer.messageId())
        .ifPresent(
            l -> {
              log.info(
                  "chat {}: answering message {} taken in before a restart", chatId, l.messageId());
              askResponders(state, l, Optional.empty(), true);
            });
    return Effect().noReply();
  }

  private void askResponders(
      ChatState state, ChatLine line, Optional<Long> replyTo, boolean fromOutside) {
    if (!state.mayTalk(services.clock().instant())) return;
    Random rnd = new Random(chatId.hashCode() * 31L + line.messageId());
    List<String> speakers =
        fromOutside
            ? TurnTaking.responders(state, line, replyTo, settings.maxResponders(), rnd)
            : state.botChain() < settings.maxBotChain()
                ? TurnTaking.botReply(state, line, settings.botReplyChance(), rnd).stream().toList()
                : List.of();
    for (String botId : speakers) askForDraft(state, botId, Optional.of(line));
  }

  private void askForDraft(ChatState state, String botId, Optional<ChatLine> replyTo) {
    askForDraft(
        state,
        botId,
        replyTo,
        services.clock().instant().plus(settings.draftRetryFor()),
        CompletableFuture.completedFuture(null));
  }

  /**
   * Asks the bot for a draft once {@code ready} completes. A bot that does not answer at all (its
   * node died, its shard is moving) is asked again until {@code giveUpAt}, so that a question
   * posted during a failover is still answered after it; a bot that answers with a refusal is not.
   */
  private void askForDraft(
      ChatState state,
      String botId,
      Optional<ChatLine> replyTo,
      Instant giveUpAt,
      CompletionStage<?> ready) {
    draftsAsked++;
    services.transport().typing(chatId, botId);
    List<ChatLine> history = state.last(settings.history());
    ctx.pipeToSelf(
        ready.thenCompose(x -> services.drafts().draft(botId, history, replyTo)),
        (result, error) -> {
          if (error != null && services.clock().instant().isBefore(giveUpAt))
            return new DraftLost(botId, replyTo, giveUpAt);
          return new DraftReady(
              botId,
              error != null ? new DraftResult.Refusal("no draft: " + error.getMessage()) : result,
              replyTo.map(ChatLine::messageId).filter(id -> id > 0));
        });
  }

  private ReplyEffect<Event, State> onDraftLost(ChatState state, DraftLost lost) {
    draftsAsked = Math.max(0, draftsAsked - 1);
    log.info("chat {}: no draft from bot {} yet; asking again", chatId, lost.botId());
    askForDraft(
        state,
        lost.botId(),
        lost.replyTo(),
        lost.giveUpAt(),
        Patterns.after(
            RETRY_PAUSE,
            ctx.getSystem().classicSystem().scheduler(),
            ctx.getExecutionContext(),
            () -> CompletableFuture.completedFuture(null)));
    return Effect().noReply();
  }

  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  /** When the draft being considered was taken up; a persist stashes the next one till then. */
  private long considering;

  private ReplyEffect<Event, State> onDraftReady(ChatState state, DraftReady ready) {
    draftsAsked = Math.max(0, draftsAsked - 1);
    if (ready.result() instanceof DraftResult.Draft d)
      return consider(
          state, ready.botId(), d.text(), ready.replyToMessageId(), Optional.empty(), false);
    log.debug(
        "chat {} bot {} stays silent: {}",
        chatId,
        ready.botId(),
        ((DraftResult.Refusal) ready.result()).reason());
    return Effect().noReply();
  }

  /** The rules a draft goes through, in order; the first that holds it back decides. */
  private ReplyEffect<Event, State> consider(
      ChatState state,
      String botId,
      String text,
      Optional<Long> replyTo,
      Optional<ActorRef<StatusReply<Verdict>>> replyToRef,
      boolean due) {
    considering = System.nanoTime();
    Instant now = services.clock().instant();
    if (!state.settings().enabled())
      return reject(
          botId, RejectReason.CHAT_DISABLED, "bots are switched off in this chat", replyToRef);
    if (state.settings().member(botId).isEmpty())
      return reject(
          botId,
          RejectReason.NOT_A_MEMBER,
          "bot " + botId + " is not a member of chat " + chatId,
          replyToRef);
    if (state.settings().quietHours().map(q -> q.covers(now)).orElse(false))
      return reject(botId, RejectReason.QUIET_HOURS, "it is quiet hours in this chat", replyToRef);
    if (text == null || text.isBlank())
      return reject(botId, RejectReason.EMPTY, "the draft is empty", replyToRef);
    int maxText = services.transport().maxText();
    if (text.length() > maxText)
      return reject(
          botId,
          RejectReason.TOO_LONG,
          "the draft has "
              + text.length()
              + " characters, over the "
              + maxText
              + " a message may have",
          replyToRef);
    var duplicate =
        state.duplicateOf(
            text, now, settings.dedupWindow(), settings.dedupMessages(), settings.nearDuplicate());
    if (duplicate.isPresent()) {
      var d = duplicate.get();
      return reject(
          botId,
          RejectReason.DUPLICATE,
          String.format(
              "repeats %s's message %d (similarity %.2f)",
              d.of().speaker(), d.of().messageId(), d.similarity()),
          replyToRef);
    }
    // Drafts already waiting have their slots booked: a new one comes after them.
    Limiter booked = state.limiter();
    // A draft whose booked time has come goes before the drafts booked after it: counting their
    // later slots against it would push it behind them, and them behind it, for ever.
    for (Waiting w : waiting)
      if (!due || !w.until().isAfter(now)) booked = booked.admit(w.botId(), w.until());
    Instant earliest = booked.earliest(botId, now);
    if (earliest.isAfter(now)) {
      String why = booked.blocking(botId, now);
      if (!earliest.isAfter(now.plus(settings.maxDeferral()))
          && waiting.size() < settings.maxDeferred()) {
        waiting.add(new Waiting(botId, text, replyTo, earliest));
        scheduleWaiting(now);
        SwarmMetrics.draft("deferred", "none", considering);
        services.transport().held(chatId, botId, "deferred", why);
        replyToRef.ifPresent(r -> r.tell(StatusReply.success(new Deferred(earliest, why))));
        return Effect().noReply();
      }
      return reject(
          botId, RejectReason.RATE_LIMITED, why + " (next slot " + earliest + ")", replyToRef);
    }
    long draftId = state.nextDraftId();
    var admitted = new DraftAdmitted(chatId, draftId, botId, text, replyTo.orElse(null), now);
    long start = System.nanoTime();
    return Effect()
        .persist(admitted)
        .thenRun(
            s -> {
              SwarmMetrics.journalWrite(ENTITY_KEY.name(), start);
              SwarmMetrics.draft("admitted", "none", considering);
              replyToRef.ifPresent(r -> r.tell(StatusReply.success(new Admitted(draftId))));
              ctx.pipeToSelf(
                  services
                      .transport()
                      .send(new ChatTransport.Outgoing(chatId, draftId, botId, text, replyTo)),
                  (outcome, error) ->
                      new SendCompleted(
                          draftId,
                          error != null
                              ? new ChatTransport.Unknown(
                                  "the transport failed: " + error.getMessage())
                              : outcome));
            })
        .thenNoReply();
  }

  private ReplyEffect<Event, State> reject(
      String botId,
      RejectReason reason,
      String detail,
      Optional<ActorRef<StatusReply<Verdict>>> replyToRef) {
    log.debug("chat {} bot {} draft rejected: {}", chatId, botId, detail);
    return Effect()
        .persist(new DraftRejected(chatId, botId, reason, detail, services.clock().instant()))
        .thenRun(
            s -> {
              SwarmMetrics.draft("rejected", reason.name().toLowerCase(), considering);
              services.transport().held(chatId, botId, reason.name().toLowerCase(), detail);
              replyToRef.ifPresent(r -> r.tell(StatusReply.success(new Rejected(reason, detail))));
            })
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onSendCompleted(ChatState state, SendCompleted done) {
    var pending = state.pending().get(done.draftId());
    if (pending == null) return Effect().noReply();
    Instant now = services.clock().instant();
    if (done.outcome() instanceof ChatTransport.Sent sent) {
      var event =
          new MessageSent(
              chatId,
              done.draftId(),
              pending.botId(),
              sent.messageId(),
              pending.text(),
              pending.replyToMessageId(),
              now);
      var line =
          new ChatLine(
              sent.messageId(),
              state
                  .settings()
                  .member(pending.botId())
                  .map(ChatSettings.Member::name)
                  .orElse(pending.botId()),
              pending.botId(),
              pending.text(),
              now);
      return Effect()
          .persist(event)
          .thenRun(
              s -> {
                SwarmMetrics.sent("sent");
                afterMessage((ChatState) s, line, Optional.empty(), false);
              })
          .thenNoReply();
    }
    if (done.outcome() instanceof ChatTransport.Failed failed)
      return Effect()
          .persist(new SendFailed(chatId, done.draftId(), pending.botId(), failed.reason(), now))
          .thenRun(s -> SwarmMetrics.sent("failed"))
          .thenNoReply();
    var unknown = (ChatTransport.Unknown) done.outcome();
    return Effect()
        .persist(
            new SendOutcomeUnknown(chatId, done.draftId(), pending.botId(), unknown.reason(), now))
        .thenRun(s -> SwarmMetrics.sent("unknown"))
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onResolveInterrupted(ChatState state, ResolveInterrupted cmd) {
    var pending = state.pending().get(cmd.draftId());
    if (pending == null) return Effect().noReply();
    log.warn(
        "chat {} message {} of bot {} was admitted but its outcome was not recorded; it is not sent again",
        chatId,
        cmd.draftId(),
        pending.botId());
    return Effect()
        .persist(
            new SendOutcomeUnknown(
                chatId,
                cmd.draftId(),
                pending.botId(),
                "the coordinator stopped between admitting and recording the send",
                services.clock().instant()))
        .thenNoReply();
  }

  /** Waiting drafts whose time has come, one a tick; an idle chat gets a conversation starter. */
  private ReplyEffect<Event, State> onTick(ChatState state) {
    Instant now = services.clock().instant();
    Optional<Waiting> due = waiting.stream().filter(w -> !w.until().isAfter(now)).findFirst();
    if (due.isPresent()) {
      waiting.remove(due.get());
      scheduleWaiting(now);
      return consider(
          state,
          due.get().botId(),
          due.get().text(),
          due.get().replyToMessageId(),
          Optional.empty(),
          true);
    }
    if (draftsAsked == 0 && state.wantsStarter(now, settings.starterEvery())) {
      var members = state.settings().members();
      askForDraft(
          state,
          members.get(new Random(now.toEpochMilli()).nextInt(members.size())).botId(),
          Optional.empty());
    }
    return Effect().noReply();
  }

  /** One timer for the earliest waiting draft. */
  private void scheduleWaiting(Instant now) {
    waiting.stream()
        .map(Waiting::until)
        .min(Instant::compareTo)
        .ifPresentOrElse(
            until ->
                timers.startSingleTimer(
                    WAITING_TIMER,
                    Tick.INSTANCE,
                    Duration.between(now, until).isNegative()
                        ? Duration.ZERO
                        : Duration.between(now, until)),
            () -> timers.cancel(WAITING_TIMER));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ChatCoordinator::applyEvent);
  }

  /** The event handler as a function, shared with the journal tools. */
  public static State applyEvent(State state, Event event) {
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
