package io.botswarm.chat;

import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import io.botswarm.chat.ChatCoordinator.Command;
import io.botswarm.generation.ChatLine;
import io.botswarm.generation.DraftResult;
import io.botswarm.metrics.SwarmMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A coordinator's side of the conversation that journals nothing: members hear every message, the
 * bots whose turn it is are asked for drafts (again, on a private timer, while a bot does not
 * answer at all), and an idle chat gets a conversation starter. A bot is asked only when a message
 * from it could be posted ({@link Room}): a draft may cost an LLM call. Drafts come back to the
 * coordinator as {@link DraftReady}; their rules are {@link Admission}'s.
 */
final class ChatTurns {

  /**
   * A bot answered a request for a draft, with a draft or a refusal; the draft goes to the forum
   * topic {@code threadId} (0: none) of what it answers, or a starter's.
   */
  record DraftReady(
      String botId, DraftResult result, Optional<Long> replyToMessageId, long threadId)
      implements Command {}

  /** A draft that did not come (no answer from the bot): asked again until {@code giveUpAt}. */
  record DraftLost(String botId, Optional<ChatLine> replyTo, Instant giveUpAt) implements Command {}

  /** The timer after a {@link DraftLost}: the bot is asked again. */
  record AskAgain(String botId, Optional<ChatLine> replyTo, Instant giveUpAt) implements Command {}

  /** Where the outgoing side says whether a message from a bot could go now or soon. */
  interface Room {
    /** Why a message from {@code botId} could not be posted now nor soon; empty if it could. */
    Optional<Admission.Reject> roomFor(ChatState state, String botId, Instant now);
  }

  /** A bot that did not answer a request for a draft is asked again after this pause. */
  static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final String chatId;
  private final ChatCoordinatorSettings settings;
  private final ChatServices services;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Room room;

  /** Requests for drafts not answered yet; a chat waiting for drafts gets no starter. */
  private int draftsAsked;

  ChatTurns(
      String chatId,
      ChatCoordinatorSettings settings,
      ChatServices services,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Room room) {
    this.chatId = chatId;
    this.settings = settings;
    this.services = services;
    this.ctx = ctx;
    this.timers = timers;
    this.room = room;
  }

  /** Every member hears the message; then those whose turn it is are asked for drafts. */
  void afterMessage(ChatState state, ChatLine line, Optional<Long> replyTo, boolean fromOutside) {
    if (fromOutside) latestBacklog = Optional.empty();
    for (var member : state.settings().members())
      services
          .hearing()
          .hear(
              member.botId(), line.speaker(), line.text(), member.botId().equals(line.speakerId()));
    askResponders(state, line, replyTo, fromOutside);
  }

  /**
   * A person's message taken in by an earlier incarnation that died before any bot answered:
   * members heard it then (or lost it with the dead node); only the asking is redone.
   */
  void answerAfterRestart(ChatState state, long messageId) {
    state
        .unansweredQuestion(now(), settings.draftRetryFor())
        .filter(l -> l.messageId() == messageId)
        .ifPresent(
            l -> {
              ctx.getLog()
                  .info(
                      "chat {}: answering message {} taken in before a restart",
                      chatId,
                      l.messageId());
              askResponders(state, l, Optional.empty(), true);
            });
  }

  private void askResponders(
      ChatState state, ChatLine line, Optional<Long> replyTo, boolean fromOutside) {
    if (!state.mayTalk(now())) return;
    Random rnd = new Random(chatId.hashCode() * 31L + line.messageId());
    List<String> speakers =
        fromOutside
            ? TurnTaking.responders(state, line, replyTo, settings.maxResponders(), rnd)
            : state.botChain(line.threadId()) < settings.maxBotChain()
                ? TurnTaking.botReply(state, line, settings.botReplyChance(), rnd).stream().toList()
                : List.of();
    // A bot's message never reaches the other bots of a basic group as a copy (Telegram does not
    // deliver bots' messages to bots): its answer goes without quoting it.
    for (String botId : speakers)
      if (fromOutside && line.messageId() > 0 && !state.canReplyTo(line.messageId(), botId))
        awaitCopy(line, botId);
      else askForDraft(state, botId, Optional.of(line), now().plus(settings.draftRetryFor()));
  }

  /** An idle chat, where nobody is writing a draft, gets a conversation starter. */
  void maybeStart(ChatState state, Instant now) {
    if (draftsAsked > 0 || !state.wantsStarter(now, settings.starterEvery())) return;
    var members = state.postingMembers();
    String botId = members.get(new Random(now.toEpochMilli()).nextInt(members.size())).botId();
    askForDraft(state, botId, Optional.empty(), now.plus(settings.draftRetryFor()));
  }

