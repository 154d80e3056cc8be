package io.botswarm.telegram.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botswarm.testing.TestNodes;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox speaks the Bot API as Telegram does: shapes, errors, limits and visibility. */
class BotApiSandboxTest {

  static final String ANNA = "1001:" + "a".repeat(35);
  static final String BORIS = "1002:" + "b".repeat(35);
  static final String CLARA = "1003:" + "c".repeat(35);
  static final String DAN = "1004:" + "d".repeat(35);
  static final long CHAT = -1001;
  static final long OTHER_CHAT = -1002;

  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  BotApiSandbox sandbox;

  static SandboxSpec spec(SandboxSpec.FloodLimits limits) {
    return new SandboxSpec(
        List.of(
            new SandboxSpec.Bot(ANNA, "anna_bot", "Anna", false, false),
            new SandboxSpec.Bot(BORIS, "boris_bot", "Boris", false, false),
            new SandboxSpec.Bot(CLARA, "clara_bot", "Clara", true, false),
            new SandboxSpec.Bot(DAN, "dan_bot", "Dan", false, true)),
        List.of(
            new SandboxSpec.Chat(
                CHAT, "Market Talk", List.of("anna_bot", "boris_bot", "clara_bot", "dan_bot")),
            new SandboxSpec.Chat(OTHER_CHAT, "Elsewhere", List.of("boris_bot"))),
        limits);
  }

  BotApiSandbox start(SandboxSpec.FloodLimits limits) {
    sandbox = BotApiSandbox.start(spec(limits), "127.0.0.1", 0);
    return sandbox;
  }

  /** A sandbox whose time moves only with {@code time}. */
  BotApiSandbox start(SandboxSpec.FloodLimits limits, ManualScheduler time) {
    sandbox =
        BotApiSandbox.start(spec(limits), "127.0.0.1", 0, time.clock, java.util.Optional.of(time));
    return sandbox;
  }

  @AfterEach
  void stop() {
    if (sandbox != null) sandbox.close();
  }

  record Answer(int status, JsonNode body) {
    JsonNode result() {
      assertEquals(200, status, () -> "expected ok, got " + body);
      assertTrue(body.path("ok").asBoolean(), body::toString);
      return body.get("result");
    }

    void isError(int code, String description) {
      assertEquals(code, status, body::toString);
      assertFalse(body.path("ok").asBoolean(true));
      assertEquals(code, body.path("error_code").asInt());
      assertEquals(description, body.path("description").asText());
    }
  }

