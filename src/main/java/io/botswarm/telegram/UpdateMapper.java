package io.botswarm.telegram;

import io.botswarm.chat.ChatCoordinator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * What an update means to a chat. The rules: a text message in a group or supergroup is a message
 * of that chat (replies keep what they answer; {@code @mentions} stay in the text, where
 * turn-taking finds them); a photo or other media counts by its caption, without one it is ignored;
 * edits are ignored (a conversation moves on from what was said first); service messages (joins,
 * pins, title changes), private chats, channel posts and every other update type are ignored. A
 * {@code my_chat_member} update that makes the bot itself a member or administrator of a group or
 * supergroup says it was added there, so that a chat nobody told the swarm about becomes pending.
 * Who is speaking (a chat on whose behalf a message is sent, forwards, bots) is {@code speaking}'s
 * rule.
 */
public final class UpdateMapper {

  /** What became of an update. */
  public sealed interface Mapped permits ForChat, AddedToGroup, Ignored {}

  public record ForChat(String chatId, ChatCoordinator.Incoming message) implements Mapped {}

  /** The bot that received the update was added to the group {@code chatId}. */
  public record AddedToGroup(String chatId, String title) implements Mapped {}

  public record Ignored(String why) implements Mapped {}

  /**
   * The update types every bot asks for, in {@code getUpdates} and {@code setWebhook} alike.
   * Telegram's default includes {@code my_chat_member} too, but naming the types replaces it.
   */
  public static final List<String> ALLOWED_UPDATES =
      List.of("message", "edited_message", "my_chat_member");

  private static final Set<String> IN_GROUP = Set.of("member", "administrator");

  private UpdateMapper() {}

  public static Mapped map(Update update) {
    if (update.hasMyChatMember()) return membership(update.getMyChatMember());
    if (update.hasEditedMessage()) return new Ignored("an edit");
    if (!update.hasMessage()) return new Ignored("not a message");
    Message m = update.getMessage();
    if (m.getChat() == null || !(m.getChat().isGroupChat() || m.getChat().isSuperGroupChat()))
      return new Ignored("not a group chat");
    String text = m.hasText() ? m.getText() : m.getCaption();
    if (text == null || text.isBlank())
      return new Ignored(m.hasText() ? "an empty message" : "media or a service message");
    Optional<Long> replyTo =
        Optional.ofNullable(m.getReplyToMessage()).map(r -> r.getMessageId().longValue());
    Instant at = m.getDate() == null ? null : Instant.ofEpochSecond(m.getDate());
    return new ForChat(String.valueOf(m.getChatId()), speaking(m, text, replyTo, at));
  }

  /**
   * Who is speaking, and whether it is for the bots to answer. A message sent on behalf of a chat
   * ({@code sender_chat}) carries a stand-in {@code from} (the bot GroupAnonymousBot for an
   * anonymous administrator, Channel_Bot for a channel), which is not the speaker: the speaker is
   * the chat. An anonymous administrator (the group itself) and a member writing as their channel
   * are people, answered as anyone; the linked channel's post that Telegram forwards into its
   * discussion group ({@code is_automatic_forward}) is heard but not answered (nobody asked
   * anything); a forwarded message ({@code forward_origin}) is heard but not answered (someone
   * shared another's words); a message a person sent through an inline bot ({@code via_bot}) is
   * that person's; a bot's message (bot-to-bot mode) is that bot's, answered under the chat's
   * bot-chain rules.
   */
  private static ChatCoordinator.Incoming speaking(
      Message m, String text, Optional<Long> replyTo, Instant at) {
    long id = m.getMessageId().longValue();
    var senderChat = m.getSenderChat();
    if (senderChat != null) {
      boolean anonymousAdmin = senderChat.getId().equals(m.getChatId());
      String title = senderChat.getTitle() == null ? "the group" : senderChat.getTitle();
      String speaker =
          anonymousAdmin && m.getAuthorSignature() != null ? m.getAuthorSignature() : title;
      Optional<ChatCoordinator.Unanswered> unanswered =
          Boolean.TRUE.equals(m.getIsAutomaticForward())
              ? Optional.of(ChatCoordinator.Unanswered.AUTOMATIC_FORWARD)
              : forwarded(m);
      return new ChatCoordinator.Incoming(
          id, speaker, "", text, replyTo, at, "", "chat:" + senderChat.getId(), unanswered);
    }
    User from = m.getFrom();
    String speaker = from == null ? "someone" : name(from);
    String speakerBot =
        from != null && Boolean.TRUE.equals(from.getIsBot()) && from.getUserName() != null
            ? from.getUserName()
            : "";
    String sender = from == null ? "" : "user:" + from.getId();
    return new ChatCoordinator.Incoming(
        id, speaker, speakerBot, text, replyTo, at, "", sender, forwarded(m));
  }

  private static Optional<ChatCoordinator.Unanswered> forwarded(Message m) {
    return m.getForwardOrigin() == null
        ? Optional.empty()
        : Optional.of(ChatCoordinator.Unanswered.FORWARDED);
  }

  private static Mapped membership(ChatMemberUpdated change) {
    var chat = change.getChat();
    if (chat == null || !(chat.isGroupChat() || chat.isSuperGroupChat()))
      return new Ignored("a membership change outside a group chat");
    var now = change.getNewChatMember();
    if (now == null || !IN_GROUP.contains(now.getStatus()))
      return new Ignored("the bot left or was restricted in the group, not added");
    String title = chat.getTitle() == null ? "" : chat.getTitle();
    return new AddedToGroup(String.valueOf(chat.getId()), title);
  }

  private static String name(User u) {
    String last = u.getLastName();
    return last == null || last.isBlank() ? u.getFirstName() : u.getFirstName() + " " + last;
  }
}
