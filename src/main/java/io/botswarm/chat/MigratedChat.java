package io.botswarm.chat;

import io.botswarm.chat.ChatCoordinator.Event;
import io.botswarm.chat.ChatMigration.ChatContinued;
import io.botswarm.chat.ChatMigration.ChatHandedOver;
import io.botswarm.chat.ChatMigration.ChatMigrated;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A basic group that Telegram upgraded to a supergroup: the chat goes on under {@code toChatId},
 * this id takes no message and never gets another send. Its journal keeps what happened before; the
 * outcomes of messages that were on their way when it migrated are still recorded here.
 *
 * @param before the chat as it ran until the upgrade, with the outcomes recorded since
 * @param handedOver whether the supergroup's coordinator took the chat over (until then the
 *     hand-over is repeated every tick and after a restart)
 */
public record MigratedChat(
    String chatId, String toChatId, ChatState before, boolean handedOver, Instant at)
    implements ChatCoordinator.State {

  static MigratedChat migrated(ChatCoordinator.State state, ChatMigrated e) {
    if (!(state instanceof ChatState chat))
      throw new IllegalStateException(
          "chat " + e.chatId() + ": ChatMigrated while the chat does not run");
    return new MigratedChat(e.chatId(), e.toChatId(), chat, false, e.at());
  }

  MigratedChat apply(Event event) {
    if (event instanceof ChatHandedOver)
      return new MigratedChat(chatId, toChatId, before, true, at);
    // An outcome of a message that was on its way when the group migrated.
    return new MigratedChat(chatId, toChatId, before.apply(event), handedOver, at);
  }

  /**
   * The chat as the supergroup continues it: its settings, members, rate limiter, draft ids, who
   * may not post, and the recent lines (context for drafts and the outgoing dedup window). The
   * lines lose their message ids (0), since a supergroup numbers its messages afresh and an old id
   * there would name another message (a reply target, a duplicate); for the same reason the ids
   * seen are not carried, and the messages still on their way belong to the old chat's journal.
   */
  ChatState continuing() {
    return new ChatState(
        toChatId,
        before.settings(),
        before.limiter(),
        before.recent().stream().map(l -> l.withId(0)).toList(),
        Set.of(),
        Map.of(),
        before.nextDraftId(),
        before.lastMessageAt(),
        // The members moved with the group: one that could not post there cannot here.
        before.cannotPost(),
        // Per-bot ids are the basic group's numbering: the supergroup's start afresh.
        Deliveries.NONE);
  }

  /** The supergroup's state from its {@link ChatContinued}; a running chat keeps its own. */
  static ChatCoordinator.State continued(ChatCoordinator.State state, ChatContinued e) {
    return state instanceof ChatState || state instanceof MigratedChat ? state : e.state();
  }

  Optional<ChatState.Pending> pending(long draftId) {
    return Optional.ofNullable(before.pending().get(draftId));
  }
}
