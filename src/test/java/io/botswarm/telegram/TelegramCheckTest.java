package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.botswarm.telegram.TelegramCheck.Result;
import io.botswarm.telegram.TelegramCheck.Row;
import io.botswarm.telegram.sandbox.BotApiSandbox;
import io.botswarm.telegram.sandbox.MemberStatus;
import io.botswarm.telegram.sandbox.SandboxSpec;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code swarm telegram check} against the Bot API sandbox, through the telegrambots client. */
class TelegramCheckTest {

  static final String ANNA = "2001:" + "a".repeat(35);
  static final String BORIS = "2002:" + "b".repeat(35);
  static final String CLARA = "2003:" + "c".repeat(35);
  static final long CHAT = -1002001;

  static BotApiSandbox sandbox;

  final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void freshSandbox() {
    if (sandbox != null) sandbox.close();
    sandbox =
        BotApiSandbox.start(
            new SandboxSpec(
                List.of(
                    new SandboxSpec.Bot(ANNA, "anna_bot", "Anna", false, false),
                    new SandboxSpec.Bot(BORIS, "boris_bot", "Boris", false, false),
                    new SandboxSpec.Bot(CLARA, "clara_bot", "Clara", true, false)),
                List.of(
                    new SandboxSpec.Chat(
                        CHAT, "Crypto Corner", List.of("anna_bot", "boris_bot", "clara_bot"))),
                SandboxSpec.FloodLimits.TELEGRAM),
            "127.0.0.1",
            0);
    environment.put("ANNA_TOKEN", ANNA);
    environment.put("BORIS_TOKEN", BORIS);
    environment.put("CLARA_TOKEN", CLARA);
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) sandbox.close();
  }

  static CheckTargets.Bot bot(String name) {
    return new CheckTargets.Bot(
        name + "_bot", name + "_bot", "env:" + name.toUpperCase() + "_TOKEN");
  }

  static CheckTargets twoBotsInOneChat() {
    return CheckTargets.of(
        List.of(bot("anna"), bot("boris")),
        List.of(new CheckTargets.Chat(CHAT, "Crypto Corner", List.of("anna_bot", "boris_bot"))));
  }

  TelegramCheck.Report check(CheckTargets targets, TelegramSettings.Mode mode, String webhook) {
    return check(targets, URI.create(sandbox.url()), mode, webhook);
  }

  TelegramCheck.Report check(
      CheckTargets targets, URI api, TelegramSettings.Mode mode, String webhook) {
    var telegram =
        ConfigFactory.load("application-test.conf").resolve().getConfig("botswarm.telegram");
    var tokens = BotTokens.load(telegram, environment);
    var report =
        new TelegramCheck(
                tokens, new TelegramCheck.Options(api, mode, webhook, Duration.ofSeconds(5)))
            .run(targets);
    String shown = report.table() + report.json(new ObjectMapper());
    for (String token : List.of(ANNA, BORIS, CLARA))
      assertFalse(shown.contains(token.substring(5)), "a token was printed:\n" + shown);
    return report;
  }

  TelegramCheck.Report polling(CheckTargets targets) {
    return check(targets, TelegramSettings.Mode.POLLING, "");
  }

  static Row only(TelegramCheck.Report report, Result result) {
    List<Row> rows = report.rows().stream().filter(r -> r.result() == result).toList();
    assertEquals(1, rows.size(), () -> "one " + result + " row expected:\n" + report.table());
    return rows.get(0);
  }

  @Test
  void passesWhenEveryBotIsLiveAndInItsChat() {
    var report = polling(twoBotsInOneChat());
    assertEquals(0, report.exitStatus(), report::table);
    assertTrue(report.rows().stream().allMatch(r -> r.result() == Result.OK), report::table);
    var checks = report.rows().stream().map(r -> r.check() + " " + r.subject()).toList();
    assertTrue(checks.contains("privacy anna_bot"), checks::toString);
    assertTrue(checks.contains("webhook boris_bot"), checks::toString);
    assertTrue(checks.contains("chat " + CHAT + " boris_bot"), checks::toString);
    assertTrue(checks.contains("member " + CHAT + " anna_bot"), checks::toString);
    assertTrue(report.table().startsWith("CHECK"), report::table);
    assertTrue(report.json(new ObjectMapper()).path("ok").asBoolean());
  }

  @Test
  void failsForABotLeftOutOfAChatNamingBotAndChat() {
    sandbox.setMember(CHAT, "boris_bot", MemberStatus.LEFT);
    var report = polling(twoBotsInOneChat());
    assertEquals(1, report.exitStatus(), report::table);
    List<Row> fails = report.rows().stream().filter(r -> r.result() == Result.FAIL).toList();
    assertEquals(2, fails.size(), report::table);
    Row chat = fails.get(0);
    assertEquals("chat", chat.check());
    assertEquals(CHAT + " boris_bot", chat.subject());
    assertTrue(chat.detail().contains("@boris_bot does not see chat " + CHAT), chat.detail());
    assertTrue(chat.whatToDo().contains("add @boris_bot to the group \"Crypto Corner\""));
    // Anna, who is in the chat, tells Boris's status.
    Row member = fails.get(1);
    assertEquals("member", member.check());
    assertEquals("left: @boris_bot is not in the chat", member.detail());
  }

  @Test
  void failsForABotRestrictedFromSendingOrBanned() {
    sandbox.setMember(CHAT, "boris_bot", MemberStatus.RESTRICTED);
    Row restricted = only(polling(twoBotsInOneChat()), Result.FAIL);
    assertEquals("restricted: @boris_bot may not send messages", restricted.detail());

    sandbox.setMember(CHAT, "boris_bot", MemberStatus.KICKED);
    var report = polling(twoBotsInOneChat());
    assertTrue(
        report.rows().stream()
            .anyMatch(
                r ->
                    r.result() == Result.FAIL
                        && r.detail().equals("kicked: @boris_bot is banned from the chat")),
        report::table);
  }

  @Test
  void warnsOfPrivacyModeWithWhatToDoInBotFather() {
    var targets =
        CheckTargets.of(
            List.of(bot("anna"), bot("clara")),
            List.of(
                new CheckTargets.Chat(CHAT, "Crypto Corner", List.of("anna_bot", "clara_bot"))));
    var report = polling(targets);
    assertEquals(0, report.exitStatus(), "privacy mode does not block the swarm");
    Row warn = only(report, Result.WARN);
    assertEquals("privacy clara_bot", warn.check() + " " + warn.subject());
    assertEquals(
        "privacy mode is on: the bot sees only commands, mentions and replies", warn.detail());
    assertEquals(
        "In @BotFather: /mybots → @clara_bot → Bot Settings → Group Privacy → Turn off, then remove and re-add the bot to its groups",
        warn.whatToDo());
    assertTrue(report.table().contains("WARN privacy mode is on"), report::table);
  }

  @Test
  void failsForAMissingTokenNamingItsReference() {
    environment.remove("BORIS_TOKEN");
    var report = polling(twoBotsInOneChat());
    assertEquals(1, report.exitStatus());
    Row token = only(report, Result.FAIL);
    assertEquals("token boris_bot", token.check() + " " + token.subject());
    assertEquals("token not found (env:BORIS_TOKEN)", token.detail());
    assertTrue(
        token.whatToDo().startsWith("set the environment variable BORIS_TOKEN"), token.whatToDo());
    assertTrue(
        report.rows().stream()
            .anyMatch(r -> r.subject().equals(CHAT + " boris_bot") && r.result() == Result.WARN),
        "the chat says Boris was not checked:\n" + report.table());
  }

  @Test
  void failsForATokenTelegramRejects() {
    environment.put("BORIS_TOKEN", "2009:" + "z".repeat(35));
    var report = polling(twoBotsInOneChat());
    assertEquals(1, report.exitStatus());
    Row rejected = only(report, Result.FAIL);
    assertEquals("getMe boris_bot", rejected.check() + " " + rejected.subject());
    assertTrue(
        rejected.detail().startsWith("token rejected (401 Unauthorized)"), rejected.detail());
    assertTrue(rejected.detail().contains("the environment variable BORIS_TOKEN"));
  }

  @Test
  void failsForAUsernameThatIsNotTheBots() {
    var targets =
        CheckTargets.of(
            List.of(new CheckTargets.Bot("anna_bot", "anna_real_bot", "env:ANNA_TOKEN")),
            List.of());
    Row wrong = only(polling(targets), Result.FAIL);
    assertEquals("username", wrong.check());
    assertTrue(wrong.detail().contains("is @anna_bot's, not @anna_real_bot's"), wrong.detail());
  }

  @Test
  void failsForAWebhookSetWhileTheSwarmPolls() throws Exception {
    var set =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sandbox.url() + "/bot" + ANNA + "/setWebhook"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"url\":\"https://elsewhere.example/hook\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, set.statusCode(), set.body());
    var report = polling(twoBotsInOneChat());
    assertEquals(1, report.exitStatus());
    Row webhook = only(report, Result.FAIL);
    assertEquals("webhook anna_bot", webhook.check() + " " + webhook.subject());
    assertTrue(webhook.detail().contains("https://elsewhere.example/hook"), webhook.detail());
    assertTrue(webhook.detail().contains("getUpdates answers 409"), webhook.detail());

    // In webhook mode, the same URL is another deployment's; the swarm's own is fine.
    Row other =
        only(
            check(twoBotsInOneChat(), TelegramSettings.Mode.WEBHOOK, "https://swarm.example"),
            Result.FAIL);
    assertTrue(other.detail().contains("not the swarm's https://swarm.example/telegram/anna_bot"));
  }

  @Test
  void anUnreachableBotApiIsARowNotAnException() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    var report =
        check(
            twoBotsInOneChat(),
            URI.create("http://127.0.0.1:" + closed),
            TelegramSettings.Mode.POLLING,
            "");
    assertEquals(1, report.exitStatus());
    Row getMe =
        report.rows().stream().filter(r -> r.check().equals("getMe")).findFirst().orElseThrow();
    assertEquals(Result.FAIL, getMe.result());
    assertTrue(getMe.detail().startsWith("no answer from the Bot API at http://127.0.0.1:"));
    assertTrue(getMe.detail().contains("the connection was refused"), getMe.detail());
    assertTrue(getMe.whatToDo().contains("SWARM_TELEGRAM_API"), getMe.whatToDo());
  }
}
