package io.botswarm.chat;

import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.persistence.typed.javadsl.EffectBuilder;
import akka.persistence.typed.javadsl.EffectFactories;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.chat.ChatCoordinator.DraftAdmitted;
import io.botswarm.chat.ChatCoordinator.DraftRejected;
import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatCoordinator.MessageSent;
import io.botswarm.chat.ChatCoordinator.SendCompleted;
import io.botswarm.chat.ChatCoordinator.SendFailed;
import io.botswarm.chat.ChatCoordinator.State;
import io.botswarm.chat.ChatCoordinator.Tick;
import io.botswarm.chat.ChatStanding.MemberCannotPost;
import io.botswarm.chat.ChatTurns.DraftReady;
import io.botswarm.chat.Verdict.Admitted;
import io.botswarm.chat.Verdict.Deferred;
import io.botswarm.chat.Verdict.Rejected;
import io.botswarm.generation.DraftResult;
import io.botswarm.metrics.SwarmMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A coordinator's outgoing side: an {@link Admission} decision as events and effects, the drafts
 * waiting for their slot (one private timer, for the head of the queue), and the hand-over of an
 * admitted message to the {@link ChatTransport}, journaled before it and its outcome after it,
 * never twice. What a refused send says about the chat is kept: a bot Telegram does not let post
 * there is journaled as such ({@link MemberCannotPost}), a flood (429) is remembered until it ends,
 * and both keep the bot from being asked for drafts ({@link #roomFor}).
 */
final class ChatOutgoing {

  static final String WAITING_TIMER = "waiting";

  /** A decision's effect (the caller replies, or not) and the verdict a submitter is told. */
  record Considered(EffectBuilder<Event, State> effect, Verdict verdict) {}

  private final String chatId;
  private final Admission.Rules rules;
  private final ChatServices services;
  private final ChatTurns turns;
  private final EffectFactories<Event, State> effects;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;

  /**
   * Drafts over a limit that may go soon, in order of arrival; not journaled, so they do not
   * outlive this incarnation.
   */
  private final List<Admission.Waiting> waiting = new ArrayList<>();

  /**
   * Until when Telegram's flood control holds a bot (a 429 to one of its sends here, whether for
   * this chat or bot-wide), by bot id; not journaled: a flood ends within minutes.
   */
  private final Map<String, Instant> flooded = new HashMap<>();

  ChatOutgoing(
      String chatId,
      Admission.Rules rules,
      ChatServices services,
      ChatTurns turns,
      EffectFactories<Event, State> effects,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers) {
    this.chatId = chatId;
    this.rules = rules;
    this.services = services;
    this.turns = turns;
    this.effects = effects;
    this.ctx = ctx;
    this.timers = timers;
  }

  /** A new draft, from a bot's submission or a requested draft. */
  private Considered submit(ChatState state, Admission.Draft draft) {
    return consider(state, draft, Admission.decide(state, waiting, draft, now(), rules), false);
  }

  /**
   * A bot's own draft, from outside turn-taking: a reply goes to its message's forum topic,
   * anything else to General.
   */
  Considered submitted(ChatState state, ChatCoordinator.Submit cmd) {
    long threadId = cmd.replyToMessageId().map(state::threadOf).orElse(0L);
    return submit(
        state, new Admission.Draft(cmd.botId(), cmd.text(), cmd.replyToMessageId(), threadId));
  }

  /** A requested draft came back: it goes through the rules; a refusal is silence. */
  EffectBuilder<Event, State> drafted(ChatState state, DraftReady ready) {
    turns.answered();
    if (ready.result() instanceof DraftResult.Draft d)
      return submit(
              state,
              new Admission.Draft(
                  ready.botId(), d.text(), ready.replyToMessageId(), ready.threadId()))
          .effect();
    ctx.getLog()
        .debug(
            "chat {} bot {} stays silent: {}",
            chatId,
            ready.botId(),
            ((DraftResult.Refusal) ready.result()).reason());
    return effects.none();
  }

  /** The head of the queue when its time has come, taken off it and decided again. */
  Optional<EffectBuilder<Event, State>> due(ChatState state, Instant now) {
    Optional<Admission.Waiting> due = Admission.nextDue(waiting, now);
    if (due.isEmpty()) return Optional.empty();
    waiting.remove(due.get());
    scheduleWaiting(now);
    return Optional.of(
        consider(
                state,
                due.get().draft(),
                Admission.decideDue(state, waiting, due.get(), now, rules),
                true)
            .effect());
  }

  /** Why a message from {@code botId} could not be posted now nor soon, if so: see Admission. */
  Optional<Admission.Reject> roomFor(ChatState state, String botId, Instant now) {
    forgetFloodsOver(now);
    return Admission.roomFor(
        state, waiting, botId, now, rules, Optional.ofNullable(flooded.get(botId)));
  }

  /** Telegram's flood control holds {@code botId} here until {@code until}, or longer. */
  void flooded(String botId, Instant until) {
    flooded.merge(botId, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** The bots a flood holds here now, and until when. */
  Map<String, Instant> floods(Instant now) {
    forgetFloodsOver(now);
    return Map.copyOf(flooded);
  }

  private void forgetFloodsOver(Instant now) {
    flooded.values().removeIf(until -> !until.isAfter(now));
  }

  /** A chat that stopped running drops its waiting drafts. */
  void dropWaiting() {
    waiting.clear();
    timers.cancel(WAITING_TIMER);
  }

  /** {@code head}: the draft was the head of the queue, and stays it if it must wait again. */
  private Considered consider(
      ChatState state, Admission.Draft draft, Admission.Decision decision, boolean head) {
    long considering = System.nanoTime();
    Instant now = now();
    String botId = draft.botId();
    if (decision instanceof Admission.Defer defer) {
      waiting.add(head ? 0 : waiting.size(), new Admission.Waiting(draft, defer.until()));
      scheduleWaiting(now);
      SwarmMetrics.draft("deferred", "none", considering);
      services.transport().held(chatId, botId, "deferred", defer.reason());
      return new Considered(effects.none(), new Deferred(defer.until(), defer.reason()));
    }
    if (decision instanceof Admission.Reject reject) {
      String reason = reject.reason().name().toLowerCase();
      ctx.getLog().debug("chat {} bot {} draft rejected: {}", chatId, botId, reject.detail());
      var effect =
          effects
              .persist(new DraftRejected(chatId, botId, reject.reason(), reject.detail(), now))
              .thenRun(
                  s -> {
                    SwarmMetrics.draft("rejected", reason, considering);
                    services.transport().held(chatId, botId, reason, reject.detail());
                  });
      return new Considered(effect, new Rejected(reject.reason(), reject.detail()));
    }
    long draftId = state.nextDraftId();
    Long replyTo = draft.replyToMessageId().orElse(null);
    // The journal keeps the chat's id for what it answers; Telegram wants the bot's own.
    var outgoing =
        new ChatTransport.Outgoing(
            chatId,
            draftId,
            botId,
            draft.text(),
            draft.replyToMessageId().flatMap(id -> state.replyIdFor(id, botId)),
            draft.threadId());
    var effect =
        effects
            .persist(
                new DraftAdmitted(
                    chatId, draftId, botId, draft.text(), replyTo, now, draft.threadId()))
            .thenRun(
                s -> {
                  SwarmMetrics.journalWrite(ChatCoordinator.ENTITY_KEY.name(), considering);
                  SwarmMetrics.draft("admitted", "none", considering);
                  ctx.pipeToSelf(
                      services.transport().send(outgoing),
                      (outcome, error) ->
                          new SendCompleted(
                              draftId,
                              error != null
                                  ? new ChatTransport.Unknown(
                                      "the transport failed: " + error.getMessage())
                                  : outcome));
                });
    return new Considered(effect, new Admitted(draftId));
  }

  /** The transport's answer for an admitted message; a message sent is heard and answered. */
  EffectBuilder<Event, State> completed(ChatState state, SendCompleted done) {
    var pending = state.pending().get(done.draftId());
    if (pending == null) return effects.none();
    Event event = state.handedOver(pending, done.outcome(), now());
    List<Event> events = new ArrayList<>(List.of(event));
    if (done.outcome() instanceof ChatTransport.Failed failed && failed.refusal().isPresent()) {
      var refusal = failed.refusal().get();
      if (refusal instanceof ChatTransport.CannotPost cannot && state.mayPost(pending.botId()))
        events.add(new MemberCannotPost(chatId, pending.botId(), cannot.why(), now()));
      else if (refusal instanceof ChatTransport.Flooded flood)
        flooded(pending.botId(), flood.until());
    }
    return effects
        .persist(events)
        .thenRun(
            s -> {
              events.stream().skip(1).forEach(e -> ChatStanding.logged(ctx.getLog(), e));
              if (event instanceof MessageSent sent) {
                SwarmMetrics.sent(sent.whole() ? "sent" : "cut_off");
                if (!sent.whole())
                  ctx.getLog()
                      .warn(
                          "chat {} message {} of bot {}: only {} of its {} parts reached the chat",
                          chatId,
                          sent.draftId(),
                          sent.botId(),
                          sent.partsSent(),
                          sent.parts());
                ChatState chat = (ChatState) s;
                turns.afterMessage(chat, chat.lineOf(sent), Optional.empty(), false);
              } else {
                SwarmMetrics.sent(event instanceof SendFailed ? "failed" : "unknown");
              }
            });
  }

  /**
   * A message admitted by an earlier incarnation whose outcome was never journaled: it may be in
   * the chat, so it is recorded as unknown and never sent again.
   */
  EffectBuilder<Event, State> interrupted(ChatState state, long draftId) {
    var pending = state.pending().get(draftId);
    if (pending == null) return effects.none();
    ctx.getLog()
        .warn(
            "chat {} message {} of bot {} was admitted but its outcome was not recorded; it is not sent again",
            chatId,
            draftId,
            pending.botId());
    var unknown =
        new ChatTransport.Unknown(
            "the coordinator stopped between admitting and recording the send");
    return effects.persist(state.handedOver(pending, unknown, now()));
  }

  /** One timer, for the head of the queue. */
  private void scheduleWaiting(Instant now) {
    Admission.wakeAt(waiting)
        .ifPresentOrElse(
            until ->
                timers.startSingleTimer(
                    WAITING_TIMER,
                    Tick.INSTANCE,
                    until.isBefore(now) ? Duration.ZERO : Duration.between(now, until)),
            () -> timers.cancel(WAITING_TIMER));
  }

  private Instant now() {
    return services.clock().instant();
  }
}
