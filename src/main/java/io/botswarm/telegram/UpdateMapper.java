package io.botswarm.telegram;

import io.botswarm.chat.ChatCoordinator;
import java.time.Instant;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * What an update means to a chat. The rules: a text message in a group or supergroup is a message
 * of that chat (replies keep what they answer; {@code @mentions} stay in the text, where
 * turn-taking finds them); a photo or other media counts by its caption, without one it is ignored;
 * edits are ignored (a conversation moves on from what was said first); service messages (joins,
 * pins, title changes), private chats, channel posts and every other update type are ignored.
 */
public final class UpdateMapper {

  /** What became of an update. */
  public sealed interface Mapped permits ForChat, Ignored {}

  public record ForChat(String chatId, ChatCoordinator.Incoming message) implements Mapped {}

  public record Ignored(String why) implements Mapped {}

  private UpdateMapper() {}

  public static Mapped map(Update update) {
    if (update.hasEditedMessage()) return new Ignored("an edit");
    if (!update.hasMessage()) return new Ignored("not a message");
    Message m = update.getMessage();
    if (m.getChat() == null || !(m.getChat().isGroupChat() || m.getChat().isSuperGroupChat()))
      return new Ignored("not a group chat");
    String text = m.hasText() ? m.getText() : m.getCaption();
    if (text == null || text.isBlank())
      return new Ignored(m.hasText() ? "an empty message" : "media or a service message");
    User from = m.getFrom();
    String speaker = from == null ? "someone" : name(from);
    String speakerBot =
        from != null && Boolean.TRUE.equals(from.getIsBot()) && from.getUserName() != null
            ? from.getUserName()
            : "";
    Optional<Long> replyTo =
        Optional.ofNullable(m.getReplyToMessage()).map(r -> r.getMessageId().longValue());
    Instant at = m.getDate() == null ? null : Instant.ofEpochSecond(m.getDate());
    return new ForChat(
        String.valueOf(m.getChatId()),
        new ChatCoordinator.Incoming(
            m.getMessageId().longValue(), speaker, speakerBot, text, replyTo, at));
  }

  private static String name(User u) {
    String last = u.getLastName();
    return last == null || last.isBlank() ? u.getFirstName() : u.getFirstName() + " " + last;
  }
}
