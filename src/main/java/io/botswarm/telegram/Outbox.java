package io.botswarm.telegram;

import akka.actor.typed.ActorRef;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gateway's messages waiting to be sent, and Telegram's pace for them: one message in flight per
 * chat (so that a chat's messages keep their order), the bot's own limit over all chats (a token
 * bucket), and per chat what 429s taught — a hold until the {@code retry_after} has passed, then at
 * most one message per the chat's interval for a while. Not journaled: the coordinators journal
 * what was admitted and what came of it.
 *
 * <p>A 429's {@code retry_after} is the time left until the chat has room again, in whole seconds,
 * not the chat's interval: a message refused late in the interval hears "1" where the chat allows
 * one message every 2 s. The interval is the time from the start of the chat's last accepted
 * message to the end of the hold (at least {@code retry_after}); paced at {@code retry_after}
 * instead, every later message would meet a 429 of its own. It is never slower than Telegram's
 * slowest pace for a chat ({@link #SLOWEST_CHAT_PACE}): a longer {@code retry_after} (a flood of
 * minutes) is a penalty, held once, not the chat's pace; paced at it, a chat would get one message
 * every five minutes for ten minutes after a 300 s flood.
 */
final class Outbox {

  /**
   * A message being sent: its parts, the next one to send, and the id Telegram gave the first.
   *
   * @param replyTo what its first part answers
   * @param threadId the forum topic every part goes to ({@code message_thread_id}); 0: none
   * @param notBefore when it may be tried again after a request that never reached Telegram
   */
  record Queued(
      long seq,
      String chatId,
      List<String> parts,
      int next,
      Optional<Long> replyTo,
      long threadId,
      Instant deadline,
      ActorRef<ChatTransport.Outcome> replyToRef,
      long firstMessageId,
      Instant notBefore,
      int attempts) {
    String part() {
      return parts.get(next);
    }

    boolean last() {
      return next == parts.size() - 1;
    }

    /**
     * What went out of it so far, as an outcome: its first {@link #next} parts (a message cut off
     * in parts says so, never "sent" as a whole).
     */
    ChatTransport.Sent sentSoFar() {
      return new ChatTransport.Sent(firstMessageId, next, parts.size());
    }
  }

  /**
   * What to do now: messages to send, messages given up without a request (their deadline passed,
   * or a hold outlasts it), when to look again.
   */
  record Due(List<Queued> send, List<Queued> expired, Optional<Instant> wakeAt) {}

  /**
   * What a 429 holds: nothing goes to the chat (with {@code botWide}, from the bot at all) before
   * {@code until}.
   */
  record Hold(Instant until, boolean botWide) {}

  /**
   * A 429's effect on its message: the hold, and whether the message was given up (out of the
   * queue) because the hold outlasts its deadline; else it waits the hold out, then goes on.
   */
  record Flooded(Hold hold, boolean givenUp) {}

  private record Pacing(Instant heldUntil, Duration interval, Instant lastSent, Instant forgetAt) {}

  /**
   * How long before a refused message the chat's last accepted one may have started and still be
   * the one the chat's limit counts from (beyond the {@code retry_after}): Telegram's slowest pace
   * in a group, 20 messages a minute. An older one says nothing of the chat: the 429 came from the
   * bot's limit over all chats.
   */
  static final Duration SLOWEST_CHAT_PACE = Duration.ofSeconds(3);

  private final Map<Long, Queued> queue = new LinkedHashMap<>();

  /** A chat's message under way, and when its request started. */
  private final Map<String, Instant> inFlight = new HashMap<>();

  /** When the request of a chat's last accepted message started. */
  private final Map<String, Instant> lastAccepted = new HashMap<>();

  private final Map<String, Pacing> pacing = new HashMap<>();

  /** A 429 on the bot's own limit: no request at all before this. */
  private Instant botHeldUntil = Instant.MIN;

  private TokenBucket perBot;
  private long nextSeq = 1;

  Outbox(int perBotPerSecond, Instant now) {
    this.perBot = TokenBucket.full(perBotPerSecond, Duration.ofSeconds(1), now);
  }

  Queued add(
      String chatId,
      List<String> parts,
      Optional<Long> replyTo,
      long threadId,
      Instant deadline,
      ActorRef<ChatTransport.Outcome> replyToRef,
      Instant now) {
    var q =
        new Queued(nextSeq++, chatId, parts, 0, replyTo, threadId, deadline, replyToRef, 0, now, 0);
    queue.put(q.seq(), q);
    return q;
  }

  Optional<Queued> get(long seq) {
    return Optional.ofNullable(queue.get(seq));
  }

  int size() {
    return queue.size();
  }

  Due due(Instant now) {
    List<Queued> send = new ArrayList<>();
    List<Queued> expired = new ArrayList<>();
    Instant wake = null;
    for (Queued q : List.copyOf(queue.values())) {
      if (inFlight.containsKey(q.chatId())) continue;
      Instant ready = readyAt(q, now);
      // A hold that outlasts the deadline: given up now, without a request, not at the deadline.
      if (q.next() == 0 && (now.isAfter(q.deadline()) || ready.isAfter(q.deadline()))) {
        queue.remove(q.seq());
        expired.add(q);
        continue;
      }
      if (ready.isAfter(now)) {
        wake = wake == null || ready.isBefore(wake) ? ready : wake;
        continue;
      }
      if (!perBot.hasToken(now)) {
        Instant next = perBot.nextTokenAt(now);
        wake = wake == null || next.isBefore(wake) ? next : wake;
        break;
      }
      perBot = perBot.take(now);
      inFlight.put(q.chatId(), now);
      send.add(q);
    }
    return new Due(send, expired, Optional.ofNullable(wake));
  }

  private Instant readyAt(Queued q, Instant now) {
    Instant at = q.notBefore().isAfter(botHeldUntil) ? q.notBefore() : botHeldUntil;
    Pacing p = pacing.get(q.chatId());
    if (p != null) {
      if (now.isAfter(p.forgetAt())) pacing.remove(q.chatId());
      else {
        Instant paced = p.lastSent() == null ? p.heldUntil() : p.lastSent().plus(p.interval());
        if (p.heldUntil().isAfter(paced)) paced = p.heldUntil();
        if (paced.isAfter(at)) at = paced;
      }
    }
    return at;
  }

  /** A part went out; returns the message if more parts are to go, else empty (it is done). */
  Optional<Queued> partSent(Queued q, long messageId, Instant now) {
    Instant started = inFlight.remove(q.chatId());
    if (started != null) lastAccepted.put(q.chatId(), started);
    pacing.computeIfPresent(
        q.chatId(), (c, p) -> new Pacing(p.heldUntil(), p.interval(), now, p.forgetAt()));
    if (q.last()) {
      queue.remove(q.seq());
      return Optional.empty();
    }
    var next =
        new Queued(
            q.seq(),
            q.chatId(),
            q.parts(),
            q.next() + 1,
            q.replyTo(),
            q.threadId(),
            q.deadline(),
            q.replyToRef(),
            q.next() == 0 ? messageId : q.firstMessageId(),
            now,
            0);
    queue.put(q.seq(), next);
    return Optional.of(next);
  }

  /**
   * A 429: the chat waits {@code retryAfter} seconds, then gets one message per its interval (see
   * the class comment; never shorter than one it learned before) until {@code memory} has passed
   * after the wait without another. When the chat's last accepted message is too old for its limit
   * to have refused this one (or there is none), the limit was the bot's own: no chat gets anything
   * before the wait is over. The hold stands whatever becomes of the message: given up (when the
   * hold outlasts its deadline: the caller answers {@link Queued#sentSoFar} or a failure) or sent
   * later.
   */
  Flooded floodControlled(Queued q, int retryAfter, Duration memory, Instant now) {
    Hold hold = held(q.chatId(), inFlight.remove(q.chatId()), retryAfter, memory, now);
    Instant chatHeld = pacing.get(q.chatId()).heldUntil();
    boolean givenUp =
        (chatHeld.isAfter(botHeldUntil) ? chatHeld : botHeldUntil).isAfter(q.deadline());
    if (givenUp) queue.remove(q.seq());
    return new Flooded(hold, givenUp);
  }

  /**
   * What a 429 to a request for the chat that started at {@code refused} holds, recorded: a
   * message's ({@link #floodControlled}) or "typing…"'s, which Telegram counts as it counts a
   * message.
   */
  Hold held(String chatId, Instant refused, int retryAfter, Duration memory, Instant now) {
    Duration wait = Duration.ofSeconds(Math.max(1, retryAfter));
    Instant heldUntil = now.plus(wait);
    Duration interval = wait;
    Pacing old = pacing.get(chatId);
    if (old != null && old.interval().compareTo(interval) > 0) interval = old.interval();
    Instant last = lastAccepted.get(chatId);
    boolean chatsOwn =
        last != null
            && refused != null
            && !last.isBefore(refused.minus(wait).minus(SLOWEST_CHAT_PACE));
    if (chatsOwn) {
      Duration shown = Duration.between(last, heldUntil);
      if (shown.compareTo(interval) > 0) interval = shown;
    } else if (heldUntil.isAfter(botHeldUntil)) botHeldUntil = heldUntil;
    if (interval.compareTo(SLOWEST_CHAT_PACE) > 0) interval = SLOWEST_CHAT_PACE;
    Instant chatHeld = heldUntil;
    if (old != null && !now.isAfter(old.forgetAt()) && old.heldUntil().isAfter(chatHeld))
      chatHeld = old.heldUntil();
    pacing.put(chatId, new Pacing(chatHeld, interval, null, chatHeld.plus(memory)));
    return new Hold(heldUntil, !chatsOwn);
  }

  /** What holds a chat's messages at {@code now}, if anything: the bot's hold or the chat's. */
  Optional<Hold> hold(String chatId, Instant now) {
    if (botHeldUntil.isAfter(now)) return Optional.of(new Hold(botHeldUntil, true));
    Pacing p = pacing.get(chatId);
    return p != null && p.heldUntil().isAfter(now)
        ? Optional.of(new Hold(p.heldUntil(), false))
        : Optional.empty();
  }

  /** The request never reached Telegram: try again at {@code at}. */
  void retryAt(Queued q, Instant at) {
    inFlight.remove(q.chatId());
    queue.put(
        q.seq(),
        new Queued(
            q.seq(),
            q.chatId(),
            q.parts(),
            q.next(),
            q.replyTo(),
            q.threadId(),
            q.deadline(),
            q.replyToRef(),
            q.firstMessageId(),
            at,
            q.attempts() + 1));
  }

  /** Given up or finished otherwise: out of the queue. */
  void drop(Queued q) {
    inFlight.remove(q.chatId());
    queue.remove(q.seq());
  }

  /** Everything still waiting (the gateway is stopping or cannot send). */
  List<Queued> drain() {
    var all = List.copyOf(queue.values());
    queue.clear();
    inFlight.clear();
    return all;
  }
}
