package io.botswarm.chat;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.pattern.StatusReply;
import akka.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import akka.persistence.typed.javadsl.EffectBuilder;
import akka.persistence.typed.javadsl.EffectFactories;
import akka.persistence.typed.javadsl.ReplyEffect;
import io.botswarm.chat.ChatCoordinator.ApplySettings;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.Configure;
import io.botswarm.chat.ChatCoordinator.Discover;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.ResolveInterrupted;
import io.botswarm.chat.ChatCoordinator.SendCompleted;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatCoordinator.Tick;
import io.botswarm.metrics.SwarmMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A coordinator's side of a group upgraded to a supergroup (Telegram gives the chat a new id): its
 * commands and events, and their handlers. The old id's coordinator journals {@link ChatMigrated},
 * becomes a {@link MigratedChat} (nothing in, nothing out but the outcomes of sends on their way),
 * and hands its state to the supergroup's coordinator ({@link ContinueFrom}) until that one
 * acknowledges ({@link ChatHandedOver}); the supergroup's journals {@link ChatContinued} once. New
 * event classes of #15: journals written before them load unchanged.
 */
public final class ChatMigration {

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
  record HandOverAnswered(String toChatId, Optional<String> failure) implements Command {}

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

  private final String chatId;
  private final ChatCoordinatorSettings settings;
  private final ChatServices services;
  private final ChatOutgoing outgoing;
  private final EffectFactories<Event, State> effects;
  private final ActorContext<Command> ctx;

  ChatMigration(
      String chatId,
      ChatCoordinatorSettings settings,
      ChatServices services,
      ChatOutgoing outgoing,
      EffectFactories<Event, State> effects,
      ActorContext<Command> ctx) {
    this.chatId = chatId;
    this.settings = settings;
    this.services = services;
    this.outgoing = outgoing;
    this.effects = effects;
    this.ctx = ctx;
  }

  /** Replies owed to {@link MigrateTo}s, given once the supergroup took the chat over. */
  private final List<ActorRef<StatusReply<Done>>> awaitingHandOver = new ArrayList<>();

  /** A hand-over asked and not answered yet: one at a time. */
  private boolean handingOver;

  /**
   * Registered before the other handlers, which would take these commands in their stead: the
   * migration commands in any state, and everything a migrated chat answers otherwise (an
   * operator's settings for the old id are refused: they belong to the supergroup).
   */
  void register(CommandHandlerWithReplyBuilder<Command, Event, State> builder) {
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
        .onCommand(
            Tick.class,
            (state, cmd) -> {
              handOver(state);
              return effects.noReply();
            })
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
            (state, cmd) -> effects.reply(cmd.replyTo(), StatusReply.error(movedOn(state))))
        .onCommand(
            ApplySettings.class,
            (state, cmd) -> effects.reply(cmd.replyTo(), StatusReply.error(movedOn(state))))
        .onCommand(
            Discover.class,
            (state, cmd) ->
                effects.reply(
                    cmd.replyTo(), StatusReply.success(ChatSettingsDiff.describe(chatId, state))));
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
      return effects.reply(
          cmd.replyTo(),
          StatusReply.error(
              "chat "
                  + chatId
                  + " cannot migrate to '"
                  + to
                  + "': a supergroup's id is -100 followed by digits"));
    if (state instanceof MigratedChat migrated) {
      if (!migrated.toChatId().equals(to))
        return effects.reply(
            cmd.replyTo(),
            StatusReply.error(
                "chat " + chatId + " was upgraded to " + migrated.toChatId() + ", not " + to));
      if (migrated.handedOver()) return effects.reply(cmd.replyTo(), StatusReply.ack());
      awaitingHandOver.add(cmd.replyTo());
      handOver(migrated);
      return effects.noReply();
    }
    // A group the swarm does not run: nothing follows it (its supergroup is a new chat).
    if (!(state instanceof ChatState)) return effects.reply(cmd.replyTo(), StatusReply.ack());
    awaitingHandOver.add(cmd.replyTo());
    return migrate(List.of(), to).thenNoReply();
  }

  /**
   * A send refused because the group became a supergroup: recorded as failed, and the chat moves.
   */
  private ReplyEffect<Event, State> onSendMigrated(ChatState state, SendCompleted done) {
    var pending = state.pending().get(done.draftId());
    List<Event> failed =
        pending == null
            ? List.of()
            : List.of(state.handedOver(pending, done.outcome(), services.clock().instant()));
    if (!failed.isEmpty()) SwarmMetrics.sent("failed");
    return migrate(failed, migratedTo(done).orElseThrow()).thenNoReply();
  }

  private EffectBuilder<Event, State> migrate(List<Event> first, String to) {
    List<Event> events = new ArrayList<>(first);
    events.add(new ChatMigrated(chatId, to, services.clock().instant()));
    return effects
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
      return effects.noReply();
    }
    if (state.handedOver()) return effects.noReply();
    return effects
        .persist(new ChatHandedOver(chatId, cmd.toChatId(), services.clock().instant()))
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
    if (pending.isEmpty()) return effects.noReply();
    return effects
        .persist(state.before().handedOver(pending.get(), outcome, services.clock().instant()))
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onContinueFrom(State state, ContinueFrom cmd) {
    if (cmd.state() == null || !chatId.equals(cmd.state().chatId()))
      return effects.reply(
          cmd.replyTo(),
          StatusReply.error(
              "chat " + chatId + " cannot continue a chat handed over for another id"));
    if (state instanceof ChatState || state instanceof MigratedChat) {
      // A repeated hand-over, or a supergroup the operator configured before it came: as it is.
      ctx.getLog()
          .debug("chat {} already runs; hand-over from {} acknowledged", chatId, cmd.fromChatId());
      return effects.reply(cmd.replyTo(), StatusReply.ack());
    }
    return effects
        .persist(
            new ChatContinued(chatId, cmd.fromChatId(), cmd.state(), services.clock().instant()))
        .thenRun(
            s ->
                ctx.getLog()
                    .info(
                        "chat {} continues the group {} (upgraded to a supergroup), with its settings, members and history",
                        chatId,
                        cmd.fromChatId()))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }
}
