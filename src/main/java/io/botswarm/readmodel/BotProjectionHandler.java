package io.botswarm.readmodel;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import io.botswarm.bot.Bot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Bot events into bots, bot_stances, bot_holdings and bot_memories; every write idempotent. */
final class BotProjectionHandler extends JdbcHandler<EventEnvelope<Bot.Event>, HikariJdbcSession> {

  @Override
  public void process(HikariJdbcSession session, EventEnvelope<Bot.Event> envelope)
      throws Exception {
    session.withConnection(
        c -> {
          apply(c, envelope.event());
          return null;
        });
  }

  static void apply(Connection c, Bot.Event event) throws SQLException {
    if (event instanceof Bot.BotRegistered e) {
      update(
          c,
          "INSERT INTO bots (id, handle, name, bio, speaking_style, enabled, mood, mood_intensity, registered_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, true, 'NEUTRAL', 0, ?, ?) ON CONFLICT (id) DO UPDATE SET handle = excluded.handle,"
              + " name = excluded.name, bio = excluded.bio, speaking_style = excluded.speaking_style, updated_at = excluded.updated_at",
          e.botId(),
          e.persona().handle(),
          e.persona().name(),
          e.persona().bio(),
          e.persona().speakingStyle(),
          ts(e.at()),
          ts(e.at()));
    } else if (event instanceof Bot.EnabledChanged e) {
      update(
          c,
          "UPDATE bots SET enabled = ?, updated_at = ? WHERE id = ?",
          e.enabled(),
          ts(e.at()),
          e.botId());
    } else if (event instanceof Bot.EmotionChanged e) {
      update(
          c,
          "UPDATE bots SET mood = ?, mood_intensity = ?, updated_at = ? WHERE id = ?",
          e.mood().name(),
          e.intensity(),
          ts(e.at()),
          e.botId());
    } else if (event instanceof Bot.StanceChanged e) {
      update(
          c,
          "INSERT INTO bot_stances (bot_id, topic, position, confidence, rationale, cooldown_until, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bot_id, topic) DO UPDATE SET position = excluded.position,"
              + " confidence = excluded.confidence, rationale = excluded.rationale, cooldown_until = excluded.cooldown_until,"
              + " updated_at = excluded.updated_at",
          e.botId(),
          e.topic(),
          e.position(),
          e.confidence(),
          e.rationale(),
          ts(e.cooldownUntil()),
          ts(e.at()));
    } else if (event instanceof Bot.HoldingChanged e) {
      if (e.quantity().signum() == 0) {
        update(
            c, "DELETE FROM bot_holdings WHERE bot_id = ? AND symbol = ?", e.botId(), e.symbol());
      } else {
        update(
            c,
            "INSERT INTO bot_holdings (bot_id, symbol, quantity, average_cost, updated_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (bot_id, symbol) DO UPDATE SET quantity = excluded.quantity,"
                + " average_cost = excluded.average_cost, updated_at = excluded.updated_at",
            e.botId(),
            e.symbol(),
            e.quantity(),
            e.averageCost(),
            ts(e.at()));
      }
    } else if (event instanceof Bot.MemoryRecorded e) {
      update(
          c,
          "INSERT INTO bot_memories (bot_id, memory_id, memory_type, content, relevance_score, created_at, last_accessed)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bot_id, memory_id) DO NOTHING",
          e.botId(),
          e.memoryId(),
          e.type().name(),
          e.content(),
          e.relevance(),
          ts(e.at()),
          ts(e.at()));
    } else if (event instanceof Bot.MemoryEvicted e) {
      update(
          c,
          "DELETE FROM bot_memories WHERE bot_id = ? AND memory_id = ?",
          e.botId(),
          e.memoryId());
    } else if (event instanceof Bot.MemoriesAccessed e) {
      try (PreparedStatement st =
          c.prepareStatement(
              "UPDATE bot_memories SET last_accessed = ? WHERE bot_id = ? AND memory_id = ANY (?)")) {
        st.setTimestamp(1, ts(e.at()));
        st.setString(2, e.botId());
        st.setArray(3, c.createArrayOf("bigint", e.memoryIds().toArray()));
        st.executeUpdate();
      }
    }
  }

  static Timestamp ts(Instant at) {
    return Timestamp.from(at);
  }

  static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) st.setObject(i + 1, values[i]);
      st.executeUpdate();
    }
  }
}
