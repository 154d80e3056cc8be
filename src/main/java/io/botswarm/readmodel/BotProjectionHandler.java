package io.botswarm.readmodel;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import io.botswarm.bot.Bot;
import io.botswarm.bot.MemoryType;
import io.botswarm.bot.Mood;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Bot events into bots, bot_stances, bot_holdings and bot_memories; every write idempotent. A
 * removed bot keeps its row in bots, flagged, and loses its stances, holdings and memories.
 */
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
      // A bot registered again after its removal starts afresh, as its entity does.
      update(
          c,
          "INSERT INTO bots (id, handle, name, bio, speaking_style, language, enabled, mood, mood_intensity,"
              + " registered_at, updated_at, removed, token_ref)"
              + " VALUES (?, ?, ?, ?, ?, ?, true, 'NEUTRAL', 0, ?, ?, false, NULL) ON CONFLICT (id) DO UPDATE SET"
              + " handle = excluded.handle, name = excluded.name, bio = excluded.bio,"
              + " speaking_style = excluded.speaking_style, language = excluded.language, enabled = true,"
              + " mood = 'NEUTRAL', mood_intensity = 0, registered_at = excluded.registered_at,"
              + " updated_at = excluded.updated_at, removed = false, token_ref = NULL",
          e.botId(),
          e.persona().handle(),
          e.persona().name(),
          e.persona().bio(),
          e.persona().speakingStyle(),
          e.persona().language(),
          ts(e.at()),
          ts(e.at()));
    } else if (event instanceof Bot.PersonaChanged e) {
      update(
          c,
          "UPDATE bots SET handle = ?, name = ?, bio = ?, speaking_style = ?, language = ?, updated_at = ?"
              + " WHERE id = ?",
          e.persona().handle(),
          e.persona().name(),
          e.persona().bio(),
          e.persona().speakingStyle(),
          e.persona().language(),
          ts(e.at()),
          e.botId());
    } else if (event instanceof Bot.TokenRefChanged e) {
      update(
          c,
          "UPDATE bots SET token_ref = ?, updated_at = ? WHERE id = ?",
          e.tokenRef(),
          ts(e.at()),
          e.botId());
    } else if (event instanceof Bot.EmotionSet e) {
      feel(c, e.botId(), e.mood(), e.intensity(), e.at());
    } else if (event instanceof Bot.StanceSet e) {
      if (e.position() == null) {
        update(c, "DELETE FROM bot_stances WHERE bot_id = ? AND topic = ?", e.botId(), e.topic());
      } else {
        // The rationale stays while the side does, as in the entity.
        update(
            c,
            "INSERT INTO bot_stances (bot_id, topic, position, confidence, rationale, cooldown_until, updated_at)"
                + " VALUES (?, ?, ?, ?, NULL, ?, ?) ON CONFLICT (bot_id, topic) DO UPDATE SET"
                + " rationale = CASE WHEN sign(bot_stances.position) = sign(excluded.position)"
                + " THEN bot_stances.rationale END, position = excluded.position,"
                + " confidence = excluded.confidence, cooldown_until = excluded.cooldown_until,"
                + " updated_at = excluded.updated_at",
            e.botId(),
            e.topic(),
            e.position(),
            e.confidence(),
            ts(e.cooldownUntil()),
            ts(e.at()));
      }
    } else if (event instanceof Bot.HoldingSet e) {
      holding(c, e.botId(), e.symbol(), e.quantity(), e.averageCost(), e.at());
    } else if (event instanceof Bot.MemorySeeded e) {
      memory(c, e.botId(), e.memoryId(), e.type(), e.content(), e.relevance(), e.at());
    } else if (event instanceof Bot.BotRemoved e) {
      update(
          c,
          "UPDATE bots SET removed = true, enabled = false, updated_at = ? WHERE id = ?",
          ts(e.at()),
          e.botId());
      for (String table : List.of("bot_stances", "bot_holdings", "bot_memories"))
        update(c, "DELETE FROM " + table + " WHERE bot_id = ?", e.botId());
    } else if (event instanceof Bot.EnabledChanged e) {
      update(
          c,
          "UPDATE bots SET enabled = ?, updated_at = ? WHERE id = ?",
          e.enabled(),
          ts(e.at()),
          e.botId());
    } else if (event instanceof Bot.EmotionChanged e) {
      feel(c, e.botId(), e.mood(), e.intensity(), e.at());
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
      holding(c, e.botId(), e.symbol(), e.quantity(), e.averageCost(), e.at());
    } else if (event instanceof Bot.MemoryRecorded e) {
      memory(c, e.botId(), e.memoryId(), e.type(), e.content(), e.relevance(), e.at());
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

  private static void holding(
      Connection c,
      String botId,
      String symbol,
      BigDecimal quantity,
      BigDecimal averageCost,
      Instant at)
      throws SQLException {
    if (quantity.signum() == 0) {
      update(c, "DELETE FROM bot_holdings WHERE bot_id = ? AND symbol = ?", botId, symbol);
    } else {
      update(
          c,
          "INSERT INTO bot_holdings (bot_id, symbol, quantity, average_cost, updated_at) VALUES (?, ?, ?, ?, ?)"
              + " ON CONFLICT (bot_id, symbol) DO UPDATE SET quantity = excluded.quantity,"
              + " average_cost = excluded.average_cost, updated_at = excluded.updated_at",
          botId,
          symbol,
          quantity,
          averageCost,
          ts(at));
    }
  }

  private static void memory(
      Connection c,
      String botId,
      long memoryId,
      MemoryType type,
      String content,
      double relevance,
      Instant at)
      throws SQLException {
    update(
        c,
        "INSERT INTO bot_memories (bot_id, memory_id, memory_type, content, relevance_score, created_at, last_accessed)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bot_id, memory_id) DO NOTHING",
        botId,
        memoryId,
        type.name(),
        content,
        relevance,
        ts(at),
        ts(at));
  }

  /** A feeling, from the bot's conversation or set by the operator: the row shows the latest. */
  private static void feel(Connection c, String botId, Mood mood, double intensity, Instant at)
      throws SQLException {
    update(
        c,
        "UPDATE bots SET mood = ?, mood_intensity = ?, updated_at = ? WHERE id = ?",
        mood.name(),
        intensity,
        ts(at),
        botId);
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
