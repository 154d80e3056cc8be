package io.botswarm.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rules a draft goes through before it may be posted, as one pure decision: no actor, no IO, no
 * clock (the caller passes {@code now}). In order, the first rule that holds a draft back decides:
 *
 * <ol>
 *   <li>the chat is enabled ({@link ChatSettings#enabled()});
 *   <li>the bot is a member of the chat;
 *   <li>Telegram lets the bot post there ({@link ChatState#mayPost}: not kicked, removed or
 *       restricted);
 *   <li>it is not the chat's quiet hours;
 *   <li>the text is not blank and not longer than the transport takes ({@link
 *       ChatTransport#maxText()}: Telegram's {@code sendMessage} takes 1–4,096 characters, <a
 *       href="https://core.telegram.org/bots/api#sendmessage">Bot API</a>);
 *   <li>it does not repeat, equal after normalisation or near-equal by {@link TextSimilarity}, one
 *       of the chat's last {@code dedupMessages} messages within {@code dedupWindow};
 *   <li>every rate limit of the {@link Limiter} has a slot now, each an exact sliding window (never
 *       more than its limit in any window of its period): Telegram's (about one message a second in
 *       one chat, "no more than 20 messages per minute in the same group"; <a
 *       href="https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this">Bots
 *       FAQ</a>) and the swarm's own (a chat-wide cap a minute, a cap per bot an hour, a gap
 *       between two messages of one bot), see {@link ChatLimits}. Drafts already waiting have their
 *       slots booked: a new draft comes after them, and they go in order of arrival. A draft
 *       without a slot now waits for the slot if that comes within {@code maxDeferral} and fewer
 *       than {@code maxDeferred} drafts wait; else it is rejected.
 * </ol>
 *
 * <p>Before a bot is asked for a draft, {@link #roomFor} books the slot first: the same rules but
 * the text's, and a flood Telegram holds the bot to, say whether a message from it could go now or
 * within {@code maxDeferral}; a bot whose message could not is not asked (a draft may be an LLM
 * call).
 */
public final class Admission {

  private Admission() {}

  /**
   * A draft as the rules see it; {@code threadId}: the forum topic it goes to (0: none), whose
   * recent messages are the ones it must not repeat. Telegram's send limits stay the chat's.
   */
  public record Draft(String botId, String text, Optional<Long> replyToMessageId, long threadId) {

    /** A draft for a chat without topics, or a forum's General topic. */
    public Draft(String botId, String text, Optional<Long> replyToMessageId) {
      this(botId, text, replyToMessageId, 0);
    }
  }

  /** A draft over a limit booked to go at {@code until}; the queue keeps the order of arrival. */
  public record Waiting(Draft draft, Instant until) {}

  /**
   * What the rules take from the coordinator's settings and its transport.
   *
   * @param maxText the longest text the transport takes
   */
  public record Rules(
      Duration maxDeferral,
      int maxDeferred,
      Duration dedupWindow,
      int dedupMessages,
      double nearDuplicate,
      int maxText) {

    public static Rules of(ChatCoordinatorSettings settings, int maxText) {
      return new Rules(
          settings.maxDeferral(),
          settings.maxDeferred(),
          settings.dedupWindow(),
          settings.dedupMessages(),
          settings.nearDuplicate(),
          maxText);
    }
  }

  /** What becomes of a draft. */
  public sealed interface Decision permits Admit, Defer, Reject {}

  /** It goes now. */
  public record Admit() implements Decision {}

  /** It waits for its slot at {@code until}; {@code reason} names the limit that binds. */
  public record Defer(Instant until, String reason) implements Decision {}

  /** It never goes. */
  public record Reject(RejectReason reason, String detail) implements Decision {}

  /** A new draft: it queues behind every waiting one. */
  public static Decision decide(
      ChatState state, List<Waiting> waiting, Draft draft, Instant now, Rules rules) {
    return decide(state, waiting, draft, now, rules, false);
  }

  /**
   * The head of the queue, taken off it because its booked time has come. It is decided against the
   * messages admitted so far only: every draft still waiting arrived after it. A head that cannot
   * go yet (an earlier one went later than booked) stays the head, booked again; counting the later
   * bookings against it would push it behind them, out of order or for ever.
   */
  public static Decision decideDue(
      ChatState state, List<Waiting> waiting, Waiting due, Instant now, Rules rules) {
    return decide(state, waiting, due.draft(), now, rules, true);
  }

  /** The head of the queue when its booked time has come: drafts go in order of arrival. */
  public static Optional<Waiting> nextDue(List<Waiting> waiting, Instant now) {
    if (waiting.isEmpty() || waiting.get(0).until().isAfter(now)) return Optional.empty();
    return Optional.of(waiting.get(0));
  }

  /** When the head of the queue is due, if a draft waits. */
  public static Optional<Instant> wakeAt(List<Waiting> waiting) {
    return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.get(0).until());
  }

  private static Decision decide(
      ChatState state, List<Waiting> waiting, Draft draft, Instant now, Rules rules, boolean due) {
    String botId = draft.botId();
    String text = draft.text();
    var standing = standing(state, botId, now);
    if (standing.isPresent()) return standing.get();
    if (text == null || text.isBlank()) return new Reject(RejectReason.EMPTY, "the draft is empty");
    if (text.length() > rules.maxText())
      return new Reject(
          RejectReason.TOO_LONG,
          "the draft has "
              + text.length()
              + " characters, over the "
              + rules.maxText()
              + " a message may have");
    var duplicate =
        state.duplicateOf(
            text,
            draft.threadId(),
            now,
            rules.dedupWindow(),
            rules.dedupMessages(),
            rules.nearDuplicate());
    if (duplicate.isPresent()) {
      var d = duplicate.get();
      return new Reject(
          RejectReason.DUPLICATE,
          String.format(
              "repeats %s's message %d (similarity %.2f)",
              d.of().speaker(), d.of().messageId(), d.similarity()));
    }
    return slot(state, waiting, botId, now, rules, due);
  }

  /**
   * Why a message from {@code botId} could not be posted now nor within {@code maxDeferral}, if it
   * could not: the chat's and the bot's standing, the flood Telegram holds the bot to ({@code
   * floodedUntil}, from a 429), the limits with the waiting drafts booked. Empty: the bot may be
   * asked for a draft. For a text that is neither empty, too long nor a repeat, it is present
   * exactly when {@link #decide} would reject that text at the same instant, floods apart.
   */
  public static Optional<Reject> roomFor(
      ChatState state,
      List<Waiting> waiting,
      String botId,
      Instant now,
      Rules rules,
      Optional<Instant> floodedUntil) {
    var standing = standing(state, botId, now);
    if (standing.isPresent()) return standing;
    if (floodedUntil.isPresent() && floodedUntil.get().isAfter(now.plus(rules.maxDeferral())))
      return Optional.of(
          new Reject(
              RejectReason.RATE_LIMITED,
              "Telegram's flood control holds bot " + botId + " until " + floodedUntil.get()));
    return slot(state, waiting, botId, now, rules, false) instanceof Reject r
        ? Optional.of(r)
        : Optional.empty();
  }

  /** The rules about the chat and the bot, not the text: enabled, member, may post, quiet hours. */
  private static Optional<Reject> standing(ChatState state, String botId, Instant now) {
    var settings = state.settings();
    if (!settings.enabled())
      return Optional.of(
          new Reject(RejectReason.CHAT_DISABLED, "bots are switched off in this chat"));
    if (settings.member(botId).isEmpty())
      return Optional.of(
          new Reject(
              RejectReason.NOT_A_MEMBER,
              "bot " + botId + " is not a member of chat " + state.chatId()));
    if (!state.mayPost(botId))
      return Optional.of(
          new Reject(
              RejectReason.CANNOT_POST,
              "Telegram does not let bot "
                  + botId
                  + " post in chat "
                  + state.chatId()
                  + ": "
                  + state.cannotPost().get(botId)));
    if (settings.quietHours().map(q -> q.covers(now)).orElse(false))
      return Optional.of(new Reject(RejectReason.QUIET_HOURS, "it is quiet hours in this chat"));
    return Optional.empty();
  }

  /** The rate limits, with the waiting drafts' slots booked unless {@code due}. */
  private static Decision slot(
      ChatState state, List<Waiting> waiting, String botId, Instant now, Rules rules, boolean due) {
    Limiter booked = state.limiter();
    if (!due) for (Waiting w : waiting) booked = booked.admit(w.draft().botId(), w.until());
    Limiter.Slot slot = booked.next(botId, now);
    if (!slot.at().isAfter(now)) return new Admit();
    if (!slot.at().isAfter(now.plus(rules.maxDeferral())) && waiting.size() < rules.maxDeferred())
      return new Defer(slot.at(), slot.limit());
    return new Reject(RejectReason.RATE_LIMITED, slot.limit() + " (next slot " + slot.at() + ")");
  }
}
