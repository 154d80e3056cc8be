package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.chat.ChatClient;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.MemberStatus;
import io.botswarm.telegram.sandbox.SandboxFault;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.CapturedLog;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Items 7, 11 and 12 of #15 against the Bot API sandbox, through the real telegrambots client, one
 * bot and chat each: update ids that restart lower, polls after a run of server errors, a second
 * poller (409, the swarm cannot win it), a webhook set by someone else (409, deleted), and a bot
 * with privacy mode on.
 */
class PollingTroubleTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static TelegramWorld world;
  static SwarmNode node;

  @BeforeAll
  static void start() throws Exception {
    world = new TelegramWorld(5, SandboxSpec.FloodLimits.TELEGRAM, true);
    // The fifth bot's owner turned privacy mode on; it applies in its group from its next joining.
    String private_ = world.bots.get(4);
    world.sandbox.setPrivacy(private_, true);
    world.sandbox.setMember(world.chatIds.get(4), private_, MemberStatus.LEFT);
    world.sandbox.setMember(world.chatIds.get(4), private_, MemberStatus.MEMBER);
    node = world.startNode(Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  static TelegramGateway.Status status(int bot) throws Exception {
    return TelegramWorld.status(node, world.bots.get(bot));
  }

  static void awaitPolling(int bot) throws Exception {
    TestNodes.await(
        world.bots.get(bot) + " polls",
        30,
        () -> status(bot).phase() == TelegramGateway.Phase.POLLING);
  }

  /** A person mentions the bot in its chat; waits until the chat's coordinator has it. */
  static long heard(int bot, String text) throws Exception {
    long chat = world.chatIds.get(bot);
    long id = world.sandbox.postAsHuman(chat, "Sam", "@" + world.bots.get(bot) + " " + text);
    world.awaitInChat(node, chat, id);
    return id;
  }

  /** A Bot API call with the bot's token, as another program would make it. */
  static JsonNode call(int bot, String method, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    world.sandbox.url()
                        + "/bot"
                        + world.tokens.get(world.bots.get(bot))
                        + "/"
                        + method))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void updateIdsThatRestartLowerAreHeardAndTheOffsetIsRebased() throws Exception {
    awaitPolling(0);
    heard(0, "is gold up?");
    TestNodes.await("the offset is journaled", 30, () -> status(0).offset() > 100_000);
    // Telegram restarts ids only when the queue is empty: once the poller has confirmed it.
    TestNodes.await(
        "the sandbox restarts the bot's update ids",
        30,
        () -> {
          try {
            world.sandbox.resetUpdateIds(world.bots.get(0), 1_000);
            return true;
          } catch (IllegalArgumentException queued) {
            return false;
          }
        });
    heard(0, "and now, after the quiet week?");
    heard(0, "still there?");
    TestNodes.await(
        "the offset is re-based and grows again", 30, () -> status(0).offset() == 1_001);
    var status = status(0);
    assertEquals(TelegramGateway.Phase.POLLING, status.phase());
    assertTrue(
        status.warnings().stream().anyMatch(w -> w.contains("update ids restarted")),
        status.warnings().toString());
  }

  @Test
  void afterARunOfServerErrorsTheBotHearsAgainSoonAfterTheApiAnswers() throws Exception {
    awaitPolling(1);
    int mark = CapturedLog.mark();
    world.sandbox.inject(world.bots.get(1), SandboxFault.SERVER_ERROR, 6);
    TestNodes.await(
        "the bot's polls fail",
        30,
        () -> CapturedLog.since(mark).contains(world.bots.get(1) + ": getUpdates failed: 500"));
    heard(1, "are you back?");
    awaitPolling(1);
  }

  @Test
  void aSecondPollerIsAConflictTheStatusShowsUntilItStops() throws Exception {
    awaitPolling(2);
    // Another program polls the same token again and again: Telegram ends the older poll, 409.
    ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
    try {
      other.scheduleWithFixedDelay(
          () -> {
            try {
              call(2, "getUpdates", "{\"timeout\":0}");
            } catch (Exception stopped) {
              // Shut down by the test; a task that throws would not be run again anyway.
            }
          },
          0,
          200,
          TimeUnit.MILLISECONDS);
      TestNodes.await(
          "the gateway says CONFLICT",
          30,
          () -> status(2).phase() == TelegramGateway.Phase.CONFLICT);
      var status = status(2);
      assertTrue(status.detail().contains("only one bot instance is running"), status.detail());
      assertTrue(status.detail().contains("stop the other one"), status.detail());
      assertTrue(
          status.warnings().stream().anyMatch(w -> w.startsWith("CONFLICT since")),
          status.warnings().toString());
    } finally {
      other.shutdownNow();
      other.awaitTermination(10, TimeUnit.SECONDS);
    }
    awaitPolling(2);
    assertTrue(
        status(2).warnings().stream().anyMatch(w -> w.startsWith("a getUpdates conflict ended")),
        status(2).warnings().toString());
    heard(2, "only you now?");
  }

  @Test
  void aWebhookSetBySomeoneElseIsDeletedAndPollingResumes() throws Exception {
    awaitPolling(3);
    var set = call(3, "setWebhook", "{\"url\":\"http://127.0.0.1:9/hook\"}");
    assertTrue(set.path("ok").asBoolean(), set.toString());
    TestNodes.await(
        "the gateway deletes the webhook and polls again",
        30,
        () -> {
          var status = status(3);
          return status.phase() == TelegramGateway.Phase.POLLING
              && status.warnings().stream()
                  .anyMatch(w -> w.contains("deleted a webhook (http://127.0.0.1:9/hook)"));
        });
    assertEquals("", call(3, "getWebhookInfo", "{}").path("result").path("url").asText());
    assertTrue(
        status(3).warnings().stream().anyMatch(w -> w.contains("a webhook is set on this bot")),
        status(3).warnings().toString());
    heard(3, "do you hear me again?");
  }

  @Test
  void aBotWithPrivacyModeAnswersAMentionButDoesNotHearPlainMessages() throws Exception {
    String bot = world.bots.get(4);
    long chat = world.chatIds.get(4);
    awaitPolling(4);
    var status = status(4);
    assertTrue(
        status.warnings().stream()
            .anyMatch(
                w -> w.contains("privacy mode is on for bot " + bot) && w.contains("/setprivacy")),
        status.warnings().toString());

    long plain = world.sandbox.postAsHuman(chat, "Sam", "gold is up again today");
    long mention = heard(4, "what do you make of oil?");
    assertFalse(
        new ChatClient(node.system())
            .state(String.valueOf(chat)).toCompletableFuture().get().recent().stream()
                .anyMatch(l -> l.messageId() == plain),
        "a plain message reached a bot with privacy mode on");
    TestNodes.await(
        bot + " answers the mention",
        30,
        () ->
            world.sandbox.messages(chat).stream()
                .anyMatch(
                    m ->
                        m.path("from").path("username").asText().equals(bot)
                            && m.path("reply_to_message").path("message_id").asLong() == mention));
  }
}