  Answer call(String token, String method, String jsonBody) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(sandbox.url() + "/bot" + token + "/" + method))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
            .build());
  }

  Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), json.readTree(r.body()));
  }

  JsonNode updates(String token, long offset) throws Exception {
    return call(token, "getUpdates", "{\"offset\":" + offset + ",\"timeout\":0}").result();
  }

  /** How many of {@code updates} are messages (a bot also hears of its own membership changes). */
  static long messages(JsonNode updates) {
    long n = 0;
    for (JsonNode u : updates) if (u.has("message")) n++;
    return n;
  }

  long human(String text) {
    return sandbox.postAsHuman(CHAT, "Sam", text);
  }

  @Test
  void answersGetMeWithTheBotAndRejectsAnUnknownToken() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    JsonNode me = call(ANNA, "getMe", "{}").result();
    assertEquals(1001, me.path("id").asLong());
    assertTrue(me.path("is_bot").asBoolean());
    assertEquals("anna_bot", me.path("username").asText());
    assertTrue(me.path("can_read_all_group_messages").asBoolean());
    assertFalse(
        call(CLARA, "getMe", "{}").result().path("can_read_all_group_messages").asBoolean());

    call("1001:" + "x".repeat(35), "getMe", "{}").isError(401, "Unauthorized");
    call(ANNA, "getMeNot", "{}").isError(404, "Not Found");
    var get =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.url() + "/bot" + ANNA + "/getMe")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, get.statusCode());
  }

  @Test
  void sendMessageTakesJsonFormOrQueryAndAnswersTelegramErrors() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    JsonNode sent =
        call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"hi all\"}").result();
    assertEquals("hi all", sent.path("text").asText());
    assertEquals(CHAT, sent.path("chat").path("id").asLong());
    assertEquals("supergroup", sent.path("chat").path("type").asText());
    assertEquals("anna_bot", sent.path("from").path("username").asText());

    var form =
        send(
            HttpRequest.newBuilder(URI.create(sandbox.url() + "/bot" + BORIS + "/sendMessage"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "chat_id="
                            + CHAT
                            + "&text=hello+%40anna_bot&reply_parameters="
                            + java.net.URLEncoder.encode(
                                "{\"message_id\":" + sent.path("message_id").asLong() + "}",
                                StandardCharsets.UTF_8)))
                .build());
    JsonNode reply = form.result();
    assertEquals(
        sent.path("message_id").asLong(),
        reply.path("reply_to_message").path("message_id").asLong());
    assertEquals("mention", reply.path("entities").get(0).path("type").asText());

    var query =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        sandbox.url()
                            + "/bot"
                            + BORIS
                            + "/sendMessage?chat_id="
                            + OTHER_CHAT
                            + "&text=q"))
                .GET()
                .build());
    assertEquals("q", query.result().path("text").asText());

    call(ANNA, "sendMessage", "{\"text\":\"no chat\"}")
        .isError(400, "Bad Request: chat_id is empty");
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":")
        .isError(400, "Bad Request: can't parse JSON object");
    call(ANNA, "sendMessage", "{\"chat_id\":-999,\"text\":\"x\"}")
        .isError(400, "Bad Request: chat not found");
    call(ANNA, "sendMessage", "{\"chat_id\":" + OTHER_CHAT + ",\"text\":\"x\"}")
        .isError(403, "Forbidden: bot is not a member of the supergroup chat");
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\" \"}")
        .isError(400, "Bad Request: message text is empty");
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"" + "x".repeat(4097) + "\"}")
        .isError(400, "Bad Request: message is too long");
    call(
            ANNA,
            "sendMessage",
            "{\"chat_id\":" + CHAT + ",\"text\":\"x\",\"reply_parameters\":{\"message_id\":1}}")
        .isError(400, "Bad Request: message to be replied not found");
    call(
            ANNA,
            "sendMessage",
            "{\"chat_id\":"
                + CHAT
                + ",\"text\":\"x\",\"reply_parameters\":{\"message_id\":1,\"allow_sending_without_reply\":true}}")
        .result();
    call(ANNA, "sendMessage", "{\"chat_id\":\"@nochat\",\"text\":\"x\"}")
        .isError(400, "Bad Request: chat not found");
  }

  @Test
  void aBotWhoseStandingChangesGetsMyChatMemberWithTheOldAndNewStatus() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    call(BORIS, "getUpdates", "{\"timeout\":0,\"allowed_updates\":[\"message\"]}").result();
    Answer kicked =
        control(
            "/sandbox/members",
            "{\"chat_id\":"
                + CHAT
                + ",\"bot\":\"anna_bot\",\"status\":\"kicked\",\"from\":\"Dana\"}");
    assertEquals(200, kicked.status(), kicked.body()::toString);
    sandbox.setMember(CHAT, "anna_bot", MemberStatus.KICKED);
    sandbox.setMember(CHAT, "anna_bot", MemberStatus.RESTRICTED);
    sandbox.setMember(CHAT, "boris_bot", MemberStatus.LEFT);

    JsonNode anna = updates(ANNA, 0);
    assertEquals(2, anna.size(), "no update when the status stays the same: " + anna);
    JsonNode change = anna.get(0).path("my_chat_member");
    assertEquals(CHAT, change.path("chat").path("id").asLong());
    assertEquals("supergroup", change.path("chat").path("type").asText());
    assertEquals("Dana", change.path("from").path("first_name").asText());
    assertEquals("member", change.path("old_chat_member").path("status").asText());
    assertEquals("kicked", change.path("new_chat_member").path("status").asText());
    assertEquals(0, change.path("new_chat_member").path("until_date").asLong(-1));
    assertEquals("anna_bot", change.path("new_chat_member").path("user").path("username").asText());
    JsonNode restricted = anna.get(1).path("my_chat_member");
    assertEquals(BotApiSandbox.ADMIN, restricted.path("from").path("first_name").asText());
    assertEquals("kicked", restricted.path("old_chat_member").path("status").asText());
    assertEquals("restricted", restricted.path("new_chat_member").path("status").asText());
    assertFalse(restricted.path("new_chat_member").path("can_send_messages").asBoolean(true));
    assertEquals(0, updates(BORIS, 0).size(), "Boris did not ask for my_chat_member");
  }

  @Test
  void aBotAddedToAGroupGetsMyChatMemberUnlessItsUpdateTypesLeaveItOut() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    long newGroup = -1003;
    // Boris names his update types without my_chat_member; Anna keeps Telegram's default.
    call(BORIS, "getUpdates", "{\"timeout\":0,\"allowed_updates\":[\"message\"]}").result();
    var answer =
        send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.url() + "/sandbox/chats/" + newGroup + "/bots"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"bot\":\"anna_bot\",\"title\":\"Side Room\",\"from\":\"Sam\"}"))
                .build());
    assertEquals(200, answer.status(), answer.body()::toString);
    sandbox.addBot(newGroup, "boris_bot", "", "Sam");

    JsonNode anna = updates(ANNA, 0);
    assertEquals(1, anna.size(), anna::toString);
    JsonNode change = anna.get(0).path("my_chat_member");
    assertEquals(newGroup, change.path("chat").path("id").asLong());
    assertEquals("Side Room", change.path("chat").path("title").asText());
    assertEquals("supergroup", change.path("chat").path("type").asText());
    assertEquals("Sam", change.path("from").path("first_name").asText());
    assertEquals("left", change.path("old_chat_member").path("status").asText());
    assertEquals("member", change.path("new_chat_member").path("status").asText());
    assertEquals("anna_bot", change.path("new_chat_member").path("user").path("username").asText());
    assertEquals(0, updates(BORIS, 0).size(), "Boris did not ask for my_chat_member");

    // Both are members now: they may post there, and the group is on the page.
    call(ANNA, "sendMessage", "{\"chat_id\":" + newGroup + ",\"text\":\"hello\"}").result();
    assertEquals(1, sandbox.messages(newGroup).size());
    var again =
        assertThrows(
            IllegalArgumentException.class, () -> sandbox.addBot(newGroup, "anna_bot", "", "Sam"));
    assertEquals("@anna_bot is already in chat -1003", again.getMessage());
    var untitled =
        assertThrows(
            IllegalArgumentException.class, () -> sandbox.addBot(-1004, "anna_bot", " ", "Sam"));
    assertEquals("a new group needs a title", untitled.getMessage());
  }

  @Test
  void botsSeeWhatTelegramLetsThemSee() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    human("what about gold?");
    human("@clara_bot your view?");
    // Privacy off: every message from people; privacy on: only what mentions it.
    assertEquals(2, updates(ANNA, 0).size());
    JsonNode clara = updates(CLARA, 0);
    assertEquals(1, clara.size());
    assertEquals("@clara_bot your view?", clara.get(0).path("message").path("text").asText());

    // A bot's message reaches no other bot in the default mode...
    JsonNode annas =
        call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"gold is fine\"}").result();
    long before = updates(BORIS, 0).size();
    assertEquals(2, before);
    // ...but Dan, in bot-to-bot mode with privacy off, sees it, and a reply from Dan reaches Anna.
    JsonNode dans = updates(DAN, 0);
    assertEquals("gold is fine", dans.get(dans.size() - 1).path("message").path("text").asText());
    call(
            DAN,
            "sendMessage",
            "{\"chat_id\":"
                + CHAT
                + ",\"text\":\"no\",\"reply_parameters\":{\"message_id\":"
                + annas.path("message_id")
                + "}}")
        .result();
    JsonNode anna = updates(ANNA, 0);
    assertEquals("no", anna.get(anna.size() - 1).path("message").path("text").asText());
    assertTrue(anna.get(anna.size() - 1).path("message").path("from").path("is_bot").asBoolean());
    assertEquals(before, updates(BORIS, 0).size(), "Boris has neither mode nor a reply to him");

    // An offset confirms everything before it.
    long last = anna.get(anna.size() - 1).path("update_id").asLong();
    assertEquals(1, updates(ANNA, last).size());
    assertEquals(0, updates(ANNA, last + 1).size());
    assertEquals(0, updates(ANNA, 0).size(), "confirmed updates are gone");
  }

  @Test
  void aLongPollAnswersWhenAMessageArrivesOrWhenItsTimeoutEnds() throws Exception {
    var time = new ManualScheduler();
    start(SandboxSpec.FloodLimits.TELEGRAM, time);
    var quiet = pollAsync(HttpClient.newHttpClient(), 1);
    // Its end is put off until the sandbox's clock has moved a second (scheduled just after the
    // poll is registered): nothing else answers it.
    TestNodes.await(
        "the poll waits for its end", 10, () -> sandbox.polling(ANNA) && time.waiting() == 1);
    assertFalse(quiet.isDone());
    time.advance(Duration.ofSeconds(1));
    var ended = quiet.get(10, TimeUnit.SECONDS);
    assertEquals(0, json.readTree(ended.body()).path("result").size(), ended.body());

    var poll = pollAsync(HttpClient.newHttpClient(), 30);
    TestNodes.await("the next poll waits", 10, () -> sandbox.polling(ANNA));
    assertFalse(poll.isDone());
    human("anyone?");
    JsonNode batch = json.readTree(poll.get(10, TimeUnit.SECONDS).body()).path("result");
    assertEquals("anyone?", batch.get(0).path("message").path("text").asText());
  }

  @Test
  void aSecondPollerEndsTheFirstWithConflictButAHungUpPollerIsNoConflict() throws Exception {
    // On a clock that does not move, no poll ends by its timeout while the test looks.
    start(SandboxSpec.FloodLimits.TELEGRAM, new ManualScheduler());
    // A poller that hangs up mid-poll (a node stopping) leaves no conflict behind.
    try (Socket s = new Socket("127.0.0.1", sandbox.port())) {
      String body = "{\"timeout\":30}";
      s.getOutputStream()
          .write(
              ("POST /bot"
                      + ANNA
                      + "/getUpdates HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      TestNodes.await("the first poll waits", 10, () -> sandbox.polling(ANNA));
    }
    TestNodes.await("the hung-up poll is forgotten", 10, () -> !sandbox.polling(ANNA));
    var second = pollAsync(HttpClient.newHttpClient(), 20);
    TestNodes.await("the second poll waits", 10, () -> sandbox.polling(ANNA));
    assertEquals(0, sandbox.stats().conflicts());

    // A live second poller is a conflict: the first one gets Telegram's 409.
    var third = pollAsync(HttpClient.newHttpClient(), 20);
    var ended = second.get(10, TimeUnit.SECONDS);
    assertEquals(409, ended.statusCode());
    assertEquals(
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        json.readTree(ended.body()).path("description").asText());
    assertEquals(1, sandbox.stats().conflicts());
    human("wake up");
    assertEquals(200, third.get(10, TimeUnit.SECONDS).statusCode());
  }

  CompletableFuture<HttpResponse<String>> pollAsync(HttpClient client, int timeoutSeconds) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create(sandbox.url() + "/bot" + ANNA + "/getUpdates"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"timeout\":" + timeoutSeconds + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void floodControlAnswers429WithRetryAfter() throws Exception {
    var time = new ManualScheduler();
    start(new SandboxSpec.FloodLimits(30, 1, Duration.ofSeconds(2), 20), time);
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"one\"}").result();
    Answer second = call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"two\"}");
    second.isError(429, "Too Many Requests: retry after 2");
    assertEquals(2, second.body().path("parameters").path("retry_after").asInt());
    assertEquals(1, sandbox.stats().rateLimited());
    // Another bot has limits of its own.
    call(BORIS, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"three\"}").result();
    // Late in the chat's interval, retry_after is the whole seconds left, not the interval.
    time.advance(Duration.ofMillis(1_500));
    Answer late = call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"two\"}");
    late.isError(429, "Too Many Requests: retry after 1");
    time.advance(Duration.ofMillis(500));
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"two\"}").result();
  }

  @Test
  void aWebhookGetsUpdatesWithItsSecretAndLocksOutGetUpdates() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    var received = new LinkedBlockingQueue<String[]>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    var refuseFirst = new java.util.concurrent.atomic.AtomicBoolean(true);
    hook.createContext(
        "/hook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = refuseFirst.getAndSet(false) ? 503 : 200;
            if (status == 200)
              received.add(
                  new String[] {
                    exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token"), body
                  });
            exchange.sendResponseHeaders(status, -1);
          }
        });
    hook.start();
    try {
      String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
      call(ANNA, "setWebhook", "{\"url\":\"" + url + "\",\"secret_token\":\"bad secret!\"}")
          .isError(400, "Bad Request: secret token contains unallowed characters");
      call(ANNA, "setWebhook", "{\"url\":\"" + url + "\",\"secret_token\":\"s3cret\"}").result();
      call(ANNA, "getUpdates", "{}")
          .isError(
              409,
              "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      assertEquals(url, call(ANNA, "getWebhookInfo", "{}").result().path("url").asText());

      human("to the hook");
      String[] got = received.poll(10, TimeUnit.SECONDS);
      assertEquals("s3cret", got[0]);
      assertEquals("to the hook", json.readTree(got[1]).path("message").path("text").asText());
      // The hook has the update before the sandbox has read the hook's 200.
      TestNodes.await(
          "the delivered update is no longer pending",
          10,
          () ->
              call(ANNA, "getWebhookInfo", "{}").result().path("pending_update_count").asInt()
                  == 0);
      JsonNode info = call(ANNA, "getWebhookInfo", "{}").result();
      assertEquals(
          "Wrong response from the webhook: 503", info.path("last_error_message").asText());

      call(ANNA, "deleteWebhook", "{}").result();
      assertEquals("", call(ANNA, "getWebhookInfo", "{}").result().path("url").asText());
      human("polled again");
      assertEquals(1, updates(ANNA, 0).size());
    } finally {
      hook.stop(0);
    }
  }

  Answer control(String path, String jsonBody) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(sandbox.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
            .build());
  }

  String chat(long chatId) {
    return "{\"chat_id\":" + chatId + "}";
  }

  String member(long chatId, long userId) {
    return "{\"chat_id\":" + chatId + ",\"user_id\":" + userId + "}";
  }

  @Test
  void getChatShowsTheGroupToItsMembersOnly() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    JsonNode chat = call(ANNA, "getChat", chat(CHAT)).result();
    assertEquals(CHAT, chat.path("id").asLong());
    assertEquals("supergroup", chat.path("type").asText());
    assertEquals("Market Talk", chat.path("title").asText());

    // A private supergroup is unknown to a bot outside it, like an id that does not exist.
    call(ANNA, "getChat", chat(OTHER_CHAT)).isError(400, "Bad Request: chat not found");
    call(ANNA, "getChat", chat(-999)).isError(400, "Bad Request: chat not found");

    sandbox.setMember(CHAT, "anna_bot", MemberStatus.KICKED);
    call(ANNA, "getChat", chat(CHAT))
        .isError(403, "Forbidden: bot was kicked from the supergroup chat");
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"x\"}")
        .isError(403, "Forbidden: bot was kicked from the supergroup chat");
    sandbox.setMember(CHAT, "anna_bot", MemberStatus.LEFT);
    call(ANNA, "getChat", chat(CHAT)).isError(400, "Bad Request: chat not found");
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"x\"}")
        .isError(403, "Forbidden: bot is not a member of the supergroup chat");
  }

  @Test
  void getChatMemberTellsEachStatusAndTheRightToSend() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    long boris = 1002;
    JsonNode m = call(ANNA, "getChatMember", member(CHAT, boris)).result();
    assertEquals("member", m.path("status").asText());
    assertEquals("boris_bot", m.path("user").path("username").asText());

    assertEquals(
        200,
        control(
                "/sandbox/members",
                "{\"chat_id\":" + CHAT + ",\"bot\":\"boris_bot\",\"status\":\"administrator\"}")
            .status());
    m = call(ANNA, "getChatMember", member(CHAT, boris)).result();
    assertEquals("administrator", m.path("status").asText());
    assertTrue(m.path("can_manage_chat").asBoolean());

    sandbox.setMember(CHAT, "boris_bot", MemberStatus.RESTRICTED);
    m = call(ANNA, "getChatMember", member(CHAT, boris)).result();
    assertEquals("restricted", m.path("status").asText());
    assertTrue(m.path("is_member").asBoolean());
    assertFalse(m.path("can_send_messages").asBoolean(true));
    call(BORIS, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"x\"}")
        .isError(400, "Bad Request: not enough rights to send text messages to the chat");
    assertEquals(
        "restricted",
        call(BORIS, "getChatMember", member(CHAT, boris)).result().path("status").asText());

    sandbox.setMember(CHAT, "boris_bot", MemberStatus.LEFT);
    assertEquals(
        "left", call(ANNA, "getChatMember", member(CHAT, boris)).result().path("status").asText());
    sandbox.setMember(CHAT, "boris_bot", MemberStatus.KICKED);
    m = call(ANNA, "getChatMember", member(CHAT, boris)).result();
    assertEquals("kicked", m.path("status").asText());
    assertEquals(0, m.path("until_date").asLong(-1));
    call(BORIS, "getChatMember", member(CHAT, boris))
        .isError(403, "Forbidden: bot was kicked from the supergroup chat");

    // A bot never in the chat is "left"; a person who posted is a member; anyone else is unknown.
    assertEquals(
        "left",
        call(BORIS, "getChatMember", member(OTHER_CHAT, 1001)).result().path("status").asText());
    human("hello");
    JsonNode sam = sandbox.messages(CHAT).get(0).path("from");
    assertEquals(
        "member",
        call(ANNA, "getChatMember", member(CHAT, sam.path("id").asLong()))
            .result()
            .path("status")
            .asText());
    call(ANNA, "getChatMember", member(CHAT, 42)).isError(400, "Bad Request: user not found");
    Answer wrong =
        control(
            "/sandbox/members",
            "{\"chat_id\":" + CHAT + ",\"bot\":\"anna_bot\",\"status\":\"gone\"}");
    assertEquals(400, wrong.status());
    assertEquals(
        "status is member, administrator, restricted, left or kicked, not 'gone'",
        wrong.body().path("error").asText());
  }

  @Test
  void privacyModeChangesGetMeAtOnceAndAChatWhenTheBotJoinsAgain() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    assertEquals(200, control("/sandbox/privacy", "{\"bot\":\"anna_bot\",\"on\":true}").status());
    assertFalse(call(ANNA, "getMe", "{}").result().path("can_read_all_group_messages").asBoolean());
    human("still heard");
    assertEquals(1, updates(ANNA, 0).size(), "the chat keeps the mode Anna joined under");

    sandbox.setMember(CHAT, "anna_bot", MemberStatus.LEFT);
    sandbox.setMember(CHAT, "anna_bot", MemberStatus.MEMBER);
    human("not heard any more");
    assertEquals(1, messages(updates(ANNA, 0)), "re-added under privacy: plain talk is hidden");

    // An administrator sees everything, privacy or not.
    sandbox.setMember(CHAT, "anna_bot", MemberStatus.ADMINISTRATOR);
    human("an admin hears this");
    assertEquals(2, messages(updates(ANNA, 0)));

    sandbox.setPrivacy("clara_bot", false);
    assertTrue(call(CLARA, "getMe", "{}").result().path("can_read_all_group_messages").asBoolean());
  }

  @Test
  void updateIdsRestartLowerAndAnOffsetInTheFutureIsAnsweredFromTheQueuesStart() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    human("before the quiet week");
    long before = updates(ANNA, 0).get(0).path("update_id").asLong();
    assertEquals(0, updates(ANNA, before + 1).size());

    var reset = control("/sandbox/updates/reset", "{\"bot\":\"anna_bot\",\"next_update_id\":1000}");
    assertEquals(200, reset.status(), reset.body()::toString);
    human("after it");
    // Asked from the old offset: "in the future", answered from the queue's start, nothing
    // confirmed.
    JsonNode batch = updates(ANNA, before + 1);
    assertEquals(1000, batch.get(0).path("update_id").asLong());
    assertEquals(1, updates(ANNA, before + 1).size());
    assertEquals(0, updates(ANNA, 1001).size());

    human("queued");
    var queued = control("/sandbox/updates/reset", "{\"bot\":\"anna_bot\",\"next_update_id\":5}");
    assertEquals(400, queued.status());
    assertEquals(
        "@anna_bot has 1 updates not confirmed yet: Telegram restarts ids only after a quiet spell,"
            + " so reset once its poller has taken them",
        queued.body().path("error").asText());
    assertEquals(
        "say which bot and its \"next_update_id\" (a positive number)",
        control("/sandbox/updates/reset", "{\"bot\":\"anna_bot\"}").body().path("error").asText());
    assertEquals(
        "next_update_id is 1 to 2147483647, not 0",
        control("/sandbox/updates/reset", "{\"bot\":\"boris_bot\",\"next_update_id\":0}")
            .body()
            .path("error")
            .asText());
  }

  @Test
  void chatActionsAndPeoplesPostsAreChecked() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    assertTrue(
        call(ANNA, "sendChatAction", "{\"chat_id\":" + CHAT + ",\"action\":\"typing\"}")
            .result()
            .asBoolean());
    call(ANNA, "sendChatAction", "{\"chat_id\":" + CHAT + ",\"action\":\"dancing\"}")
        .isError(400, "Bad Request: wrong parameter action in request");

    var post =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/chats/-999/messages"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"Sam\",\"text\":\"hi\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, post.statusCode());
    assertEquals("no chat -999 in the sandbox", json.readTree(post.body()).path("error").asText());

    var ok =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.url() + "/sandbox/chats/" + CHAT + "/messages"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"Sam\",\"text\":\"hi\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode());
    assertEquals("Sam", json.readTree(ok.body()).path("from").path("first_name").asText());
  }

  @Test
  void theEventStreamCarriesEveryMessage() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    var lines = new LinkedBlockingQueue<String>();
    http.sendAsync(
            HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/events")).build(),
            HttpResponse.BodyHandlers.ofLines())
        .thenAccept(r -> r.body().forEach(lines::add));
    assertEquals(": connected", lines.poll(5, TimeUnit.SECONDS));
    human("live?");
    String data;
    do data = lines.poll(5, TimeUnit.SECONDS);
    while (data != null && !data.startsWith("data:"));
    JsonNode event = json.readTree(data.substring(5));
    assertEquals("message", event.path("type").asText());
    assertEquals("live?", event.path("message").path("text").asText());
  }

  /**
   * {@code POST /sandbox/floods}: Telegram holds a bot in a chat (or everywhere) for a long wait,
   * each 429 carrying the seconds left — after 91 s of a 300 s flood, the field case's "retry after
   * 209" — on the sandbox's clock; other bots go on, and a flood that passed refuses nothing.
   */
  @Test
  void aLongFloodSetForABotAnswers429WithTheSecondsLeftUntilItPasses() throws Exception {
    var time = new ManualScheduler();
    start(SandboxSpec.FloodLimits.TELEGRAM, time);
    String toChat = "{\"chat_id\":" + CHAT + ",\"text\":\"hello\"}";
    assertEquals(
        200,
        control(
                "/sandbox/floods",
                "{\"bot\":\"anna_bot\",\"chat_id\":" + CHAT + ",\"retry_after\":300}")
            .status());
    call(ANNA, "sendMessage", toChat).isError(429, "Too Many Requests: retry after 300");
    call(ANNA, "sendChatAction", "{\"chat_id\":" + CHAT + ",\"action\":\"typing\"}")
        .isError(429, "Too Many Requests: retry after 300");
    call(BORIS, "sendMessage", toChat).result();
    time.advance(Duration.ofSeconds(91));
    Answer left = call(ANNA, "sendMessage", toChat);
    left.isError(429, "Too Many Requests: retry after 209");
    assertEquals(
        json.readTree(
            new String(
                getClass()
                    .getResourceAsStream("/field-cases/telegram/09-long-retry-after-a.json")
                    .readAllBytes(),
                StandardCharsets.UTF_8)),
        left.body(),
        "Telegram's answer in the field");
    time.advance(Duration.ofSeconds(209));
    call(ANNA, "sendMessage", toChat).result();
    assertEquals(3, sandbox.stats().rateLimited());

    // Bot-wide: every chat of the bot.
    sandbox.flood("boris_bot", java.util.Optional.empty(), 60);
    call(BORIS, "sendMessage", toChat).isError(429, "Too Many Requests: retry after 60");
    call(BORIS, "sendMessage", "{\"chat_id\":" + OTHER_CHAT + ",\"text\":\"hi\"}")
        .isError(429, "Too Many Requests: retry after 60");
    time.advance(Duration.ofSeconds(60));
    call(BORIS, "sendMessage", "{\"chat_id\":" + OTHER_CHAT + ",\"text\":\"hi\"}").result();

    Answer wrong = control("/sandbox/floods", "{\"bot\":\"anna_bot\",\"retry_after\":0}");
    assertEquals(400, wrong.status());
    assertEquals(
        "retry_after is 0; give the seconds of the flood, 1 to 86400",
        wrong.body().path("error").asText());
    assertEquals(
        400, control("/sandbox/floods", "{\"bot\":\"nobody_bot\",\"retry_after\":5}").status());
    assertEquals(
        "no chat -5 in the sandbox; leave chat_id out for a bot-wide flood",
        control("/sandbox/floods", "{\"bot\":\"anna_bot\",\"chat_id\":-5,\"retry_after\":5}")
            .body()
            .path("error")
            .asText());
  }

  @Test
  void aForumTopicsMessagesCarryItsThreadAndAnUnknownThreadIsRefused() throws Exception {
    start(SandboxSpec.FloodLimits.TELEGRAM);
    long gold = sandbox.createTopic(CHAT, "Gold", "Dana");
    long question = sandbox.postInTopic(CHAT, gold, "Dana", "@anna_bot gold?");
    JsonNode seen = null;
    for (JsonNode u : updates(ANNA, 0))
      if (u.path("message").path("message_id").asLong() == question) seen = u.path("message");
    assertTrue(seen != null, "anna gets the topic's message");
    assertEquals(gold, seen.path("message_thread_id").asLong());
    assertTrue(seen.path("is_topic_message").asBoolean());
    assertTrue(seen.path("chat").path("is_forum").asBoolean());
    assertEquals(gold, seen.path("reply_to_message").path("message_id").asLong());
    assertEquals(
        "Gold", seen.path("reply_to_message").path("forum_topic_created").path("name").asText());

    JsonNode answer =
        call(
                ANNA,
                "sendMessage",
                "{\"chat_id\":"
                    + CHAT
                    + ",\"text\":\"gold, yes\",\"message_thread_id\":"
                    + gold
                    + "}")
            .result();
    assertEquals(gold, answer.path("message_thread_id").asLong());
    assertEquals(gold, answer.path("reply_to_message").path("message_id").asLong());
    JsonNode general =
        call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"hello all\"}").result();
    assertFalse(general.has("message_thread_id"), "General: " + general);
    call(ANNA, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"x\",\"message_thread_id\":999}")
        .isError(400, "Bad Request: message thread not found");
    var noTopic =
        assertThrows(
            IllegalArgumentException.class, () -> sandbox.postInTopic(CHAT, 999, "Dana", "hi"));
    assertEquals(
        "chat " + CHAT + " has no topic 999; its topics: [" + gold + "]", noTopic.getMessage());
    // A reply to a topic's message stays in that topic, as in Telegram.
    long reply =
        call(
                ANNA,
                "sendMessage",
                "{\"chat_id\":"
                    + CHAT
                    + ",\"text\":\"and more\",\"reply_parameters\":{\"message_id\":"
                    + question
                    + "}}")
            .result()
            .path("message_thread_id")
            .asLong();
    assertEquals(gold, reply);
    JsonNode chats =
        send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/chats")).build())
            .body()
            .path("chats");
    JsonNode forum = null;
    for (JsonNode c : chats) if (c.path("id").asLong() == CHAT) forum = c;
    assertTrue(forum != null && forum.path("is_forum").asBoolean(), "listed as a forum: " + chats);
    assertEquals(gold, forum.path("topics").path(0).path("message_thread_id").asLong());
    assertEquals("Gold", forum.path("topics").path(0).path("name").asText());
  }
}
