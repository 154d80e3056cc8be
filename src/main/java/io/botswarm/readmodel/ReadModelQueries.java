package io.botswarm.readmodel;

import io.botswarm.metrics.SwarmMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side's questions: the original design's profiling table (its ten queries) and a history
 * query over the archive, by name, with the parameters each takes. They run on the replicas ({@code
 * Databases.read}); {@code scripts/bench queries} times them and records the plan each uses.
 */
public final class ReadModelQueries {

  /**
   * A named query, how to bind its parameters (a bot id, a chat id, or nothing), and the indexes
   * any of which it must use (none for whole-table reads of small tables).
   */
  public record Query(String name, String sql, Parameter parameter, List<String> indexes) {
    Query(String name, String sql, Parameter parameter, String... indexes) {
      this(name, sql, parameter, List.of(indexes));
    }
  }

  public enum Parameter {
    NONE,
    BOT,
    CHAT
  }

  /** What a bot said in the last hour: its dedup window, and the read API's bot messages. */
  public static final Query BOT_RECENT =
      new Query(
          "recent messages of a bot (dedup)",
          "SELECT chat_id, telegram_message_id, text, created_at FROM messages"
              + " WHERE bot_id = ? AND created_at >= now() - interval '1 hour'"
              + " ORDER BY created_at DESC LIMIT 50",
          Parameter.BOT,
          "ix_messages_bot_created_at");

  public static final Query HISTORY =
      new Query(
          "message history, last 20",
          "SELECT * FROM messages WHERE chat_id = ? ORDER BY created_at DESC LIMIT 20",
          Parameter.CHAT,
          "ix_messages_chat_created_at");

  public static final Query HISTORY_WITH_ARCHIVE =
      new Query(
          "message history with the archive, last 20",
          "SELECT * FROM messages_with_archive WHERE chat_id = ? ORDER BY created_at DESC LIMIT 20",
          Parameter.CHAT,
          "ix_messages_archive_chat_created_at");

  public static final List<Query> ALL =
      List.of(
          new Query(
              "messages per bot, last hour",
              "SELECT count(*) FROM messages WHERE bot_id = ? AND created_at >= now() - interval '1 hour'",
              Parameter.BOT,
              "ix_messages_bot_created_at"),
          new Query(
              "last message in chat",
              "SELECT * FROM messages WHERE chat_id = ? ORDER BY created_at DESC LIMIT 1",
              Parameter.CHAT,
              "ix_messages_chat_created_at"),
          BOT_RECENT,
          HISTORY,
          new Query("all enabled bots", "SELECT * FROM bots WHERE enabled", Parameter.NONE),
          new Query("all enabled chats", "SELECT * FROM chats WHERE enabled", Parameter.NONE),
          new Query(
              "bot stances",
              "SELECT * FROM bot_stances WHERE bot_id = ? ORDER BY updated_at DESC",
              Parameter.BOT,
              "ix_stances_bot_updated",
              "bot_stances_pkey"),
          new Query(
              "bot holdings",
              "SELECT * FROM bot_holdings WHERE bot_id = ? ORDER BY updated_at DESC",
              Parameter.BOT,
              "ix_holdings_bot_updated",
              "bot_holdings_pkey"),
          new Query("all settings", "SELECT * FROM settings", Parameter.NONE),
          new Query(
              "messages in the last minute",
              "SELECT count(*) FROM messages WHERE created_at >= now() - interval '1 minute'",
              Parameter.NONE,
              "ix_messages_created_at"),
          HISTORY_WITH_ARCHIVE);

  private ReadModelQueries() {}

  /** Runs {@code query} once and returns how many rows it gave. */
  public static int run(Connection c, Query query, Map<Parameter, String> values)
      throws SQLException {
    return execute(
        c,
        query,
        values,
        rs -> {
          int rows = 0;
          while (rs.next()) rows++;
          return rows;
        });
  }

  /**
   * Runs {@code query} once: its rows, each a map from column to value (timestamps as instants), in
   * the query's order.
   */
  public static List<Map<String, Object>> rows(
      Connection c, Query query, Map<Parameter, String> values) throws SQLException {
    return execute(
        c,
        query,
        values,
        rs -> {
          var meta = rs.getMetaData();
          List<Map<String, Object>> rows = new ArrayList<>();
          while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = rs.getObject(i);
              row.put(meta.getColumnLabel(i), value instanceof Timestamp t ? t.toInstant() : value);
            }
            rows.add(row);
          }
          return rows;
        });
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Binds, executes and reads {@code query}, timed into the query metrics by its name. */
  private static <T> T execute(
      Connection c, Query query, Map<Parameter, String> values, Reader<T> reader)
      throws SQLException {
    long start = System.nanoTime();
    try (PreparedStatement st = c.prepareStatement(query.sql())) {
      if (query.parameter() != Parameter.NONE) st.setString(1, values.get(query.parameter()));
      try (var rs = st.executeQuery()) {
        return reader.read(rs);
      }
    } finally {
      SwarmMetrics.query(query.name(), System.nanoTime() - start);
    }
  }

  /**
   * Whether the read model knows the chat or bot: an empty history is not an unknown chat. One
   * primary-key lookup, asked only when a history came back empty.
   */
  public static boolean known(Connection c, Parameter kind, String id) throws SQLException {
    String table =
        switch (kind) {
          case CHAT -> "chats";
          case BOT -> "bots";
          case NONE -> throw new IllegalArgumentException("nothing to look up");
        };
    try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
      st.setString(1, id);
      try (var rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The plan PostgreSQL chooses for {@code query}, as text. */
  public static List<String> plan(
      Connection c, Query query, Map<Parameter, String> values, boolean analyze)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "EXPLAIN (" + (analyze ? "ANALYZE, BUFFERS, " : "") + "COSTS OFF) " + query.sql())) {
      if (query.parameter() != Parameter.NONE) st.setString(1, values.get(query.parameter()));
      List<String> lines = new ArrayList<>();
      try (var rs = st.executeQuery()) {
        while (rs.next()) lines.add(rs.getString(1));
      }
      return lines;
    }
  }

  /** The basic group that {@code chatId} continues (it was upgraded to this supergroup), if any. */
  public static Optional<String> continuedFrom(Connection c, String chatId) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT continued_from FROM chats WHERE id = ?")) {
      st.setString(1, chatId);
      try (var rs = st.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
