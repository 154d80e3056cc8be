package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestBrowser;
import io.botswarm.testing.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * What a new user does with the demo, in a real headless Chromium under WebDriver: open the
 * sandbox's page, post into a chat as a person, and see a bot of the swarm answer there, through
 * Telegram's API.
 */
class SwarmPageTest {

  @Test
  void aPersonPostsOnThePageAndABotOfTheSwarmAnswersThere() throws Exception {
    TestBrowser.assumeInstalled();
    try (var world = new TelegramWorld(2, SandboxSpec.FloodLimits.TELEGRAM)) {
      var config = new HashMap<String, Object>(world.config());
      config.put("botswarm.telegram.sandbox-verdicts", true);
      SwarmNode node = TestNodes.start(config);
      try {
        world.populate(node);
        String bot = world.bots.get(1);
        TestNodes.await(
            "the gateway polls",
            20,
            () -> TelegramWorld.status(node, bot).phase() == TelegramGateway.Phase.POLLING);
        // The browser starts once the swarm is up, so as not to compete with the node's start.
        try (var browser = TestBrowser.launch()) {
          answersOnThePage(browser, world, bot);
        }
      } finally {
        node.terminate();
      }
    }
  }

  private static void answersOnThePage(TestBrowser browser, TelegramWorld world, String bot) {
    WebDriver page = browser.driver();
    browser.open(world.sandbox.url() + "/");
    browser.waitUpTo(Duration.ofSeconds(30)).until(textToBe(By.id("status"), "live"));
    String form = "#post" + world.chatId;
    WebElement from = page.findElement(By.cssSelector(form + " input[name=from]"));
    from.clear();
    from.sendKeys("Robin");
    page.findElement(By.cssSelector(form + " input[name=text]"))
        .sendKeys("@" + bot + " what do you make of gold this week?");
    page.findElement(By.cssSelector(form + " button[type=submit]")).click();
    String log = "#chat" + world.chatId + " .log";
    browser
        .waitUpTo(Duration.ofSeconds(30))
        .until(presenceOfElementLocated(By.cssSelector(log + " .msg.human[data-from=Robin]")));
    String answer = log + " .msg.bot[data-from=" + bot + "]";
    By quotes = By.cssSelector(answer + " .quote");
    try {
      browser
          .waitUpTo(Duration.ofSeconds(60))
          .until(
              d ->
                  d.findElements(quotes).stream()
                      .anyMatch(q -> q.getDomProperty("textContent").startsWith("↩ Robin:")));
    } catch (TimeoutException e) {
      throw new AssertionError(
          "no answer on the page; "
              + browser.report(Path.of("target", "sandbox-page", "swarm-answer.png")),
          e);
    }
    assertEquals(
        "@" + bot,
        page.findElement(By.cssSelector(answer + " .handle")).getDomProperty("textContent"));
  }
}
