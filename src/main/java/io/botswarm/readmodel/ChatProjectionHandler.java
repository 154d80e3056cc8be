package io.botswarm.readmodel;

import static io.botswarm.readmodel.BotProjectionHandler.ts;
import static io.botswarm.readmodel.BotProjectionHandler.update;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import io.botswarm.chat.ChatCoordinator;
import io.botswarm.chat.ChatMigration;
import io.botswarm.chat.ChatSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Chat events into chats and messages: what was said, by whom, when; a chat's settings, members and
 * status (active, pending, removed, migrated), and the group a supergroup continues; idempotent.
 */
final class ChatProjectionHandler
    extends JdbcHandler<EventEnvelope<ChatCoordinator.Event>, HikariJdbcSession> {

  static final String INSERT_MESSAGE =
      "INSERT INTO messages (chat_id, telegram_message_id, bot_id, speaker, text, reply_to_message_id, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, telegram_message_id) DO NOTHING";

  @Override
  public void process(HikariJdbcSession session, EventEnvelope<ChatCoordinator.Event> envelope)
      throws Exception {
    session.withConnection(
        c -> {
          apply(c, envelope.event());
          return null;
        });
  }

  /**
   * A chat's row as its settings say, active; {@code continuedFrom} is the basic group it
   * continues, or null to keep what the row says.
   */
  private static void upsertChat(
      Connection c, String chatId, ChatSettings s, java.time.Instant at, String continuedFrom)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO chats (id, title, enabled, activity, members, updated_at, status, starters,"
                + " continued_from) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET title = excluded.title, enabled = excluded.enabled,"
                + " activity = excluded.activity, members = excluded.members, updated_at = excluded.updated_at,"
                + " status = excluded.status, starters = excluded.starters,"
                + " continued_from = COALESCE(excluded.continued_from, chats.continued_from)")) {
      st.setString(1, chatId);
      st.setString(2, s.title());
      st.setBoolean(3, s.enabled());
      st.setDouble(4, s.activity());
      st.setArray(
          5,
          c.createArrayOf("text", s.members().stream().map(ChatSettings.Member::botId).toArray()));
      st.setTimestamp(6, ts(at));
      st.setBoolean(7, s.starters());
      st.setString(8, continuedFrom);
      st.executeUpdate();
    }
  }

  static void apply(Connection c, ChatCoordinator.Event event) throws SQLException {
    if (event instanceof ChatCoordinator.ChatConfigured e) {
      upsertChat(c, e.chatId(), e.settings(), e.at(), null);
    } else if (event instanceof ChatCoordinator.ChatSettingsChanged e) {
      ChatSettings s = e.settings();
      update(
          c,
          "UPDATE chats SET title = ?, enabled = ?, activity = ?, starters = ?, updated_at = ? WHERE id = ?",
          s.title(),
          s.enabled(),
          s.activity(),
          s.starters(),
          ts(e.at()),
          e.chatId());
    } else if (event instanceof ChatCoordinator.MemberAdded e) {
      update(
          c,
          "UPDATE chats SET members = array_append(members, ?), updated_at = ?"
              + " WHERE id = ? AND NOT (? = ANY (members))",
          e.member().botId(),
          ts(e.at()),
          e.chatId(),
          e.member().botId());
    } else if (event instanceof ChatCoordinator.MemberRemoved e) {
      update(
          c,
          "UPDATE chats SET members = array_remove(members, ?), updated_at = ? WHERE id = ?",
          e.member().botId(),
          ts(e.at()),
          e.chatId());
    } else if (event instanceof ChatCoordinator.ChatRemoved e) {
      // Not enabled either: queries for the chats bots speak in need not know of removal.
      update(
          c,
          "UPDATE chats SET status = 'removed', enabled = false, updated_at = ? WHERE id = ?",
          ts(e.at()),
          e.chatId());
    } else if (event instanceof ChatCoordinator.ChatDiscovered e) {
      update(
          c,
          "INSERT INTO chats (id, title, enabled, activity, members, updated_at, status)"
              + " VALUES (?, ?, false, 0, '{}', ?, 'pending')"
              + " ON CONFLICT (id) DO UPDATE SET title = excluded.title, enabled = false,"
              + " status = 'pending', updated_at = excluded.updated_at",
          e.chatId(),
          e.title(),
          ts(e.at()));
    } else if (event instanceof ChatCoordinator.MessageReceived e) {
      update(
          c,
          INSERT_MESSAGE,
          e.chatId(),
          e.messageId(),
          e.speakerBotId().isEmpty() ? null : e.speakerBotId(),
          e.speaker(),
          e.text(),
          e.replyToMessageId(),
          ts(e.at()));
    } else if (event instanceof ChatCoordinator.MessageSent e) {
      update(
          c,
          INSERT_MESSAGE,
          e.chatId(),
          e.messageId(),
          e.botId(),
          e.botId(),
          e.text(),
          e.replyToMessageId(),
          ts(e.at()));
    } else if (event instanceof ChatMigration.ChatMigrated e) {
      update(
          c,
          "UPDATE chats SET status = 'migrated', enabled = false, updated_at = ? WHERE id = ?",
          ts(e.at()),
          e.chatId());
    } else if (event instanceof ChatMigration.ChatContinued e) {
      upsertChat(c, e.chatId(), e.state().settings(), e.at(), e.fromChatId());
    }
  }
}
