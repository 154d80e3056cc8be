package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.testing.CapturedLog;
import io.botswarm.testing.FieldCases;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Refused sends are said once per kind and chat — a warning with the reason and what to do — and
 * then only counted, in the line the gateway's status shows.
 */
class RefusedSendsTest {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void aRefusedSendIsLoggedOncePerKindAndChatWithWhatToDoAndCountedInItsStatusLine() {
    String bot = "refused_" + System.nanoTime() + "_bot";
    int mark = CapturedLog.mark();
    var refused = new RefusedSends(bot, LoggerFactory.getLogger(RefusedSendsTest.class));
    var kicked =
        new TelegramApi.Failure(
            TelegramApi.Kind.REJECTED,
            403,
            "Forbidden: bot was kicked from the supergroup chat",
            0);
    var flood = TelegramApi.classify(FieldCases.error("09-long-retry-after-a.json"));
    var hold = new Outbox.Hold(NOW.plusSeconds(209), false);
    var migrated =
        new TelegramApi.Failure(
            TelegramApi.Kind.REJECTED,
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            0,
            -1009876501234L);
    for (int i = 0; i < 3; i++) refused.refused("-1001", kicked, Optional.empty(), NOW);
    for (int i = 0; i < 2; i++) {
      refused.refused("-1001", flood, Optional.of(hold), NOW.plusSeconds(i));
      refused.heldBack("-1001", hold, NOW.plusSeconds(i));
    }
    refused.refused("-1002", kicked, Optional.empty(), NOW);
    refused.refused("-1003", migrated, Optional.empty(), NOW);

    List<String> warnings =
        CapturedLog.since(mark)
            .lines()
            .filter(l -> l.contains(" WARN ") && l.contains(bot))
            .toList();
    assertEquals(5, warnings.size(), "one per kind and chat, not per message: " + warnings);
    String kickedLine =
        warnings.stream()
            .filter(l -> l.contains("chat -1001") && l.contains("403"))
            .findFirst()
            .orElseThrow();
    assertTrue(kickedLine.contains("Forbidden: bot was kicked"), kickedLine);
    assertTrue(kickedLine.contains("add it back to the group"), kickedLine);
    String floodLine = warnings.stream().filter(l -> l.contains("429")).findFirst().orElseThrow();
    assertTrue(floodLine.contains("retry after 209"), floodLine);
    assertTrue(floodLine.contains("to the chat until 2026-01-01T12:03:29Z"), floodLine);
    assertTrue(
        warnings.stream().anyMatch(l -> l.contains("chat -1003") && l.contains("-1009876501234")),
        "a migrated group names its new id: " + warnings);

    List<String> status = refused.lines();
    assertEquals(5, status.size(), status.toString());
    assertTrue(
        status.stream().anyMatch(l -> l.contains("chat -1001") && l.contains("(3 sends refused")),
        status.toString());
    assertTrue(status.get(status.size() - 1).contains("chat -1003"), "the newest last: " + status);
  }

  @Test
  void theStatusKeepsTheNewestChatsLines() {
    var refused = new RefusedSends("many_bot", LoggerFactory.getLogger(RefusedSendsTest.class));
    var kicked =
        new TelegramApi.Failure(
            TelegramApi.Kind.REJECTED, 403, "Forbidden: bot is not a member", 0);
    for (int chat = 0; chat < RefusedSends.KEPT + 5; chat++)
      refused.refused("-" + chat, kicked, Optional.empty(), NOW);
    var lines = refused.lines();
    assertEquals(RefusedSends.KEPT, lines.size());
    assertTrue(lines.get(0).contains("chat -5:"), lines.get(0));
  }

  @Test
  void aTopicThatIsNotThereNamesTheStarterTopicSetting() {
    var refused = new RefusedSends("forum_bot", LoggerFactory.getLogger(RefusedSendsTest.class));
    var noThread =
        new TelegramApi.Failure(
            TelegramApi.Kind.REJECTED, 400, "Bad Request: message thread not found", 0);
    refused.refused("-1001", noThread, Optional.empty(), NOW);
    assertTrue(refused.lines().get(0).contains("starter_thread_id"), refused.lines().toString());
  }
}
