package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code remove-stray-webhook = off} a webhook set on a polling bot stays: the gateway says
 * CONFLICT and what to do, until an operator deletes the webhook; then it polls again.
 */
class StrayWebhookKeptTest {

  static TelegramWorld world;
  static SwarmNode node;

  @BeforeAll
  static void start() throws Exception {
    world = new TelegramWorld(1, SandboxSpec.FloodLimits.TELEGRAM);
    node = world.startNode(Map.of("botswarm.telegram.remove-stray-webhook", "off"));
  }

  static TelegramGateway.Status status() throws Exception {
    return TelegramWorld.status(node, world.bots.get(0));
  }

  /** A Bot API call with the bot's token, as its operator (or anyone with the token) makes it. */
  static com.fasterxml.jackson.databind.JsonNode call(String method, String body) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    world.sandbox.url()
                        + "/bot"
                        + world.tokens.get(world.bots.get(0))
                        + "/"
                        + method))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build();
    return PollingTroubleTest.JSON.readTree(
        PollingTroubleTest.HTTP
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
            .body());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  @Test
  void theWebhookStaysAndTheStatusSaysWhatToDoUntilItIsDeleted() throws Exception {
    TestNodes.await("the bot polls", 30, () -> status().phase() == TelegramGateway.Phase.POLLING);
    var set = call("setWebhook", "{\"url\":\"http://127.0.0.1:9/hook\"}");
    assertTrue(set.path("ok").asBoolean(), set.toString());
    TestNodes.await(
        "the gateway says CONFLICT", 30, () -> status().phase() == TelegramGateway.Phase.CONFLICT);
    String detail = status().detail();
    assertTrue(detail.contains("webhook is active") || detail.contains("setWebhook"), detail);
    assertTrue(detail.contains("set botswarm.telegram.remove-stray-webhook = on"), detail);

    // The operator deletes it.
    call("deleteWebhook", "{}");
    TestNodes.await(
        "the bot polls again", 30, () -> status().phase() == TelegramGateway.Phase.POLLING);
    long id = world.sandbox.postAsHuman(world.chatId, "Sam", "@" + world.bots.get(0) + " back?");
    world.awaitInChat(node, world.chatId, id);
  }
}
