package io.botswarm.chat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Optional;

/**
 * The rate limits a chat's messages obey, all of them at once, each in every window of its period
 * (see {@link Limiter}). Defaults: Telegram's published limits for bots in groups (about one
 * message a second per chat, 20 a minute per group) and the swarm's own settings (a chat-wide cap
 * per minute, a cap per bot per hour, a minimum gap between two messages of one bot).
 */
public record ChatLimits(
    int perChatPerSecond,
    int perGroupPerMinute,
    int chatPerMinute,
    int perBotPerHour,
    Duration minGapPerBot) {

  public static ChatLimits fromConfig(Config c) {
    var limits =
        new ChatLimits(
            c.getInt("per-chat-per-second"),
            c.getInt("per-group-per-minute"),
            c.getInt("chat-per-minute"),
            c.getInt("per-bot-per-hour"),
            c.getDuration("min-gap-per-bot"));
    limits
        .problem()
        .ifPresent(
            p -> {
              throw new ConfigException.BadValue(c.origin(), "botswarm.chat.limits", p);
            });
    return limits;
  }

  public Optional<String> problem() {
    if (perChatPerSecond < 1 || perGroupPerMinute < 1 || chatPerMinute < 1 || perBotPerHour < 1)
      return Optional.of("every limit must allow at least one message");
    if (minGapPerBot.isNegative()) return Optional.of("min-gap-per-bot must not be negative");
    return Optional.empty();
  }
}
