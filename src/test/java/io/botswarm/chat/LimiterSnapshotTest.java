package io.botswarm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import io.botswarm.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of a chat written while its limits were token buckets still load, and the limiter read
 * from them never lets a window of one period hold more than its limit, the messages sent before
 * the snapshot included.
 */
class LimiterSnapshotTest {

  static final ActorTestKit testKit =
      ActorTestKit.create("limiter-snapshot", TestDatabase.localConfig());
  static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));

  /**
   * The resource, written by the version with token buckets: a chat with limits of 1 a second, 20 a
   * minute per group, 30 a minute chat-wide and 10 an hour per bot, that had 20 messages, one a
   * second from 09:00:00 on, anna_bot and boris_bot by turns.
   */
  static final String OLD_SNAPSHOT = "/snapshots/chat-state-token-buckets.json";

  static final Instant FIRST = Instant.parse("2026-01-05T09:00:00Z");

  record Sent(String botId, Instant at) {}

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static String oldJson() throws IOException {
    try (InputStream in = LimiterSnapshotTest.class.getResourceAsStream(OLD_SNAPSHOT)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Object read(String json, Class<?> manifest) {
    // Every state of the coordinator goes through the one JSON serializer.
    Serializer serializer =
        serialization.findSerializerFor(AdmissionTest.chat(AdmissionTest.LOOSE));
    return serialization
        .deserialize(
            json.getBytes(StandardCharsets.UTF_8), serializer.identifier(), manifest.getName())
        .get();
  }

  static List<Sent> before() {
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++)
      sent.add(new Sent(i % 2 == 0 ? "anna_bot" : "boris_bot", FIRST.plusSeconds(i)));
    return sent;
  }

  /** Both bots ask every 100 ms for two hours and go whenever the limiter has a slot. */
  static List<Sent> greedy(Limiter limiter, Instant from) {
    List<Sent> sent = new ArrayList<>();
    for (Instant t = from; t.isBefore(from.plus(Duration.ofHours(2))); t = t.plusMillis(100))
      for (String bot : List.of("anna_bot", "boris_bot"))
        if (!limiter.earliest(bot, t).isAfter(t)) {
          limiter = limiter.admit(bot, t);
          sent.add(new Sent(bot, t));
        }
    return sent;
  }

  static void atMost(List<Sent> sent, Duration window, int max, String what) {
    for (Sent last : sent) {
      long in =
          sent.stream()
              .filter(s -> !s.at().isAfter(last.at()) && s.at().isAfter(last.at().minus(window)))
              .count();
      assertTrue(in <= max, in + " messages " + what + " in " + window + " up to " + last);
    }
  }

  static void neverOverTheLimits(Limiter limiter) {
    ChatLimits limits = limiter.limits();
    List<Sent> after = greedy(limiter, FIRST.plusSeconds(20));
    assertTrue(after.size() >= limits.perBotPerHour(), "the chat speaks again: " + after);
    List<Sent> all = new ArrayList<>(before());
    all.addAll(after);
    // The history already had 20 in its minute: nothing more goes until it is out of the window.
    atMost(all, Duration.ofSeconds(1), limits.perChatPerSecond(), "in the chat");
    atMost(all, Duration.ofMinutes(1), limits.perGroupPerMinute(), "in the group");
    atMost(all, Duration.ofMinutes(1), limits.chatPerMinute(), "chat-wide");
    for (String bot : List.of("anna_bot", "boris_bot"))
      atMost(
          all.stream().filter(s -> s.botId().equals(bot)).toList(),
          Duration.ofHours(1),
          limits.perBotPerHour(),
          "of " + bot);
  }

  @Test
  void aChatSnapshotWithTokenBucketsLoadsAndItsLimiterKeepsEveryLimit() throws IOException {
    var state = assertInstanceOf(ChatState.class, read(oldJson(), ChatState.class));
    assertEquals("-100", state.chatId());
    assertEquals(new ChatLimits(1, 20, 30, 10, Duration.ofSeconds(20)), state.limiter().limits());
    assertEquals(20, state.pending().size(), "the rest of the state reads as before");
    assertEquals(java.util.Map.of(), state.cannotPost(), "written before members could be barred");
    neverOverTheLimits(state.limiter());
  }

  @Test
  void aRemovedChatHoldingSuchASnapshotLoadsToo() throws IOException {
    String removed =
        "{\"chatId\":\"-100\",\"before\":" + oldJson() + ",\"at\":\"2026-01-05T09:00:30Z\"}";
    var chat = assertInstanceOf(RemovedChat.class, read(removed, RemovedChat.class));
    neverOverTheLimits(chat.before().orElseThrow().limiter());
  }

  @Test
  void aSnapshotWrittenNowReadsBackTheSame() {
    var admitted =
        AdmissionTest.admitted(
            AdmissionTest.chat(new ChatLimits(1, 20, 30, 10, Duration.ofSeconds(20))),
            "anna_bot",
            "gold is up",
            FIRST);
    var state = AdmissionTest.barred(admitted, "boris_bot");
    Serializer serializer = serialization.findSerializerFor(state);
    String json = new String(serializer.toBinary(state), StandardCharsets.UTF_8);
    assertEquals(state, read(json, ChatState.class));
  }
}
