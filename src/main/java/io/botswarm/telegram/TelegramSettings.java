package io.botswarm.telegram;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The {@code botswarm.telegram} block: whether the node runs Telegram, where the Bot API answers
 * (Telegram, or a sandbox at {@code http://host:port}), polling or webhook, and the limits and
 * timeouts of the gateway.
 *
 * @param enabled whether the node runs Telegram ({@link Telegram#start})
 * @param perBotPerSecond Telegram's limit on one bot's messages over all chats
 * @param sendDeadline how long a message may wait for its turn, a 429's {@code retry_after}
 *     included, before it is given up as not sent
 * @param floodMemory how long a chat stays paced at the interval a 429 taught
 * @param splitLongText split text over 4,096 characters at sentence ends, or refuse it
 * @param sandboxVerdicts tell a sandbox's page what coordinators did with drafts
 * @param removeStrayWebhook in polling mode, delete a webhook set on a bot while it polls (its
 *     getUpdates answers 409 until it is gone)
 */
public record TelegramSettings(
    Enabled enabled,
    URI apiUrl,
    Mode mode,
    Duration pollTimeout,
    int pollLimit,
    int perBotPerSecond,
    Duration callTimeout,
    Duration sendDeadline,
    Duration floodMemory,
    boolean splitLongText,
    Webhook webhook,
    boolean sandboxVerdicts,
    boolean removeStrayWebhook) {

  /**
   * {@code auto}: when the node has a token by bot id or a token file; {@code on}: always (tokens
   * only named by definitions, {@code token: {env: NAME}}); {@code off}: never, chats post to the
   * console.
   */
  public enum Enabled {
    AUTO,
    ON,
    OFF
  }

  public enum Mode {
    POLLING,
    WEBHOOK
  }

  /**
   * @param publicUrl where Telegram reaches this swarm's webhook endpoint (a load balancer in front
   *     of the nodes); each bot's updates go to {@code <publicUrl>/telegram/<bot id>}
   */
  public record Webhook(String hostname, int port, String publicUrl, Optional<String> secret) {}

  public static TelegramSettings fromConfig(Config config) {
    Config t = config.getConfig("botswarm.telegram");
    URI api;
    try {
      api = URI.create(t.getString("api-url").replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "botswarm.telegram.api-url is not a URL: " + e.getMessage());
    }
    if (api.getScheme() == null
        || api.getHost() == null
        || api.getPath() != null && !api.getPath().isEmpty())
      throw new IllegalArgumentException(
          "botswarm.telegram.api-url must be scheme://host[:port], like https://api.telegram.org or http://127.0.0.1:8081, not "
              + api);
    // HOCON reads an unquoted on/off as a boolean, and a boolean's string is true/false.
    Enabled enabled =
        switch (t.getString("enabled").toLowerCase(java.util.Locale.ROOT)) {
          case "auto" -> Enabled.AUTO;
          case "on", "true", "yes" -> Enabled.ON;
          case "off", "false", "no" -> Enabled.OFF;
          default ->
              throw new IllegalArgumentException(
                  "botswarm.telegram.enabled (SWARM_TELEGRAM) is auto, on or off, not "
                      + t.getString("enabled"));
        };
    Mode mode;
    try {
      mode = Mode.valueOf(t.getString("mode").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "botswarm.telegram.mode is polling or webhook, not " + t.getString("mode"));
    }
    String longText = t.getString("long-text");
    if (!longText.equals("split") && !longText.equals("refuse"))
      throw new IllegalArgumentException(
          "botswarm.telegram.long-text is split or refuse, not " + longText);
    Config w = t.getConfig("webhook");
    String secret = w.getString("secret");
    var webhook =
        new Webhook(
            w.getString("hostname"),
            w.getInt("port"),
            w.getString("public-url").replaceAll("/+$", ""),
            secret.isBlank() ? Optional.empty() : Optional.of(secret));
    if (mode == Mode.WEBHOOK) {
      if (webhook.publicUrl().isBlank())
        throw new IllegalArgumentException(
            "webhook mode needs botswarm.telegram.webhook.public-url (where Telegram reaches the swarm)");
      if (webhook.secret().isEmpty() || !webhook.secret().get().matches("[A-Za-z0-9_-]{16,256}"))
        throw new IllegalArgumentException(
            "webhook mode needs botswarm.telegram.webhook.secret (SWARM_TELEGRAM_WEBHOOK_SECRET): 16 to 256 letters, digits, - or _");
    }
    int limit = t.getInt("poll-limit");
    if (limit < 1 || limit > 100)
      throw new IllegalArgumentException("botswarm.telegram.poll-limit is 1 to 100, not " + limit);
    return new TelegramSettings(
        enabled,
        api,
        mode,
        t.getDuration("poll-timeout"),
        limit,
        t.getInt("per-bot-per-second"),
        t.getDuration("call-timeout"),
        t.getDuration("send-deadline"),
        t.getDuration("flood-memory"),
        longText.equals("split"),
        webhook,
        t.getBoolean("sandbox-verdicts"),
        t.getBoolean("remove-stray-webhook"));
  }

  /** The telegrambots client's form of the API address. */
  public TelegramUrl telegramUrl() {
    return telegramUrl(apiUrl);
  }

  /** The telegrambots client's form of an API address {@code scheme://host[:port]}. */
  static TelegramUrl telegramUrl(URI apiUrl) {
    int port =
        apiUrl.getPort() > 0 ? apiUrl.getPort() : apiUrl.getScheme().equals("https") ? 443 : 80;
    return new TelegramUrl(apiUrl.getScheme(), apiUrl.getHost(), port, false);
  }
}
