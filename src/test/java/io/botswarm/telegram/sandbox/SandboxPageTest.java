package io.botswarm.telegram.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.testing.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox's page in a real headless Chromium: what a person sees and does there, checked
 * through the DOM. Bots speak through the Bot API over HTTP, as the swarm does, and the page must
 * show it live, without a reload. Skipped without Chromium unless {@code CI_REQUIRE_BROWSER=1}.
 */
class SandboxPageTest {

  static final String ANNA = "1001:" + "a".repeat(35);
  static final String BORIS = "1002:" + "b".repeat(35);
  static final long CHAT = -1001;
  static final Duration LIVE = Duration.ofSeconds(10);

  static HeadlessChromium browser;

  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  BotApiSandbox sandbox;

  /** Runs before {@code @AfterEach}, so the screenshot shows the page while its sandbox is up. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context ->
          context
              .getExecutionException()
              .filter(failure -> browser != null)
              .ifPresent(
                  failure -> {
                    Path png =
                        Path.of(
                                "target",
                                "sandbox-page",
                                context.getRequiredTestMethod().getName() + ".png")
                            .toAbsolutePath();
                    String where;
                    try {
                      where = "screenshot of the page: " + browser.screenshot(png);
                    } catch (RuntimeException e) {
                      where = "no screenshot: " + e.getMessage();
                    }
                    List<String> log = browser.pageLog();
                    String report =
                        where
                            + (log.isEmpty()
                                ? "\nthe page logged nothing"
                                : "\nthe page's log:\n  " + String.join("\n  ", log));
                    System.err.println(context.getDisplayName() + ": " + report);
                    failure.addSuppressed(new Exception(report));
                  });

  /**
   * Launches the browser once for the class. Without one, each test is skipped on its own (Surefire
   * does not report a class skipped as a whole), unless CI requires the browser.
   */
  @BeforeAll
  static void launchBrowser() {
    if (HeadlessChromium.available()) {
      browser = HeadlessChromium.launch();
    } else if ("1".equals(System.getenv("CI_REQUIRE_BROWSER"))) {
      fail(noBrowser() + "; CI_REQUIRE_BROWSER=1 requires the page test to run");
    }
  }

