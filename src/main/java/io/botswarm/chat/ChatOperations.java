package io.botswarm.chat;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.pattern.StatusReply;
import akka.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import akka.persistence.typed.javadsl.EffectFactories;
import akka.persistence.typed.javadsl.ReplyEffect;
import io.botswarm.chat.ChatCoordinator.ApplySettings;
import io.botswarm.chat.ChatCoordinator.ChatConfigured;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.Configure;
import io.botswarm.chat.ChatCoordinator.Describe;
import io.botswarm.chat.ChatCoordinator.Discover;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.GetChat;
import io.botswarm.chat.ChatCoordinator.Receive;
import io.botswarm.chat.ChatCoordinator.Remove;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatCoordinator.Submit;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A coordinator's operator side: settings configured and applied (or only compared, in a dry run),
 * the chat removed, a bot's addition to an unknown group discovered. Changes are computed by {@link
 * ChatSettingsDiff}; this journals them and answers.
 */
final class ChatOperations {

  private final String chatId;
  private final ChatCoordinatorSettings settings;
  private final Clock clock;
  private final ChatOutgoing outgoing;
  private final EffectFactories<Event, State> effects;
  private final ActorContext<Command> ctx;

  ChatOperations(
      String chatId,
      ChatCoordinatorSettings settings,
      Clock clock,
      ChatOutgoing outgoing,
      EffectFactories<Event, State> effects,
      ActorContext<Command> ctx) {
    this.chatId = chatId;
    this.settings = settings;
    this.clock = clock;
    this.outgoing = outgoing;
    this.effects = effects;
    this.ctx = ctx;
  }

  /**
   * The operator's commands, in any state; in a chat that does not run (unknown, pending, removed,
   * migrated), every other command is refused or ignored: no message is taken in.
   */
  void register(CommandHandlerWithReplyBuilder<Command, Event, State> builder) {
    // First: the coordinator's state-type handlers would take these commands in their stead.
    builder
        .forAnyState()
        .onCommand(Configure.class, (state, cmd) -> configure(cmd))
        .onCommand(ApplySettings.class, this::apply)
        .onCommand(Remove.class, this::remove)
        .onCommand(Discover.class, this::discover)
        .onCommand(
            Describe.class,
            (state, cmd) ->
                effects.reply(
                    cmd.replyTo(),
                    StatusReply.success(
                        ChatSettingsDiff.describe(chatId, state)
                            .withFloods(outgoing.floods(clock.instant())))));
    builder
        .forState(state -> !(state instanceof ChatState))
        .onCommand(Receive.class, (state, cmd) -> refuse(cmd.replyTo(), state))
        .onCommand(Submit.class, (state, cmd) -> refuse(cmd.replyTo(), state))
        .onCommand(GetChat.class, (state, cmd) -> refuse(cmd.replyTo(), state))
        .onCommand(
            ChatStanding.PostingChanged.class,
            (state, cmd) -> effects.reply(cmd.replyTo(), StatusReply.success(Done.getInstance())))
        .onAnyCommand(cmd -> effects.noReply());
  }

  private <T> ReplyEffect<Event, State> refuse(ActorRef<StatusReply<T>> replyTo, State state) {
    return effects.reply(replyTo, StatusReply.error(silent(state)));
  }

  /** Why a chat that does not run takes no message. */
  String silent(State state) {
    if (state instanceof PendingChat)
      return "chat "
          + chatId
          + " is pending: bots were added to it, but the swarm definition does not list it";
    if (state instanceof RemovedChat) return "chat " + chatId + " was removed from the swarm";
    if (state instanceof MigratedChat m)
      return "chat " + chatId + " was upgraded to a supergroup: it continues as " + m.toChatId();
    return "unknown chat " + chatId + ": it has not been configured";
  }

  private static Optional<String> problem(ChatSettings s) {
    return s == null ? Optional.of("settings are missing") : s.problem();
  }

  ReplyEffect<Event, State> configure(Configure cmd) {
    var problem = problem(cmd.settings());
    if (problem.isPresent()) return effects.reply(cmd.replyTo(), StatusReply.error(problem.get()));
    var effective = cmd.settings().withDefaultLimits(settings.limits());
    return effects
        .persist(new ChatConfigured(chatId, effective, clock.instant()))
        .thenReply(cmd.replyTo(), state -> StatusReply.success((ChatState) state));
  }

  ReplyEffect<Event, State> apply(State state, ApplySettings cmd) {
    var problem = problem(cmd.settings());
    if (problem.isPresent()) return effects.reply(cmd.replyTo(), StatusReply.error(problem.get()));
    var desired = cmd.settings().withDefaultLimits(settings.limits());
    return applied(
        ChatSettingsDiff.apply(chatId, state, desired, clock.instant()),
        cmd.dryRun(),
        cmd.replyTo());
  }

  ReplyEffect<Event, State> remove(State state, Remove cmd) {
    return applied(ChatSettingsDiff.remove(chatId, state, clock.instant()), false, cmd.replyTo());
  }

  private ReplyEffect<Event, State> applied(
      List<Event> changes, boolean dryRun, ActorRef<StatusReply<SettingsApplied>> replyTo) {
    var reply = StatusReply.success(new SettingsApplied(changes));
    if (dryRun || changes.isEmpty()) return effects.reply(replyTo, reply);
    return effects
        .persist(changes)
        .thenRun(
            s -> {
              ctx.getLog().info("chat {}: {} changes applied", chatId, changes.size());
              // A chat that stopped running drops its waiting drafts; a member's go to the rules.
              if (!(s instanceof ChatState)) outgoing.dropWaiting();
            })
        .thenReply(replyTo, s -> reply);
  }

  ReplyEffect<Event, State> discover(State state, Discover cmd) {
    var events =
        ChatSettingsDiff.discover(chatId, state, cmd.title(), cmd.botId(), clock.instant());
    if (events.isEmpty())
      return effects.reply(
          cmd.replyTo(), StatusReply.success(ChatSettingsDiff.describe(chatId, state)));
    return effects
        .persist(events)
        .thenRun(
            s ->
                ctx.getLog()
                    .info(
                        "chat {} ({}): bot {} was added to it; silent until the swarm definition lists it",
                        chatId,
                        cmd.title(),
                        cmd.botId()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(ChatSettingsDiff.describe(chatId, s)));
  }
}
