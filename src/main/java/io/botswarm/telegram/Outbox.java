package io.botswarm.telegram;

import akka.actor.typed.ActorRef;
import io.botswarm.chat.ChatTransport;
import io.botswarm.chat.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A gateway's messages waiting to be sent, and Telegram's pace for them: one message in flight per
 * chat (so that a chat's messages keep their order), the bot's own limit over all chats (a token
 * bucket), and per chat what 429s taught — a hold until the {@code retry_after} has passed, then at
 * most one message every {@code retry_after} seconds for a while. Not journaled: the coordinators
 * journal what was admitted and what came of it.
 */
final class Outbox {

  /**
   * A message being sent: its parts, the next one to send, and the id Telegram gave the first.
   *
   * @param notBefore when it may be tried again after a request that never reached Telegram
   */
  record Queued(
      long seq,
      String chatId,
      List<String> parts,
      int next,
      Optional<Long> replyTo,
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
  }

  /** What to do now: messages to send, messages whose deadline passed, when to look again. */
  record Due(List<Queued> send, List<Queued> expired, Optional<Instant> wakeAt) {}

  private record Pacing(Instant heldUntil, Duration interval, Instant lastSent, Instant forgetAt) {}

  private final Map<Long, Queued> queue = new LinkedHashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Pacing> pacing = new HashMap<>();
  private TokenBucket perBot;
  private long nextSeq = 1;

  Outbox(int perBotPerSecond, Instant now) {
    this.perBot = TokenBucket.full(perBotPerSecond, Duration.ofSeconds(1), now);
  }

  Queued add(
      String chatId,
      List<String> parts,
      Optional<Long> replyTo,
      Instant deadline,
      ActorRef<ChatTransport.Outcome> replyToRef,
      Instant now) {
    var q = new Queued(nextSeq++, chatId, parts, 0, replyTo, deadline, replyToRef, 0, now, 0);
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
      if (inFlight.contains(q.chatId())) continue;
      if (q.next() == 0 && now.isAfter(q.deadline())) {
        queue.remove(q.seq());
        expired.add(q);
        continue;
      }
      Instant ready = readyAt(q, now);
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
      inFlight.add(q.chatId());
      send.add(q);
    }
    return new Due(send, expired, Optional.ofNullable(wake));
  }

  private Instant readyAt(Queued q, Instant now) {
    Instant at = q.notBefore();
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
    inFlight.remove(q.chatId());
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
            q.deadline(),
            q.replyToRef(),
            q.next() == 0 ? messageId : q.firstMessageId(),
            now,
            0);
    queue.put(q.seq(), next);
    return Optional.of(next);
  }

  /**
   * A 429: the chat waits {@code retryAfter} seconds, then gets one message per {@code retryAfter}
   * seconds until {@code memory} has passed without another.
   */
  void floodControlled(Queued q, int retryAfter, Duration memory, Instant now) {
    inFlight.remove(q.chatId());
    Duration wait = Duration.ofSeconds(Math.max(1, retryAfter));
    Pacing old = pacing.get(q.chatId());
    Duration interval = old != null && old.interval().compareTo(wait) > 0 ? old.interval() : wait;
    pacing.put(q.chatId(), new Pacing(now.plus(wait), interval, null, now.plus(memory)));
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
