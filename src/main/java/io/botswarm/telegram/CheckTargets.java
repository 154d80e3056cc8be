package io.botswarm.telegram;

import java.util.List;

/**
 * What {@link TelegramCheck} looks at: a swarm's bots and group chats, as its definition lists
 * them.
 */
public interface CheckTargets {

  /**
   * @param username the Telegram username without @ the bot is expected to have
   * @param tokenRef {@code env:NAME}, {@code file:KEY}, or null for the node's lookup by bot id
   */
  record Bot(String botId, String username, String tokenRef) {}

  /**
   * @param memberBotIds bot ids of {@link #bots()} that are to talk in the chat
   */
  record Chat(long chatId, String title, List<String> memberBotIds) {
    public Chat {
      memberBotIds = List.copyOf(memberBotIds);
    }
  }

  List<Bot> bots();

  List<Chat> chats();

  static CheckTargets of(List<Bot> bots, List<Chat> chats) {
    List<Bot> b = List.copyOf(bots);
    List<Chat> c = List.copyOf(chats);
    return new CheckTargets() {
      @Override
      public List<Bot> bots() {
        return b;
      }

      @Override
      public List<Chat> chats() {
        return c;
      }
    };
  }
}
