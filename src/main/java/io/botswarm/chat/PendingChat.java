package io.botswarm.chat;

import io.botswarm.chat.ChatCoordinator.ChatDiscovered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A group that bots were added to but that the swarm was not told about: its coordinator stays
 * silent there (no drafts, no starters, messages not taken in) until an operator applies settings
 * for it.
 *
 * @param discoveredBy the bots whose addition was seen, in order
 * @param before the chat as it was when it was removed, if it ran before: applying settings again
 *     continues its draft ids and the messages it has seen
 */
public record PendingChat(
    String chatId, String title, List<String> discoveredBy, Optional<ChatState> before, Instant at)
    implements ChatCoordinator.State {

  public PendingChat {
    discoveredBy = List.copyOf(discoveredBy);
  }

  /** {@code state} after a bot was seen joining the chat. */
  static PendingChat discovered(ChatCoordinator.State state, ChatDiscovered e) {
    if (state instanceof PendingChat p) {
      List<String> bots = new ArrayList<>(p.discoveredBy());
      if (!bots.contains(e.botId())) bots.add(e.botId());
      return new PendingChat(e.chatId(), e.title(), bots, p.before(), p.at());
    }
    return new PendingChat(
        e.chatId(), e.title(), List.of(e.botId()), ChatState.before(state), e.at());
  }
}
