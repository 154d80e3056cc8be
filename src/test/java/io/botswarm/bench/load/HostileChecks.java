package io.botswarm.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the "hostile groups" mix must show, computed from what the sandbox saw (its live feed, in
 * order, with its clock) and the nodes' metric deltas: no person's message answered twice by one
 * bot, none lost while a bot mentioned in it could post, topic questions answered in their topic,
 * no send refused again after a first refusal told the swarm, and the flooded bot silent for the
 * whole {@code retry_after}. A pure function of its inputs, so a test feeds it recorded events.
 */
final class HostileChecks {

  /** One line of the report's table. */
  record Check(String name, String value, boolean pass) {}

  /** A person's message the driver posted: its chat, id (as the page shows it), topic, mention. */
  record Question(long chat, long messageId, long threadId, String mentioned) {}

  /** A time (sandbox clock, ms) when {@code bot} could not post in {@code chat}. */
  record Barred(String bot, long chat, long from, long until) {

    boolean covers(String who, long where, long at) {
      return bot.equalsIgnoreCase(who) && chat == where && at >= from && at <= until;
    }
  }

  /** The long flood set on {@code bot} in {@code chat} at {@code setAt}. */
  record Flood(String bot, long chat, long setAt, int seconds) {}

  /** The run's hostile events, as the driver made them happen. */
  record Schedule(
      List<Question> questions,
      List<Barred> barred,
      Optional<Flood> flood,
      int kicks,
      List<Long> upgradedFrom,
      int offsetResets) {}

  /** The nodes' metric deltas over the run that the checks read. */
  record Metrics(double refusedCannotPost, double refusedHeld, double offsetRebased) {}

  private static final int SHOWN = 5;

  /** How long after a question a verdict may concern it: a draft waits up to 30 s for its slot. */
  private static final long VERDICTS = 35_000;

  private HostileChecks() {}

  /**
   * The checks, in the report's order. {@code events} is the feed as it came; {@code swarmBots} the
   * usernames of the swarm's bots (an anonymous admin's message comes from a bot account too).
   */
  static List<Check> of(
      List<JsonNode> events, Set<String> swarmBots, Schedule schedule, Metrics metrics) {
    Map<String, JsonNode> posted = new HashMap<>();
    Map<String, Long> postedAt = new HashMap<>();
    Map<String, Integer> repliesByBot = new HashMap<>();
    Map<String, JsonNode> firstAnswer = new HashMap<>();
    Set<String> asked = new HashSet<>();
    schedule.questions().forEach(q -> asked.add(key(q.chat(), q.messageId())));
    for (JsonNode e : events) {
      if (!e.path("type").asText().equals("message")) continue;
      JsonNode m = e.path("message");
      long chat = m.path("chat").path("id").asLong();
      String key = key(chat, m.path("message_id").asLong());
      String author = m.path("from").path("username").asText("");
      if (asked.contains(key)) {
        posted.put(key, m);
        postedAt.put(key, e.path("at").asLong());
        continue;
      }
      if (!swarmBots.contains(author.toLowerCase(Locale.ROOT))) continue;
      String target = key(chat, m.path("reply_to_message").path("message_id").asLong(0));
      if (!asked.contains(target)) continue;
      repliesByBot.merge(target + " @" + author, 1, Integer::sum);
      firstAnswer.putIfAbsent(target, m);
    }
    List<Check> checks = new ArrayList<>();
    checks.add(answeredTwice(repliesByBot));
    checks.add(lost(events, schedule, postedAt, firstAnswer));
    checks.add(topics(schedule, posted, firstAnswer));
    checks.addAll(refusedAgain(events, schedule, metrics));
    checks.add(floodWaited(events, schedule));
    if (schedule.offsetResets() > 0)
      checks.add(
          new Check(
              "(f) an offset reset was noticed and re-based (botswarm_telegram_offset_rebased_total)",
              String.format(
                  Locale.ROOT, "%.0f of %d", metrics.offsetRebased(), schedule.offsetResets()),
              metrics.offsetRebased() >= schedule.offsetResets()));
    return checks;
  }

  private static Check answeredTwice(Map<String, Integer> repliesByBot) {
    List<String> twice =
        repliesByBot.entrySet().stream()
            .filter(r -> r.getValue() > 1)
            .map(r -> r.getKey() + " ×" + r.getValue())
            .sorted()
            .toList();
    return new Check(
        "(a) people's messages answered twice by the same bot",
        twice.size() + shown(twice),
        twice.isEmpty());
  }

