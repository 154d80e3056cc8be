package io.botswarm.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.botswarm.chat.ChatTransport;
import io.botswarm.testing.FieldCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.meta.api.objects.Update;

/** The gateway's rules on their own: tokens, settings, long text and what an update means. */
class TelegramRulesTest {

  static final String TOKEN = "123456:" + "A".repeat(35);

  static com.typesafe.config.Config telegram(String extra) {
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.load("application-test.conf"))
        .resolve();
  }

  @Test
  void tokensComeFromAFileConfigAndTheEnvironmentAndAreNeverShown(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("tokens.properties");
    Files.writeString(
        file, "anna_bot = " + TOKEN + "\nboris_bot = " + TOKEN.replace('A', 'B') + "\n");
    var config =
        telegram(
            "botswarm.telegram.token-file = \""
                + file
                + "\"\nbotswarm.telegram.tokens.boris_bot = \""
                + TOKEN.replace('A', 'C')
                + "\"");
    var tokens =
        BotTokens.load(
            config.getConfig("botswarm.telegram"),
            Map.of("SWARM_TELEGRAM_TOKEN_CLARA_BOT", TOKEN.replace('A', 'D'), "PATH", "/bin"));
    assertEquals(TOKEN, tokens.token("anna_bot").orElseThrow());
    assertEquals(
        TOKEN.replace('A', 'C'), tokens.token("boris_bot").orElseThrow(), "config over file");
    assertEquals(TOKEN.replace('A', 'D'), tokens.token("clara_bot").orElseThrow());
    assertEquals(
        "the environment variable SWARM_TELEGRAM_TOKEN_CLARA_BOT", tokens.source("clara_bot"));
    assertFalse(tokens.toString().contains(TOKEN.substring(7)));

    var bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> BotTokens.of(Map.of("anna_bot", "123456:short-secret")));
    assertTrue(bad.getMessage().contains("does not look like a Telegram bot token"));
    assertFalse(bad.getMessage().contains("short-secret"), "the token is not repeated");
  }

  @Test
  void redactionKeepsTheBotIdAndHidesTheSecret() {
    assertEquals(
        "GET /bot123456:***/getMe failed", Redaction.redact("GET /bot" + TOKEN + "/getMe failed"));
    assertEquals("at 12:30:45 nothing", Redaction.redact("at 12:30:45 nothing"));
  }

  @Test
  void brokenTelegramSettingsSayWhatIsWrong() {
    assertEquals(
        "botswarm.telegram.api-url must be scheme://host[:port], like https://api.telegram.org or http://127.0.0.1:8081, not http://x/path",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    TelegramSettings.fromConfig(
                        telegram("botswarm.telegram.api-url = \"http://x/path\"")))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> TelegramSettings.fromConfig(telegram("botswarm.telegram.mode = webhook")))
            .getMessage()
            .contains("public-url"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> TelegramSettings.fromConfig(telegram("botswarm.telegram.long-text = shout")))
            .getMessage()
            .contains("split or refuse"));
    var ok =
        TelegramSettings.fromConfig(
            telegram("botswarm.telegram.api-url = \"http://127.0.0.1:8081/\""));
    assertEquals(8081, ok.telegramUrl().getPort());
    assertEquals(443, TelegramSettings.fromConfig(telegram("")).telegramUrl().getPort());
  }

  @Test
  void telegramRunsWhenTheNodeHasATokenSourceOrIsToldTo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens.properties");
    Files.writeString(file, "");
    var none = BotTokens.load(telegram("").getConfig("botswarm.telegram"), Map.of());
    var byId = BotTokens.of(Map.of("anna_bot", TOKEN));
    var fileOnly =
        BotTokens.load(
            telegram("botswarm.telegram.token-file = \"" + file + "\"")
                .getConfig("botswarm.telegram"),
            Map.of("ANNA_TOKEN", TOKEN));
    assertEquals(
        TelegramSettings.Enabled.AUTO, TelegramSettings.fromConfig(telegram("")).enabled());
    assertFalse(Telegram.runs(TelegramSettings.Enabled.AUTO, none));
    assertTrue(Telegram.runs(TelegramSettings.Enabled.AUTO, byId));
    assertTrue(Telegram.runs(TelegramSettings.Enabled.AUTO, fileOnly), "an empty token file");
    assertTrue(Telegram.runs(TelegramSettings.Enabled.ON, none), "tokens only by reference");
    assertFalse(Telegram.runs(TelegramSettings.Enabled.OFF, byId));
    // HOCON reads an unquoted on as true; the environment variable's "on" is a string.
    assertEquals(
        TelegramSettings.Enabled.ON,
        TelegramSettings.fromConfig(telegram("botswarm.telegram.enabled = on")).enabled());
    assertEquals(
        TelegramSettings.Enabled.OFF,
        TelegramSettings.fromConfig(telegram("botswarm.telegram.enabled = \"off\"")).enabled());
    assertEquals(
        "botswarm.telegram.enabled (SWARM_TELEGRAM) is auto, on or off, not maybe",
        assertThrows(
                IllegalArgumentException.class,
                () -> TelegramSettings.fromConfig(telegram("botswarm.telegram.enabled = maybe")))
            .getMessage());
  }

  @Test
  void longTextSplitsAtSentenceEndsWithinTheLimit() {
    String text = "One. Two is longer! Three? " + "x".repeat(30);
    var parts = TextSplitter.split(text, 20);
    assertEquals("One. Two is longer!", parts.get(0));
    assertEquals("Three?", parts.get(1));
    assertTrue(parts.stream().allMatch(p -> p.length() <= 20), parts.toString());
    assertEquals(String.join(" ", parts).replace(" ", ""), text.replace(" ", ""), "nothing lost");
    // A surrogate pair at the cut stays whole.
    String emoji = "a".repeat(19) + "😀" + "b";
    assertTrue(TextSplitter.split(emoji, 20).get(0).endsWith("a"));
  }

  @Test
  void aBotAddedToAGroupIsReportedAndSoIsAKickOrARestriction() throws Exception {
    // A real my_chat_member from the field (the bot kicked), and the same with the bot re-added.
    String kicked = FieldCases.text("04-bot-kicked-a.json");
    assertEquals(
        new UpdateMapper.MayNotPost("-1001234567890", "the bot was kicked by Dana"),
        UpdateMapper.map(FieldCases.update("04-bot-kicked-a.json")));
    assertEquals(
        new UpdateMapper.MayNotPost("-1001234567890", "the bot was removed by Dana"),
        UpdateMapper.map(update(kicked.replace("\"kicked\"", "\"left\""))));
    String restricted =
        kicked.replace(
            "\"status\": \"kicked\"",
            "\"status\": \"restricted\", \"is_member\": true, \"can_send_messages\": false");
    assertEquals(
        new UpdateMapper.MayNotPost(
            "-1001234567890", "the bot was restricted from sending messages by Dana"),
        UpdateMapper.map(update(restricted)));
    assertInstanceOf(
        UpdateMapper.AddedToGroup.class,
        UpdateMapper.map(
            update(
                restricted.replace("\"can_send_messages\": false", "\"can_send_messages\": true"))),
        "restricted, but allowed to send messages: it may post");
    String added =
        kicked
            .replaceFirst("\"status\": \"member\"", "\"status\": \"left\"")
            .replaceFirst("\"status\": \"kicked\"", "\"status\": \"member\"");
    var mapped = assertInstanceOf(UpdateMapper.AddedToGroup.class, UpdateMapper.map(update(added)));
    assertEquals(new UpdateMapper.AddedToGroup("-1001234567890", "Swarm Lab"), mapped);
    assertInstanceOf(
        UpdateMapper.AddedToGroup.class,
        UpdateMapper.map(update(added.replace("\"member\"", "\"administrator\""))));
    assertInstanceOf(
        UpdateMapper.Ignored.class,
        UpdateMapper.map(update(added.replace("supergroup", "channel"))));
    assertTrue(UpdateMapper.ALLOWED_UPDATES.contains("my_chat_member"));
  }

  @Test
  void telegramsErrorAnswersFromTheFieldAreRefusalsWithTheirCodeAndWait() {
    // Each was answered by Telegram: nothing happened, so the message may be tried again.
    var flood = TelegramApi.classify(FieldCases.error("09-long-retry-after-a.json"));
    assertEquals(TelegramApi.Kind.REJECTED, flood.kind());
    assertEquals(429, flood.code());
    assertEquals(209, flood.retryAfter());
    var kicked = TelegramApi.classify(FieldCases.error("04-bot-kicked-b.json"));
    assertEquals(TelegramApi.Kind.REJECTED, kicked.kind());
    assertEquals(403, kicked.code());
    assertTrue(kicked.description().contains("bot was kicked"), kicked.description());
    var conflict = TelegramApi.classify(FieldCases.error("10-conflict-409-a.json"));
    assertEquals(409, conflict.code());
    assertEquals(0, conflict.retryAfter());
    var upgraded = TelegramApi.classify(FieldCases.error("01-group-upgraded-d.json"));
    assertEquals(-1009876501234L, upgraded.migrateToChatId());

    // What each refusal tells the chat.
    var now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(
        Optional.of(new ChatTransport.Flooded(now.plusSeconds(209), false)), flood.refusal(now));
    assertInstanceOf(ChatTransport.CannotPost.class, kicked.refusal(now).orElseThrow());
    assertEquals(Optional.of(new ChatTransport.Migrated("-1009876501234")), upgraded.refusal(now));
    assertEquals(Optional.empty(), conflict.refusal(now), "a 409 is the poller's, not a chat's");
    var gone =
        new TelegramApi.Failure(TelegramApi.Kind.REJECTED, 400, "Bad Request: chat not found", 0);
    assertInstanceOf(ChatTransport.CannotPost.class, gone.refusal(now).orElseThrow());
    var empty =
        new TelegramApi.Failure(
            TelegramApi.Kind.REJECTED, 400, "Bad Request: message text is empty", 0);
    assertEquals(Optional.empty(), empty.refusal(now));
    var lost = new TelegramApi.Failure(TelegramApi.Kind.AMBIGUOUS, 502, "Bad Gateway", 0);
    assertEquals(Optional.empty(), lost.refusal(now), "perhaps posted: nothing to conclude");
  }

  static Update update(String json) throws Exception {
    return new ObjectMapper().readValue(json, Update.class);
  }

  static String message(String extra) {
    return "{\"update_id\":5,\"message\":{\"message_id\":42,\"date\":1700000000,"
        + "\"chat\":{\"id\":-1001,\"type\":\"supergroup\",\"title\":\"T\"},"
        + "\"from\":{\"id\":9,\"is_bot\":false,\"first_name\":\"Sam\",\"last_name\":\"Lee\"}"
        + extra
        + "}}";
  }

  @Test
  void updatesMapByTheStatedRules() throws Exception {
    var text =
        assertInstanceOf(
            UpdateMapper.ForChat.class,
            UpdateMapper.map(
                update(
                    message(
                        ",\"text\":\"@anna_bot gold?\",\"reply_to_message\":{\"message_id\":40,\"date\":1,\"chat\":{\"id\":-1001,\"type\":\"supergroup\"}}"))));
    assertEquals("-1001", text.chatId());
    assertEquals(42, text.message().messageId());
    assertEquals("Sam Lee", text.message().speaker());
    assertEquals("", text.message().speakerBotId());
    assertEquals("@anna_bot gold?", text.message().text());
    assertEquals(Optional.of(40L), text.message().replyToMessageId());

    var caption =
        assertInstanceOf(
            UpdateMapper.ForChat.class,
            UpdateMapper.map(update(message(",\"caption\":\"look at this chart\",\"photo\":[]"))));
    assertEquals("look at this chart", caption.message().text());

    assertInstanceOf(
        UpdateMapper.Ignored.class, UpdateMapper.map(update(message(",\"photo\":[]"))));
    assertInstanceOf(
        UpdateMapper.Ignored.class,
        UpdateMapper.map(
            update(
                message(
                    ",\"new_chat_members\":[{\"id\":3,\"is_bot\":false,\"first_name\":\"Al\"}]"))));
    assertInstanceOf(
        UpdateMapper.Ignored.class,
        UpdateMapper.map(
            update(message(",\"text\":\"x\"").replace("\"message\":", "\"edited_message\":"))));
    assertInstanceOf(
        UpdateMapper.Ignored.class,
        UpdateMapper.map(update(message(",\"text\":\"hi\"").replace("supergroup", "private"))));
    var fromBot =
        assertInstanceOf(
            UpdateMapper.ForChat.class,
            UpdateMapper.map(
                update(
                    message(",\"text\":\"beep\"")
                        .replace(
                            "\"is_bot\":false", "\"is_bot\":true,\"username\":\"boris_bot\""))));
    assertEquals("boris_bot", fromBot.message().speakerBotId());
  }
}
