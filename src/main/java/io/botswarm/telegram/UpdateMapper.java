package io.botswarm.telegram;

import io.botswarm.chat.Incoming;
import io.botswarm.chat.Unanswered;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberRestricted;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * What an update means to a chat. The rules: a text message in a group or supergroup is a message
 * of that chat (replies keep what they answer; {@code @mentions} stay in the text, where
 * turn-taking finds them); a photo or other media counts by its caption, without one it is ignored;
 * edits are ignored (a conversation moves on from what was said first); service messages (joins,
 * pins, title changes), private chats, channel posts and every other update type are ignored. A
 * {@code my_chat_member} update (always about the bot that receives it) in a group or supergroup
 * says whether the bot may post there: a member, an administrator or restricted with {@code
 * can_send_messages} may ({@link AddedToGroup}, so that a chat nobody told the swarm about becomes
 * pending, and a running chat asks the bot again); left, kicked or restricted without it may not
 * ({@link MayNotPost}). The service messages of a group's upgrade to a supergroup ({@code
 * migrate_to_chat_id} in the old group, {@code migrate_from_chat_id} in the new) say the chat
 * moved. Who is speaking (a chat on whose behalf a message is sent, forwards, bots) is {@code
 * speaking}'s rule.
 */
public final class UpdateMapper {

  /** What became of an update. */
  public sealed interface Mapped permits ForChat, AddedToGroup, Ignored, Migrated, MayNotPost {}

  public record ForChat(String chatId, Incoming message) implements Mapped {}

  /**
   * The bot that received the update is in the group {@code chatId} and may post there: added,
   * added back, promoted, or its restriction lifted.
   */
  public record AddedToGroup(String chatId, String title) implements Mapped {}

  public record Ignored(String why) implements Mapped {}

  /**
   * The basic group {@code fromChatId} was upgraded to the supergroup {@code toChatId}: the service
   * message in the old group ({@code migrate_to_chat_id}) or the first one of the new ({@code
   * migrate_from_chat_id}), whichever the bot gets.
   */
  public record Migrated(String fromChatId, String toChatId) implements Mapped {}

  /**
   * The bot that received the update may no longer post in the group {@code chatId}: it left, was
   * removed or banned, or restricted from sending; {@code why} says which, and by whom.
   */
  public record MayNotPost(String chatId, String why) implements Mapped {}

  /**
   * The update types every bot asks for, in {@code getUpdates} and {@code setWebhook} alike.
   * Telegram's default includes {@code my_chat_member} too, but naming the types replaces it.
   */
  public static final List<String> ALLOWED_UPDATES =
      List.of("message", "edited_message", "my_chat_member");

  private static final Set<String> IN_GROUP = Set.of("member", "administrator", "creator");

  private UpdateMapper() {}

  public static Mapped map(Update update) {
    if (update.hasMyChatMember()) return membership(update.getMyChatMember());
    if (update.hasEditedMessage()) return new Ignored("an edit");
    if (!update.hasMessage()) return new Ignored("not a message");
    Message m = update.getMessage();
    if (m.getMigrateToChatId() != null && m.getChatId() != null)
      return new Migrated(String.valueOf(m.getChatId()), String.valueOf(m.getMigrateToChatId()));
    if (m.getMigrateFromChatId() != null && m.getChatId() != null)
      return new Migrated(String.valueOf(m.getMigrateFromChatId()), String.valueOf(m.getChatId()));
    if (m.getChat() == null || !(m.getChat().isGroupChat() || m.getChat().isSuperGroupChat()))
      return new Ignored("not a group chat");
    String text = m.hasText() ? m.getText() : m.getCaption();
    if (text == null || text.isBlank())
      return new Ignored(m.hasText() ? "an empty message" : "media or a service message");
    long threadId = topic(m);
    // A topic's message that answers nobody quotes the topic's first message: that is no reply.
    Optional<Long> replyTo =
        Optional.ofNullable(m.getReplyToMessage())
            .map(r -> r.getMessageId().longValue())
            .filter(id -> id != threadId);
    Instant at = m.getDate() == null ? null : Instant.ofEpochSecond(m.getDate());
    return new ForChat(
        String.valueOf(m.getChatId()), speaking(m, text, replyTo, at).inThread(threadId));
  }

  /**
   * The forum topic of a message, else 0 (a chat without topics, or a forum's General topic). Only
   * a topic message ({@code is_topic_message}) is in one: a reply in a group without topics carries
   * a {@code message_thread_id} too, its reply thread's, which is no topic to post in.
   */
  static long topic(Message m) {
    return Boolean.TRUE.equals(m.getIsTopicMessage()) && m.getMessageThreadId() != null
        ? m.getMessageThreadId().longValue()
        : 0;
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
  private static Incoming speaking(Message m, String text, Optional<Long> replyTo, Instant at) {
    long id = m.getMessageId().longValue();
    var senderChat = m.getSenderChat();
    if (senderChat != null) {
      boolean anonymousAdmin = senderChat.getId().equals(m.getChatId());
      String title = senderChat.getTitle() == null ? "the group" : senderChat.getTitle();
      String speaker =
          anonymousAdmin && m.getAuthorSignature() != null ? m.getAuthorSignature() : title;
      Optional<Unanswered> unanswered =
          Boolean.TRUE.equals(m.getIsAutomaticForward())
              ? Optional.of(Unanswered.AUTOMATIC_FORWARD)
              : forwarded(m);
      return new Incoming(
          id, speaker, "", text, replyTo, at, "", "chat:" + senderChat.getId(), unanswered);
    }
    User from = m.getFrom();
    String speaker = from == null ? "someone" : name(from);
    String speakerBot =
        from != null && Boolean.TRUE.equals(from.getIsBot()) && from.getUserName() != null
            ? from.getUserName()
            : "";
    String sender = from == null ? "" : "user:" + from.getId();
    return new Incoming(id, speaker, speakerBot, text, replyTo, at, "", sender, forwarded(m));
  }

  private static Optional<Unanswered> forwarded(Message m) {
    return m.getForwardOrigin() == null ? Optional.empty() : Optional.of(Unanswered.FORWARDED);
  }

  private static Mapped membership(ChatMemberUpdated change) {
    var chat = change.getChat();
    if (chat == null || !(chat.isGroupChat() || chat.isSuperGroupChat()))
      return new Ignored("a membership change outside a group chat");
    var now = change.getNewChatMember();
    if (now == null || now.getStatus() == null)
      return new Ignored("a membership change without the bot's new status");
    String chatId = String.valueOf(chat.getId());
    if (mayPost(now))
      return new AddedToGroup(chatId, chat.getTitle() == null ? "" : chat.getTitle());
    String what =
        switch (now.getStatus()) {
          case "left" -> "removed";
          case "restricted" -> "restricted from sending messages";
          default -> now.getStatus();
        };
    String by = change.getFrom() == null ? "" : " by " + name(change.getFrom());
    return new MayNotPost(chatId, "the bot was " + what + by);
  }

  private static boolean mayPost(ChatMember member) {
    if (member instanceof ChatMemberRestricted r)
      return Boolean.TRUE.equals(r.getCanSendMessages()) && !Boolean.FALSE.equals(r.getIsMember());
    return IN_GROUP.contains(member.getStatus());
  }

  private static String name(User u) {
    String last = u.getLastName();
    return last == null || last.isBlank() ? u.getFirstName() : u.getFirstName() + " " + last;
  }
}