  private static Check lost(
      List<JsonNode> events,
      Schedule schedule,
      Map<String, Long> postedAt,
      Map<String, JsonNode> firstAnswer) {
    int due = 0;
    List<String> unanswered = new ArrayList<>();
    List<String> repeats = new ArrayList<>();
    for (Question q : schedule.questions()) {
      String key = key(q.chat(), q.messageId());
      Long at = postedAt.get(key);
      if (at == null) {
        // Posted (the sandbox answered the driver) but not on the feed: the driver missed it.
        unanswered.add(key + " (not on the feed)");
        due++;
        continue;
      }
      boolean couldPost =
          schedule.barred().stream().noneMatch(b -> b.covers(q.mentioned(), q.chat(), at));
      if (!couldPost) continue;
      if (firstAnswer.containsKey(key)) {
        due++;
        continue;
      }
      String line =
          key
              + (q.threadId() != 0 ? " topic " + q.threadId() : "")
              + " @"
              + q.mentioned()
              + verdicts(events, q.chat(), at);
      // Not lost: the swarm decided, by its outgoing dedup, that every answer was a repeat.
      if (refusedAsRepeat(events, q.chat(), at)) repeats.add(line);
      else {
        due++;
        unanswered.add(line);
      }
    }
    return new Check(
        "(b) people's messages mentioning a bot that could post, answered",
        (due - unanswered.size())
            + " of "
            + due
            + shown(unanswered)
            + (repeats.isEmpty()
                ? ""
                : "; "
                    + repeats.size()
                    + " more whose answers the dedup refused as repeats"
                    + shown(repeats)),
        unanswered.isEmpty() && due > 0);
  }

  /** Whether a draft in the chat soon after the question was refused as a repeat. */
  private static boolean refusedAsRepeat(List<JsonNode> events, long chat, long at) {
    return events.stream()
        .filter(e -> e.path("type").asText().equals("verdict"))
        .filter(e -> e.path("chat_id").asLong() == chat)
        .filter(e -> e.path("at").asLong() >= at && e.path("at").asLong() <= at + VERDICTS)
        .anyMatch(e -> e.path("verdict").asText().equals("duplicate"));
  }

  /**
   * What the swarm told the sandbox it did with drafts in the chat soon after a question (its
   * verdicts, when {@code sandbox-verdicts} is on): why an unanswered question got no answer.
   */
  private static String verdicts(List<JsonNode> events, long chat, long at) {
    List<String> said =
        events.stream()
            .filter(e -> e.path("type").asText().equals("verdict"))
            .filter(e -> e.path("chat_id").asLong() == chat)
            .filter(e -> e.path("at").asLong() >= at && e.path("at").asLong() <= at + VERDICTS)
            .filter(e -> !e.path("verdict").asText().equals("admitted"))
            .map(
                e ->
                    e.path("bot").asText()
                        + " "
                        + e.path("verdict").asText()
                        + ": "
                        + e.path("detail").asText())
            .toList();
    return said.isEmpty() ? "" : " [" + String.join("; ", said) + "]";
  }

  private static Check topics(
      Schedule schedule, Map<String, JsonNode> posted, Map<String, JsonNode> firstAnswer) {
    int inTopics = 0;
    List<String> elsewhere = new ArrayList<>();
    for (Question q : schedule.questions()) {
      if (q.threadId() == 0) continue;
      String key = key(q.chat(), q.messageId());
      JsonNode answer = firstAnswer.get(key);
      if (answer == null || !posted.containsKey(key)) continue;
      inTopics++;
      long thread = answer.path("message_thread_id").asLong(0);
      if (thread != q.threadId())
        elsewhere.add(key + " topic " + q.threadId() + " answered in " + thread);
    }
    return new Check(
        "(c) answers to a topic's question in that topic",
        (inTopics - elsewhere.size()) + " of " + inTopics + shown(elsewhere),
        elsewhere.isEmpty() && inTopics > 0);
  }

