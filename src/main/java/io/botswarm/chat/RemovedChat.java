package io.botswarm.chat;

import io.botswarm.chat.ChatCoordinator.ChatRemoved;
import java.time.Instant;
import java.util.Optional;

/**
 * A chat the operator removed from the swarm: bots do not speak there and its messages are not
 * taken in; its journal stays, and applying settings again brings it back where it stood.
 *
 * @param before the chat as it was, when it had been configured
 */
public record RemovedChat(String chatId, Optional<ChatState> before, Instant at)
    implements ChatCoordinator.State {

  static RemovedChat removed(ChatCoordinator.State state, ChatRemoved e) {
    return new RemovedChat(e.chatId(), ChatState.before(state), e.at());
  }
}
