package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.journal.GatewayKind;
import io.botswarm.testing.FieldCases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.GetMe;

/**
 * What the poller and the gateway make of the field cases of items 7, 11 and 12 (#15), without a
 * node: update ids that restart, Telegram's two 409s, getMe with privacy mode on; and how the
 * journal replays a re-based offset.
 */
class PollingCasesTest {

  static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void anAnswerBelowTheOffsetAskedForIsTelegramsIdsRestarting() throws Exception {
    List<Long> restarted = new ArrayList<>();
    var skipped = new AtomicLong();
    var poll = new Poller.LenientGetUpdates("anna_bot", skipped, restarted::add);
    poll.setOffset(900_001);
    String answer =
        "{\"ok\":true,\"result\":["
            + update(4_711, "first after the restart")
            + ","
            + update(4_712, "second")
            + "]}";
    assertEquals(2, poll.deserializeResponse(answer).size());
    assertEquals(List.of(4_711L), restarted);

    // Ids at or above the offset are the usual answer.
    restarted.clear();
    poll.setOffset(4_711);
    assertEquals(2, poll.deserializeResponse(answer).size());
    assertEquals(List.of(), restarted);
  }

  static String update(long id, String text) {
    return "{\"update_id\":"
        + id
        + ",\"message\":{\"message_id\":5,\"date\":1767225600,\"text\":\""
        + text
        + "\",\"chat\":{\"id\":-1001234567890,\"type\":\"supergroup\",\"title\":\"G\"},"
        + "\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"Sam\"}}}";
  }

  @Test
  void aRebasedOffsetReplaysToTheLowerValueAndAcknowledgementsGrowFromThere() {
    var kind = new GatewayKind();
    var state = new TelegramGateway.State(0);
    var events =
        List.<TelegramGateway.Event>of(
            new TelegramGateway.UpdatesAcknowledged("anna_bot", 900_000, T),
            new TelegramGateway.OffsetRebased("anna_bot", 900_000, 4_710, T.plusSeconds(1)),
            new TelegramGateway.UpdatesAcknowledged("anna_bot", 4_712, T.plusSeconds(2)));
    List<String> violations = new ArrayList<>();
    for (var event : events) {
      var after = kind.apply(state, event);
      violations.addAll(kind.violations("anna_bot", state, event, after));
      state = after;
    }
    assertEquals(List.of(), violations);
    assertEquals(new TelegramGateway.State(4_712), state);

    var wrong = new TelegramGateway.OffsetRebased("anna_bot", 12, 20, T);
    var before = new TelegramGateway.State(10);
    assertEquals(
        List.of(
            "offset re-based from 12 when it was 10",
            "offset re-based from 12 to 20: a re-base goes back (ids restarted lower)"),
        kind.violations("anna_bot", before, wrong, kind.apply(before, wrong)));
  }

  @Test
  void theTwo409sFromTheFieldAreASecondPollerAndAWebhook() {
    var poller = TelegramApi.classify(FieldCases.error("10-conflict-409-a.json"));
    assertEquals(Optional.of(TelegramApi.Conflict.ANOTHER_POLLER), poller.conflict());
    var webhook = TelegramApi.classify(FieldCases.error("10-conflict-409-b.json"));
    assertEquals(Optional.of(TelegramApi.Conflict.WEBHOOK_SET), webhook.conflict());
    // As the poller sees them: the HTTP status and the description of the answer.
    var raw =
        new TelegramApi.Failure(
            TelegramApi.Kind.REJECTED, 409, "Conflict: terminated by setWebhook request", 0);
    assertEquals(Optional.of(TelegramApi.Conflict.WEBHOOK_SET), raw.conflict());
    assertEquals(
        Optional.empty(),
        TelegramApi.classify(FieldCases.error("04-bot-kicked-b.json")).conflict());

    String operator =
        TelegramGateway.conflictDetail(poller.conflict().get(), poller.description(), true);
    assertTrue(operator.contains("only one bot instance"), operator);
    assertTrue(operator.contains("stop the other one"), operator);
    assertTrue(
        TelegramGateway.conflictDetail(webhook.conflict().get(), webhook.description(), true)
            .contains("the gateway deletes it"));
    assertTrue(
        TelegramGateway.conflictDetail(webhook.conflict().get(), webhook.description(), false)
            .contains("set botswarm.telegram.remove-stray-webhook = on"));
  }

  @Test
  void getMeWithPrivacyModeOnIsWarnedWithWhatToChange() throws Exception {
    var me = new GetMe().deserializeResponse(FieldCases.text("17-privacy-mode-a.json"));
    assertTrue(TelegramGateway.privacyOn(me));
    String line = TelegramGateway.privacyWarning("anna", me.getUserName());
    assertTrue(line.contains("bot anna (@anna_bot)"), line);
    assertTrue(line.contains("only commands, mentions of it and replies to it"), line);
    assertTrue(line.contains("/setprivacy"), line);
    assertTrue(line.contains("remove the bot from each group and add it again"), line);

    var open =
        new GetMe()
            .deserializeResponse(
                FieldCases.text("17-privacy-mode-a.json")
                    .replace(
                        "\"can_read_all_group_messages\": false",
                        "\"can_read_all_group_messages\": true"));
    assertFalse(TelegramGateway.privacyOn(open));
  }
}