  /**
   * A refused send tells the swarm that the bot cannot post there; every refusal after the first is
   * a draft written for nothing (an LLM call when one is configured).
   */
  private static List<Check> refusedAgain(
      List<JsonNode> events, Schedule schedule, Metrics metrics) {
    List<Check> checks = new ArrayList<>();
    schedule
        .flood()
        .ifPresent(
            f -> {
              long refusals =
                  events.stream()
                      .filter(e -> e.path("type").asText().equals("flood"))
                      .filter(e -> isFlooded(e, f))
                      .count();
              checks.add(
                  new Check(
                      "(d) the flooded bot's requests refused 429 after the first",
                      String.valueOf(Math.max(0, refusals - 1)),
                      refusals <= 1));
            });
    if (schedule.kicks() > 0)
      checks.add(
          new Check(
              "(d) sends refused because the bot was kicked (botswarm_telegram_sends_refused_total{kind=cannot_post}), at most the first per kick",
              String.format(
                  Locale.ROOT,
                  "%.0f for %d kick(s)",
                  metrics.refusedCannotPost(),
                  schedule.kicks()),
              metrics.refusedCannotPost() <= schedule.kicks()));
    for (long old : schedule.upgradedFrom()) {
      long refusals =
          events.stream()
              .filter(e -> e.path("type").asText().equals("refused"))
              .filter(e -> e.path("chat_id").asLong() == old)
              .count();
      checks.add(
          new Check(
              "(d) calls for the upgraded group's old id " + old + " after the first refusal",
              String.valueOf(Math.max(0, refusals - 1)),
              refusals <= 1));
    }
    // The draft whose own "typing…" met the flood's first 429 was asked before anyone knew of it:
    // its message is held, and it is the one the flood may cost.
    int floods = schedule.flood().isPresent() ? 1 : 0;
    checks.add(
        new Check(
            "(d) drafts given up by a gateway during a flood it knew (botswarm_telegram_sends_refused_total{code=held}), at most the one whose \"typing…\" met the flood",
            String.format(Locale.ROOT, "%.0f", metrics.refusedHeld()),
            metrics.refusedHeld() <= floods));
    return checks;
  }

  /**
   * After the first 429 of the long flood, nothing of the bot's (a message, "typing…", a refused
   * request) reaches the chat before that 429's {@code retry_after} has passed, and something does
   * after it (the bot is not silenced for good).
   */
  private static Check floodWaited(List<JsonNode> events, Schedule schedule) {
    String name = "(e) the flooded bot's next request after the 429 only after its retry_after";
    if (schedule.flood().isEmpty()) return new Check(name, "no flood in this run", true);
    Flood f = schedule.flood().get();
    int firstAt = -1;
    for (int i = 0; i < events.size() && firstAt < 0; i++)
      if (events.get(i).path("type").asText().equals("flood") && isFlooded(events.get(i), f))
        firstAt = i;
    if (firstAt < 0)
      return new Check(name, "the bot never met the flood: no 429 to wait for", false);
    JsonNode first = events.get(firstAt);
    long holdEnd = first.path("at").asLong() + first.path("retry_after").asLong() * 1000;
    Optional<Long> next =
        events.subList(firstAt + 1, events.size()).stream()
            .filter(e -> isRequest(e, f))
            .map(e -> e.path("at").asLong())
            .findFirst();
    if (next.isEmpty())
      return new Check(
          name,
          String.format(
              Locale.ROOT,
              "429 with retry_after %d s; no request after it",
              first.path("retry_after").asInt()),
          false);
    long margin = next.get() - holdEnd;
    return new Check(
        name,
        String.format(
            Locale.ROOT,
            "429 with retry_after %d s; next request %.1f s %s its end",
            first.path("retry_after").asInt(),
            Math.abs(margin) / 1000.0,
            margin >= 0 ? "after" : "BEFORE"),
        margin >= 0);
  }

  private static boolean isFlooded(JsonNode e, Flood f) {
    return e.path("bot").asText().equalsIgnoreCase(f.bot())
        && e.path("chat_id").asLong() == f.chat()
        && e.path("at").asLong() >= f.setAt();
  }

  /** A request of the flooded bot towards its flooded chat, as the sandbox saw it. */
  private static boolean isRequest(JsonNode e, Flood f) {
    return switch (e.path("type").asText()) {
      case "flood", "action" -> isFlooded(e, f);
      case "message" ->
          e.path("message").path("from").path("username").asText().equalsIgnoreCase(f.bot())
              && e.path("message").path("chat").path("id").asLong() == f.chat();
      default -> false;
    };
  }

  private static String key(long chat, long messageId) {
    return chat + ":" + messageId;
  }

  private static String shown(List<String> items) {
    if (items.isEmpty()) return "";
    return " ("
        + String.join(", ", items.subList(0, Math.min(SHOWN, items.size())))
        + (items.size() > SHOWN ? ", …" : "")
        + ")";
  }
}