  /**
   * Asks the bot for a draft. A bot that does not answer at all (its node died, its shard is
   * moving) is asked again until {@code giveUpAt}, so that a question posted during a failover is
   * still answered after it; a bot that answers with a refusal is not. A bot whose message could
   * not be posted now nor soon is not asked.
   */
  private void askForDraft(
      ChatState state, String botId, Optional<ChatLine> replyTo, Instant giveUpAt) {
    var noRoom = room.roomFor(state, botId, now());
    if (noRoom.isPresent()) {
      ctx.getLog()
          .debug("chat {}: bot {} not asked for a draft: {}", chatId, botId, noRoom.get().detail());
      SwarmMetrics.draftNotAsked(noRoom.get().reason().name().toLowerCase(Locale.ROOT));
      return;
    }
    draftsAsked++;
    // An answer stays in its message's forum topic, with that topic's lines as its context; a
    // starter goes to the chat's starter topic.
    long threadId =
        replyTo.map(ChatLine::threadId).orElseGet(() -> state.settings().starterThreadId());
    services.transport().typing(chatId, botId, threadId);
    ctx.pipeToSelf(
        services.drafts().draft(botId, chatId, state.last(settings.history(), threadId), replyTo),
        (result, error) -> {
          if (error != null && now().isBefore(giveUpAt))
            return new DraftLost(botId, replyTo, giveUpAt);
          return new DraftReady(
              botId,
              error != null ? new DraftResult.Refusal("no draft: " + error.getMessage()) : result,
              replyTo.map(ChatLine::messageId).filter(id -> id > 0),
              threadId);
        });
  }

  /** No draft came: the request stays open while the pause runs, then the bot is asked again. */
  void draftLost(DraftLost lost) {
    ctx.getLog().info("chat {}: no draft from bot {} yet; asking again", chatId, lost.botId());
    timers.startSingleTimer(
        "ask-again-" + lost.botId() + "-" + lost.replyTo().map(ChatLine::messageId).orElse(0L),
        new AskAgain(lost.botId(), lost.replyTo(), lost.giveUpAt()),
        RETRY_PAUSE);
  }

  void askAgain(ChatState state, AskAgain again) {
    draftsAsked = Math.max(0, draftsAsked - 1);
    askForDraft(state, again.botId(), again.replyTo(), again.giveUpAt());
  }

  /** A request was answered, with a draft or a refusal. */
  void answered() {
    draftsAsked = Math.max(0, draftsAsked - 1);
  }

  private Instant now() {
    return services.clock().instant();
  }

  // --- messages heard, not answered; basic groups' copies (#15) ---------------------------

  /** Responders chosen for a basic group's message whose own copy has not reached them yet. */
  private final Map<Long, Set<String>> awaiting = new LinkedHashMap<>();

  /** Lines the {@link #awaiting} bots are to answer, by the journaled id. */
  private final Map<Long, ChatLine> awaitedLines = new HashMap<>();

  /** Chats whose bots lost a message's copy (privacy mode, a kick) keep only this many waiting. */
  private static final int AWAITED = 50;

  /** The latest message of a backlog, for the {@code answer-latest} policy, and when it came. */
  private Optional<ChatLine> latestBacklog = Optional.empty();

  private Instant backlogSince = Instant.EPOCH;

  /**
   * A bot chosen to answer a basic group's message waits for its own copy (its gateway's update):
   * it can only quote the message under its own id, and no other bot's id means the same there.
   */
  private void awaitCopy(ChatLine line, String botId) {
    awaiting.computeIfAbsent(line.messageId(), id -> new LinkedHashSet<>()).add(botId);
    awaitedLines.put(line.messageId(), line);
    while (awaiting.size() > AWAITED) {
      Long oldest = awaiting.keySet().iterator().next();
      awaiting.remove(oldest);
      awaitedLines.remove(oldest);
    }
  }

  /** {@code botId}'s copy of the message arrived: if it was chosen to answer, it is asked now. */
  void copyArrived(ChatState state, long messageId, String botId) {
    Set<String> bots = awaiting.get(messageId);
    if (bots == null || !bots.remove(botId)) return;
    ChatLine line = awaitedLines.get(messageId);
    if (bots.isEmpty()) {
      awaiting.remove(messageId);
      awaitedLines.remove(messageId);
    }
    if (state.mayTalk(now()))
      askForDraft(state, botId, Optional.of(line), now().plus(settings.draftRetryFor()));
  }

  /**
   * A message nobody is asked to answer: members hear it (it is the conversation's context); the
   * latest of a backlog is kept for the {@code answer-latest} policy.
   */
  void heardOnly(ChatState state, ChatLine line, Unanswered why) {
    for (var member : state.settings().members())
      services.hearing().hear(member.botId(), line.speaker(), line.text(), false);
    if (why == Unanswered.BACKLOG
        && settings.backlog() == ChatCoordinatorSettings.Backlog.ANSWER_LATEST
        && line.speakerId().isEmpty()) {
      latestBacklog = Optional.of(line);
      backlogSince = now();
    }
  }

  /**
   * The {@code answer-latest} policy: once a tick passed without more of the backlog, one bot
   * answers its latest message, if it is still the chat's last word and nothing is on its way.
   */
  void catchUp(ChatState state, Instant now) {
    if (latestBacklog.isEmpty() || backlogSince.plus(settings.tick()).isAfter(now)) return;
    ChatLine line = latestBacklog.get();
    latestBacklog = Optional.empty();
    var last = state.last(1);
    if (last.isEmpty() || last.get(0).messageId() != line.messageId()) return;
    if (!state.pending().isEmpty() || draftsAsked > 0 || !state.mayTalk(now)) return;
    Random rnd = new Random(chatId.hashCode() * 31L + line.messageId());
    for (String botId : TurnTaking.responders(state, line, Optional.empty(), 1, rnd)) {
      ctx.getLog()
          .info("chat {}: answering the latest of a backlog, message {}", chatId, line.messageId());
      if (!state.canReplyTo(line.messageId(), botId)) awaitCopy(line, botId);
      else askForDraft(state, botId, Optional.of(line), now.plus(settings.draftRetryFor()));
    }
  }
}
