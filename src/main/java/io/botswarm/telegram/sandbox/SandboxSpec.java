package io.botswarm.telegram.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The world a sandbox starts with: its bots (with their tokens and Telegram settings), its group
 * chats and Telegram's flood limits.
 */
public record SandboxSpec(List<Bot> bots, List<Chat> chats, FloodLimits limits) {

  private static final Pattern TOKEN = Pattern.compile("\\d{1,19}:[A-Za-z0-9_-]{30,}");
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{4,31}");

  /**
   * @param privacy Telegram's group privacy mode: on, the bot sees only commands, mentions of it
   *     and replies to it
   * @param botToBot the opt-in bot-to-bot communication mode of Bot API 10.0
   */
  public record Bot(
      String token, String username, String firstName, boolean privacy, boolean botToBot) {
    public long id() {
      return Long.parseLong(token.substring(0, token.indexOf(':')));
    }
  }

  /** A supergroup (one message id sequence shared by everyone in it) and its bot members. */
  public record Chat(long id, String title, List<String> botUsernames) {
    public Chat {
      botUsernames = List.copyOf(botUsernames);
    }
  }

  /**
   * Telegram's limits per bot: messages a second over all chats, and in one chat a burst then one a
   * second, and a group's messages a minute.
   */
  public record FloodLimits(
      int perBotPerSecond, int chatBurst, Duration chatInterval, int groupPerMinute) {
    public static final FloodLimits TELEGRAM = new FloodLimits(30, 3, Duration.ofSeconds(1), 20);
  }

  public SandboxSpec {
    bots = List.copyOf(bots);
    chats = List.copyOf(chats);
    for (Bot b : bots) {
      if (!TOKEN.matcher(b.token()).matches())
        throw new IllegalArgumentException(
            "sandbox bot @" + b.username() + ": a token looks like <digits>:<30+ characters>");
      if (!USERNAME.matcher(b.username()).matches())
        throw new IllegalArgumentException(
            "sandbox bot username '" + b.username() + "' is not a Telegram username");
    }
    for (Chat c : chats) {
      if (c.id() >= 0) throw new IllegalArgumentException("group chat ids are negative: " + c.id());
      for (String u : c.botUsernames())
        if (bots.stream().noneMatch(b -> b.username().equals(u)))
          throw new IllegalArgumentException(
              "chat " + c.title() + " lists @" + u + ", which is not a sandbox bot");
    }
  }
}
