package io.botswarm.telegram;

import io.botswarm.chat.ChatTransport;
import io.botswarm.metrics.SwarmMetrics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * A gateway's sends that were refused — by Telegram (a 400, 403 or 429) or by the gateway itself
 * while a 429 held the chat — said once per kind and chat: the first of a kind in a chat is a
 * warning in the log with the reason and what to do, later ones only count (each in the metric, and
 * in the chat's line of the gateway's status). Not journaled: a new incarnation says it again once.
 */
final class RefusedSends {

  /** Lines kept for the status, the oldest forgotten first: a few chats' worth. */
  static final int KEPT = 20;

  private record Key(String kind, String chatId) {}

  private record Seen(String line, Instant first, Instant last, int times) {}

  private final String botId;
  private final Logger log;
  private final Map<Key, Seen> seen = new LinkedHashMap<>();

  RefusedSends(String botId, Logger log) {
    this.botId = botId;
    this.log = log;
  }

  /**
   * Telegram refused a send to {@code chatId}; {@code hold} is what a 429 holds (empty for any
   * other refusal).
   */
  void refused(
      String chatId, TelegramApi.Failure failure, Optional<Outbox.Hold> hold, Instant now) {
    Optional<ChatTransport.Refusal> refusal = failure.refusal(now);
    String kind = hold.isPresent() ? "flooded" : refusal.map(RefusedSends::kind).orElse("other");
    String whatToDo =
        hold.map(RefusedSends::waitAdvice)
            .orElseGet(
                () ->
                    refusal
                        .map(RefusedSends::advice)
                        .orElse(
                            failure.description().contains("message thread not found")
                                ? THREAD_ADVICE
                                : OTHER_ADVICE));
    note(chatId, String.valueOf(failure.code()), kind, failure.toString(), whatToDo, now);
  }

  /** The gateway gave up a message without a request: a 429's hold outlasts its deadline. */
  void heldBack(String chatId, Outbox.Hold hold, Instant now) {
    note(
        chatId,
        "held",
        "held",
        "refused here without asking Telegram: a 429 holds "
            + (hold.botWide() ? "the bot" : "the chat")
            + " past the message's deadline",
        waitAdvice(hold),
        now);
  }

  /** One line per kind and chat, the most recently refused last. */
  List<String> lines() {
    List<String> out = new ArrayList<>(seen.size());
    seen.forEach(
        (key, s) ->
            out.add(
                s.line()
                    + " ("
                    + s.times()
                    + (s.times() == 1 ? " send" : " sends")
                    + " refused, first at "
                    + s.first().truncatedTo(ChronoUnit.SECONDS)
                    + ", last at "
                    + s.last().truncatedTo(ChronoUnit.SECONDS)
                    + ")"));
    return out;
  }

  private void note(
      String chatId, String code, String kind, String why, String whatToDo, Instant now) {
    SwarmMetrics.sendRefused(code, kind.equals("held") ? "flooded" : kind);
    Key key = new Key(kind, chatId);
    Seen before = seen.remove(key);
    String line = "bot " + botId + " chat " + chatId + ": sends refused, " + why + "; " + whatToDo;
    if (before == null) {
      log.warn("{} (said once per kind and chat; the gateway's status counts the others)", line);
      seen.put(key, new Seen(line, now, now, 1));
      if (seen.size() > KEPT) seen.remove(seen.keySet().iterator().next());
    } else {
      log.debug("{}", line);
      seen.put(key, new Seen(line, before.first(), now, before.times() + 1));
    }
  }

  private static String kind(ChatTransport.Refusal refusal) {
    if (refusal instanceof ChatTransport.CannotPost) return "cannot_post";
    if (refusal instanceof ChatTransport.Migrated) return "migrated";
    return "flooded";
  }

  private static String advice(ChatTransport.Refusal refusal) {
    if (refusal instanceof ChatTransport.Migrated m)
      return "the group became the supergroup "
          + m.chatId()
          + ": nothing more goes to the old id; the swarm definition should name the new one";
    return "the bot cannot post there: add it back to the group (or give it the right to send"
        + " messages), or take it out of the chat's members";
  }

  private static String waitAdvice(Outbox.Hold hold) {
    return "Telegram's flood control: nothing goes "
        + (hold.botWide() ? "from the bot to any chat" : "to the chat")
        + " until "
        + hold.until().truncatedTo(ChronoUnit.SECONDS)
        + ", and its messages meanwhile are given up here; if it recurs, lower the chat's limits"
        + " (messages per minute) or give the bot fewer chats";
  }

  /** A forum topic that is not there: deleted, or a definition's {@code starter_thread_id}. */
  private static final String THREAD_ADVICE =
      "the forum topic is not there (deleted, or the chat's starter_thread_id in the swarm"
          + " definition names no topic): give a topic's message_thread_id, or leave it out for"
          + " General";

  private static final String OTHER_ADVICE =
      "Telegram refused the request itself: the description says what it did not accept";
}
