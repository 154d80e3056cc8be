package io.botswarm.telegram.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.openqa.selenium.support.ui.ExpectedConditions.domPropertyToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBeMoreThan;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botswarm.testing.TestBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sandbox's page in a real headless Chromium under WebDriver: what a person sees and does
 * there, checked through the DOM. Bots speak through the Bot API over HTTP, as the swarm does, and
 * the page must show it live, without a reload. Skipped without Chromium and chromedriver unless
 * {@code CI_REQUIRE_BROWSER=1}.
 */
class SandboxPageTest {

  static final String ANNA = "1001:" + "a".repeat(35);
  static final String BORIS = "1002:" + "b".repeat(35);
  static final long CHAT = -1001;

  /** How long the page may take to show what happened: a deadline, not an expected speed. */
  static final Duration LIVE = Duration.ofSeconds(30);

  static TestBrowser browser;

  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  BotApiSandbox sandbox;
  WebDriver page;
  WebDriverWait live;

  /** Runs before {@code @AfterEach}, so the screenshot shows the page while its sandbox is up. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context ->
          context
              .getExecutionException()
              .filter(failure -> browser != null)
              .ifPresent(
                  failure -> {
                    String report =
                        browser.report(
                            Path.of(
                                "target",
                                "sandbox-page",
                                context.getRequiredTestMethod().getName() + ".png"));
                    System.err.println(context.getDisplayName() + ": " + report);
                    failure.addSuppressed(new Exception(report));
                  });

  /**
   * Launches the browser once for the class. Without one, each test is skipped on its own (Surefire
   * does not report a class skipped as a whole), unless CI requires the browser.
   */
  @BeforeAll
  static void launchBrowser() {
    var missing = TestBrowser.missing();
    if (missing.isEmpty()) {
      browser = TestBrowser.launch();
    } else if (TestBrowser.requiredByCi()) {
      fail(missing.get() + "; CI_REQUIRE_BROWSER=1 requires the page test to run");
    }
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) browser.close();
  }

  @BeforeEach
  void openPage() {
    Assumptions.assumeTrue(
        browser != null,
        () -> TestBrowser.missing().orElse("no browser") + "; the page test is skipped");
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
    page = browser.driver();
    live = browser.waitUpTo(LIVE);
    browser.open(sandbox.url() + "/");
    // Live means the event stream is open: what the bots say from now on arrives without a reload.
    live.until(textToBe(By.id("status"), "live"));
    script("window.sameDocument = true");
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
    assertTrue(
        classes(shown).containsAll(Set.of("msg", "bot")), () -> shown + " is a bot's message");
    assertEquals("anna_bot", attribute(shown, "data-from"));
    assertEquals("@anna_bot", text(shown + " .handle"));
    assertEquals("↩ Sam: is gold still a hedge?", text(shown + " .quote"));
    assertEquals("It still is, mostly.", text(shown + " .text"));
    assertEquals(Boolean.TRUE, script("return window.sameDocument === true"), "no reload");
  }

  @Test
  void repliesToABotByClickingItsMessage() throws Exception {
    long said =
        botApi(BORIS, "sendMessage", "{\"chat_id\":" + CHAT + ",\"text\":\"Bitcoin to the moon.\"}")
            .path("message_id")
            .asLong();
    waitForElement(message(said)).click();
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
   * Types into the chat's form and submits it with its button, as a person would (so the browser
   * checks the required fields); returns the id of the message that appears in the log.
   */
  long postThroughTheForm(String from, String text) {
    String form = "#post" + CHAT;
    String human = "#chat" + CHAT + " .log .msg.human";
    int before = count(human);
    WebElement name = page.findElement(By.cssSelector(form + " input[name=from]"));
    name.clear();
    name.sendKeys(from);
    WebElement said = page.findElement(By.cssSelector(form + " input[name=text]"));
    said.sendKeys(text);
    page.findElement(By.cssSelector(form + " button[type=submit]")).click();
    List<WebElement> shown =
        live.until(numberOfElementsToBeMoreThan(By.cssSelector(human), before));
    live.until(domPropertyToBe(said, "value", ""));
    return Long.parseLong(shown.get(shown.size() - 1).getDomAttribute("data-message-id"));
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

  WebElement waitForElement(String selector) {
    return live.until(presenceOfElementLocated(By.cssSelector(selector)));
  }

  static String message(long id) {
    return "#chat" + CHAT + " .log .msg[data-message-id=\"" + id + "\"]";
  }

  /** The element's {@code textContent}: what the DOM holds, hidden or not, unnormalised. */
  String text(String selector) {
    return element(selector).getDomProperty("textContent");
  }

  String value(String selector) {
    return element(selector).getDomProperty("value");
  }

  String attribute(String selector, String name) {
    return element(selector).getDomAttribute(name);
  }

  Set<String> classes(String selector) {
    return Set.of(attribute(selector, "class").split("\\s+"));
  }

  int count(String selector) {
    return page.findElements(By.cssSelector(selector)).size();
  }

  /** The element; a {@code NoSuchElementException} names the selector that found nothing. */
  WebElement element(String selector) {
    return page.findElement(By.cssSelector(selector));
  }

  Object script(String js) {
    return ((JavascriptExecutor) page).executeScript(js);
  }
}
