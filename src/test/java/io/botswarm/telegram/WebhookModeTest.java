package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook mode: the gateway sets its bot's webhook, the sandbox (as Telegram) POSTs updates to the
 * node's endpoint with the secret header, and the endpoint refuses anything without it. The second
 * bot's token comes through the reference its definition names: its webhook is set with it too.
 */
class WebhookModeTest {

  static final String SECRET = "webhook-secret-0123456789";
  static TelegramWorld world;
  static SwarmNode node;
  static int port;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    world = new TelegramWorld(2, SandboxSpec.FloodLimits.TELEGRAM);
    var environment = world.tokenByReference(1, "SWARM_TEST_WEBHOOK_BOT_TOKEN");
    port = TestDatabase.freePort();
    var config = new HashMap<String, Object>(world.config());
    config.put("botswarm.telegram.mode", "webhook");
    config.put("botswarm.telegram.webhook.hostname", "127.0.0.1");
    config.put("botswarm.telegram.webhook.port", port);
    config.put("botswarm.telegram.webhook.public-url", "http://127.0.0.1:" + port);
    config.put("botswarm.telegram.webhook.secret", SECRET);
    node = TestNodes.start(config, environment);
    world.populate(node);
    Telegram.wake(node.system(), world.bots.get(1));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.terminate();
    if (world != null) world.close();
  }

  int post(String secret, String body) throws Exception {
    return post(world.bots.get(0), secret, body);
  }

  int post(String botId, String secret, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/" + botId))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void updatesArriveThroughTheWebhookWithTheSecret() throws Exception {
    String bot = world.bots.get(0);
    TestNodes.await(
        "the webhook is set",
        20,
        () -> TelegramWorld.status(node, bot).phase() == TelegramGateway.Phase.WEBHOOK);
    long id = world.sandbox.postAsHuman(world.chatId, "Sam", "through the webhook?");
    world.awaitInChat(node, world.chatId, id);
  }

  @Test
  void aBotWhoseTokenComesByReferenceGetsItsWebhookAndItsUpdates() throws Exception {
    String bot = world.bots.get(1);
    TestNodes.await(
        "its webhook is set with the token its definition names",
        20,
        () -> TelegramWorld.status(node, bot).phase() == TelegramGateway.Phase.WEBHOOK);
    assertEquals(200, post(bot, SECRET, "{not json"));
    assertEquals(404, post("nobody_" + bot, SECRET, "{not json"));
  }

  @Test
  void requestsWithoutTheSecretAreRefused() throws Exception {
    String update =
        "{\"update_id\":1,\"message\":{\"message_id\":99,\"date\":1,\"chat\":{\"id\":"
            + world.chatId
            + ",\"type\":\"supergroup\"},\"text\":\"forged\"}}";
    assertEquals(401, post(null, update));
    assertEquals(401, post("not-the-secret-at-all", update));
    // With the secret, a body that is no update is taken (200) and skipped: a retry cannot mend it.
    assertEquals(200, post(SECRET, "{not json"));
  }
}