  static String noBrowser() {
    return "no Chromium at "
        + HeadlessChromium.binary()
        + ": install it with `apt-get install chromium` (Debian), or point CHROMIUM at one";
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) browser.close();
  }

  @BeforeEach
  void openPage() {
    Assumptions.assumeTrue(browser != null, () -> noBrowser() + "; the page test is skipped");
    sandbox =
        BotApiSandbox.start(
            new SandboxSpec(
                List.of(
                    new SandboxSpec.Bot(ANNA, "anna_bot", "Anna", false, false),
                    new SandboxSpec.Bot(BORIS, "boris_bot", "Boris", false, false)),
                List.of(
                    new SandboxSpec.Chat(CHAT, "Market Talk", List.of("anna_bot", "boris_bot"))),
                SandboxSpec.FloodLimits.TELEGRAM),
            "127.0.0.1",
            0);
    browser.navigate(sandbox.url() + "/");
    // Live means the event stream is open: what the bots say from now on arrives without a reload.
    browser.waitFor("document.getElementById('status').textContent === 'live'", LIVE);
    browser.evaluate("window.sameDocument = true");
  }

  @AfterEach
  void stopSandbox() {
    if (sandbox != null) sandbox.close();
  }

  @Test
  void showsTheChatWithItsBots() {
    waitForElement("section.chat#chat" + CHAT);
    assertEquals("Market Talk", text("#chat" + CHAT + " h2"));
    assertEquals("@anna_bot, @boris_bot", text("#chat" + CHAT + " .members"));
    assertEquals(0, count("#chat" + CHAT + " .log .msg"));
  }

  @Test
  void showsAPersonsPostAndABotsQuotedReplyLive() throws Exception {
    long posted = postThroughTheForm("Sam", "is gold still a hedge?");
    assertEquals("Sam", attribute(message(posted), "data-from"));
    assertEquals("is gold still a hedge?", text(message(posted) + " .text"));
    assertEquals("", value("#post" + CHAT + " input[name=text]"), "the form is cleared");
    // The bots receive what the person posted.
    JsonNode updates = botApi(ANNA, "getUpdates", "{\"timeout\":0}");
    assertEquals(posted, updates.path(0).path("message").path("message_id").asLong());

    JsonNode reply =
        botApi(
            ANNA,
            "sendMessage",
            "{\"chat_id\":"
                + CHAT
                + ",\"text\":\"It still is, mostly.\",\"reply_parameters\":{\"message_id\":"
                + posted
                + "}}");
    String shown = message(reply.path("message_id").asLong());
    waitForElement(shown);
    assertTrue(matches(shown, ".msg.bot"));
    assertEquals("anna_bot", attribute(shown, "data-from"));
    assertEquals("@anna_bot", text(shown + " .handle"));
    assertEquals("↩ Sam: is gold still a hedge?", text(shown + " .quote"));
    assertEquals("It still is, mostly.", text(shown + " .text"));
    assertTrue(browser.evaluate("window.sameDocument === true").asBoolean(), "no reload");
  }

  @Test
  void repliesToABotByClickingItsMessage() throws Exception {
    long said =
        botApi(BORIS, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"Bitcoin to the moon.\"}")
            .path("message_id")
            .asLong();
    waitForElement(message(said));
    browser.evaluate(query(message(said)) + ".click()");
    assertEquals(String.valueOf(said), value("#post" + CHAT + " input[name=reply]"));
    assertEquals(
        "replying to Boris (click here to cancel)",
        text("#post" + CHAT + " .replying:not([hidden])"));

    long posted = postThroughTheForm("Sam", "which moon?");
    assertEquals("↩ Boris: Bitcoin to the moon.", text(message(posted) + " .quote"));
    assertEquals("0", value("#post" + CHAT + " input[name=reply]"), "the reply is reset");
    JsonNode updates = botApi(BORIS, "getUpdates", "{\"timeout\":0}");
    assertEquals(
        said, updates.path(0).path("message").path("reply_to_message").path("message_id").asLong());
  }

  @Test
  void showsAVerdictAsANote() throws Exception {
    var answer =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/verdicts"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"chat_id\":"
                            + CHAT
                            + ",\"bot\":\"boris_bot\",\"verdict\":\"rejected\","
                            + "\"detail\":\"too close to what anna_bot said\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    String note = "#chat" + CHAT + " .log .note.verdict";
    waitForElement(note);
    assertEquals("@boris_bot's draft rejected: too close to what anna_bot said", text(note));
  }

  /**
   * Types into the chat's form and submits it as a person would (through the submit button, so the
   * browser checks the required fields); returns the id of the message that appears in the log.
   */
  long postThroughTheForm(String from, String text) {
    String form = "document.getElementById('post" + CHAT + "')";
    int before = count("#chat" + CHAT + " .log .msg.human");
    browser.evaluate(
        "{ const f = "
            + form
            + "; f.from.value = "
            + json.valueToTree(from)
            + "; f.text.value = "
            + json.valueToTree(text)
            + "; f.requestSubmit(f.querySelector('button[type=submit]')); }");
    browser.waitFor(
        "document.querySelectorAll('#chat" + CHAT + " .log .msg.human').length > " + before, LIVE);
    browser.waitFor(form + ".text.value === ''", LIVE);
    return browser
        .evaluate(
            "[...document.querySelectorAll('#chat"
                + CHAT
                + " .log .msg.human')].pop().dataset.messageId")
        .asLong();
  }

  JsonNode botApi(String token, String method, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.url() + "/bot" + token + "/" + method))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = json.readTree(r.body());
    assertTrue(answer.path("ok").asBoolean(), () -> method + ": " + r.body());
    return answer.path("result");
  }

  void waitForElement(String selector) {
    browser.waitFor("document.querySelector(" + json.valueToTree(selector) + ")", LIVE);
  }

  static String message(long id) {
    return "#chat" + CHAT + " .log .msg[data-message-id=\"" + id + "\"]";
  }

  String text(String selector) {
    return browser.evaluate(query(selector) + ".textContent").asText();
  }

  String value(String selector) {
    return browser.evaluate(query(selector) + ".value").asText();
  }

  String attribute(String selector, String name) {
    return browser
        .evaluate(query(selector) + ".getAttribute(" + json.valueToTree(name) + ")")
        .asText();
  }

  boolean matches(String selector, String test) {
    return browser
        .evaluate(query(selector) + ".matches(" + json.valueToTree(test) + ")")
        .asBoolean();
  }

  int count(String selector) {
    return browser
        .evaluate("document.querySelectorAll(" + json.valueToTree(selector) + ").length")
        .asInt();
  }

  /** The element, or a JavaScript error naming the selector that found nothing. */
  String query(String selector) {
    String s = json.valueToTree(selector).toString();
    return "(document.querySelector("
        + s
        + ") ?? (() => { throw new Error('nothing matches ' + "
        + s
        + "); })())";
  }
}
