package io.botswarm.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botswarm.bench.load.HostileChecks.Barred;
import io.botswarm.bench.load.HostileChecks.Check;
import io.botswarm.bench.load.HostileChecks.Flood;
import io.botswarm.bench.load.HostileChecks.Metrics;
import io.botswarm.bench.load.HostileChecks.Question;
import io.botswarm.bench.load.HostileChecks.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hostile mix's checks over feeds written the way the sandbox writes its events. */
class HostileChecksTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final long CHAT = -1001000001L, FLOODED_CHAT = -1001000002L, OLD = -4200000001L;
  static final Set<String> BOTS = Set.of("anna_bot", "boris_bot");
  static final Metrics QUIET = new Metrics(0, 0, 1);

  final List<JsonNode> feed = new ArrayList<>();

  @Test
  void aRunWhereEveryQuestionIsAnsweredOnceInItsTopicAndTheFloodIsWaitedOutPasses() {
    person(1_000, CHAT, 10, 0);
    bot(1_100, CHAT, 11, "anna_bot", 10, 0);
    person(2_000, CHAT, 12, 77);
    bot(2_100, CHAT, 13, "boris_bot", 12, 77);
    bot(2_200, CHAT, 14, "anna_bot", 12, 77);
    flood(5_000, "boris_bot", FLOODED_CHAT, 300);
    bot(305_000, FLOODED_CHAT, 20, "boris_bot", 0, 0);
    refused(6_000, OLD);

    List<Check> checks =
        HostileChecks.of(feed, BOTS, schedule(q(CHAT, 10, 0), q(CHAT, 12, 77)), QUIET);

    assertTrue(checks.stream().allMatch(Check::pass), checks.toString());
    assertEquals("2 of 2", check(checks, "(b)").value());
    assertEquals(
        "429 with retry_after 300 s; next request 0.0 s after its end",
        check(checks, "(e)").value());
  }

  @Test
  void theSameBotRepliedTwiceToOneMessageFails() {
    person(1_000, CHAT, 10, 0);
    bot(1_100, CHAT, 11, "anna_bot", 10, 0);
    bot(1_200, CHAT, 12, "anna_bot", 10, 0);

    Check twice = check(HostileChecks.of(feed, BOTS, schedule(q(CHAT, 10, 0)), QUIET), "(a)");

    assertFalse(twice.pass());
    assertEquals("1 (-1001000001:10 @anna_bot ×2)", twice.value());
  }

  @Test
  void anUnansweredQuestionIsLostUnlessTheBotCouldNotPostOrTheDedupRefusedItsAnswers() {
    person(1_000, CHAT, 10, 0);
    person(50_000, CHAT, 11, 0);
    person(70_000, CHAT, 12, 0);
    Schedule kicked =
        new Schedule(
            List.of(q(CHAT, 10, 0), q(CHAT, 11, 0), q(CHAT, 12, 0)),
            List.of(new Barred("anna_bot", CHAT, 40_000, 60_000)),
            Optional.empty(),
            1,
            List.of(),
            0);

    event("verdict", 1_200)
        .put("chat_id", CHAT)
        .put("bot", "anna_bot")
        .put("verdict", "duplicate")
        .put("detail", "repeats Anna's message 7 (similarity 0.91)");

    Check lost = check(HostileChecks.of(feed, BOTS, kicked, QUIET), "(b)");

    assertFalse(lost.pass());
    assertEquals(
        "0 of 1 (-1001000001:12 @anna_bot); 1 more whose answers the dedup refused as repeats"
            + " (-1001000001:10 @anna_bot [anna_bot duplicate: repeats Anna's message 7 (similarity"
            + " 0.91)])",
        lost.value());
  }

  @Test
  void anAnswerOutsideItsQuestionsTopicFails() {
    person(1_000, CHAT, 10, 77);
    bot(1_100, CHAT, 11, "anna_bot", 10, 0);

    Check topics = check(HostileChecks.of(feed, BOTS, schedule(q(CHAT, 10, 77)), QUIET), "(c)");

    assertFalse(topics.pass());
    assertEquals("0 of 1 (-1001000001:10 topic 77 answered in 0)", topics.value());
  }

  @Test
  void aSecondRefusalOfTheFloodedBotOrTheOldGroupOrAKickedBotFails() {
    flood(5_000, "boris_bot", FLOODED_CHAT, 300);
    flood(9_000, "boris_bot", FLOODED_CHAT, 296);
    refused(6_000, OLD);
    refused(7_000, OLD);

    // Two drafts held during one flood: one more than the one whose typing met it.
    List<Check> checks = HostileChecks.of(feed, BOTS, schedule(), new Metrics(2, 2, 1));

    assertEquals(
        List.of(false, false, false, false),
        checks.stream().filter(c -> c.name().startsWith("(d)")).map(Check::pass).toList(),
        checks.toString());
    assertEquals(
        "429 with retry_after 300 s; next request 296.0 s BEFORE its end",
        check(checks, "(e)").value());
  }

  @Test
  void aFloodedBotThatNeverSendsAgainFailsAsDoesAMissedOffsetReset() {
    flood(5_000, "boris_bot", FLOODED_CHAT, 300);
    // Another bot's request in the chat is not the flooded bot's.
    bot(10_000, FLOODED_CHAT, 30, "anna_bot", 0, 0);

    List<Check> checks = HostileChecks.of(feed, BOTS, schedule(), new Metrics(0, 0, 0));

    assertEquals("429 with retry_after 300 s; no request after it", check(checks, "(e)").value());
    assertFalse(check(checks, "(f)").pass());
  }

  static Schedule schedule(Question... questions) {
    return new Schedule(
        List.of(questions),
        List.of(),
        Optional.of(new Flood("boris_bot", FLOODED_CHAT, 4_000, 300)),
        1,
        List.of(OLD),
        1);
  }

  static Question q(long chat, long id, long thread) {
    return new Question(chat, id, thread, "anna_bot");
  }

  static Check check(List<Check> checks, String prefix) {
    return checks.stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  void person(long at, long chat, long id, long thread) {
    ObjectNode m = message(chat, id, thread);
    m.putObject("from").put("is_bot", false).put("first_name", "Load");
    if (thread != 0) m.putObject("reply_to_message").put("message_id", thread);
    event("message", at).set("message", m);
  }

  void bot(long at, long chat, long id, String bot, long replyTo, long thread) {
    ObjectNode m = message(chat, id, thread);
    m.putObject("from").put("is_bot", true).put("username", bot);
    if (replyTo != 0) m.putObject("reply_to_message").put("message_id", replyTo);
    event("message", at).set("message", m);
  }

  void flood(long at, String bot, long chat, int retryAfter) {
    event("flood", at).put("bot", bot).put("chat_id", chat).put("retry_after", retryAfter);
  }

  void refused(long at, long chat) {
    event("refused", at).put("chat_id", chat).put("migrate_to_chat_id", -1004200000001L);
  }

  static ObjectNode message(long chat, long id, long thread) {
    ObjectNode m = JSON.createObjectNode().put("message_id", id);
    m.putObject("chat").put("id", chat);
    if (thread != 0) m.put("message_thread_id", thread).put("is_topic_message", true);
    return m;
  }

  ObjectNode event(String type, long at) {
    ObjectNode e = JSON.createObjectNode().put("type", type).put("at", at);
    feed.add(e);
    return e;
  }
}
