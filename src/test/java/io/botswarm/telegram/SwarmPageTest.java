package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.TextNode;
import io.botswarm.cluster.SwarmNode;
import io.botswarm.telegram.sandbox.SandboxSpec;
import io.botswarm.testing.HeadlessChromium;
import io.botswarm.testing.TelegramWorld;
import io.botswarm.testing.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a new user does with the demo, in a real headless Chromium: open the sandbox's page, post
 * into a chat as a person, and see a bot of the swarm answer there, through Telegram's API.
 */
class SwarmPageTest {

  @Test
  void aPersonPostsOnThePageAndABotOfTheSwarmAnswersThere() throws Exception {
    if (!HeadlessChromium.available()) {
      if ("1".equals(System.getenv("CI_REQUIRE_BROWSER")))
        fail("no Chromium at " + HeadlessChromium.binary() + "; CI_REQUIRE_BROWSER=1 requires it");
      Assumptions.abort(
          "no Chromium at " + HeadlessChromium.binary() + ": apt-get install chromium");
    }
    try (var world = new TelegramWorld(2, SandboxSpec.FloodLimits.TELEGRAM);
        var browser = HeadlessChromium.launch()) {
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
        browser.navigate(world.sandbox.url() + "/");
        browser.waitFor(
            "document.getElementById('status').textContent === 'live'", Duration.ofSeconds(10));
        String form = "document.getElementById('post" + world.chatId + "')";
        browser.evaluate(
            "{ const f = "
                + form
                + "; f.from.value = 'Robin'; f.text.value = "
                + TextNode.valueOf("@" + bot + " what do you make of gold this week?")
                + "; f.requestSubmit(f.querySelector('button[type=submit]')); }");
        String log = "#chat" + world.chatId + " .log";
        browser.waitFor(
            "document.querySelector('" + log + " .msg.human[data-from=Robin]') !== null",
            Duration.ofSeconds(10));
        String answer = log + " .msg.bot[data-from=" + bot + "]";
        try {
          browser.waitFor(
              "[...document.querySelectorAll('"
                  + answer
                  + " .quote')].some(q => q.textContent.startsWith('↩ Robin:'))",
              Duration.ofSeconds(30));
        } catch (AssertionError | RuntimeException e) {
          Path png =
              browser.screenshot(
                  Path.of("target", "sandbox-page", "swarm-answer.png").toAbsolutePath());
          throw new AssertionError("no answer on the page; screenshot at " + png, e);
        }
        assertEquals(
            "@" + bot,
            browser
                .evaluate("document.querySelector('" + answer + " .handle').textContent")
                .asText());
      } finally {
        node.terminate();
      }
    }
  }
}
