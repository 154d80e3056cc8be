package io.botswarm.readmodel;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Moves messages older than a cut-off from the hot {@code messages} table to {@code
 * messages_archive}, a batch per transaction: each batch deletes its rows and inserts them in one
 * statement, so a row is in exactly one of the two tables at every commit, and rows the swarm is
 * writing meanwhile (recent ones, locked or not) are never touched. Running it again moves nothing
 * more; a message projected again after it was archived (a projection replayed from an old offset)
 * is simply dropped from the hot table by the next run, the archive keeping its copy.
 */
public final class MessageArchive {

  /** What one run did. */
  public record Result(long moved, long alreadyArchived, int batches) {}

  private static final String MOVE_BATCH =
      "WITH moved AS ("
          + " DELETE FROM messages WHERE id IN ("
          + "  SELECT id FROM messages WHERE created_at < ? ORDER BY created_at LIMIT ?"
          + "  FOR UPDATE SKIP LOCKED)"
          + " RETURNING id, chat_id, telegram_message_id, bot_id, speaker, text,"
          + "  reply_to_message_id, created_at),"
          + " archived AS ("
          + " INSERT INTO messages_archive SELECT * FROM moved"
          + " ON CONFLICT (chat_id, telegram_message_id) DO NOTHING RETURNING 1)"
          + " SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM archived)";

  private MessageArchive() {}

  /** Archives every message written before {@code cutoff}, {@code batch} rows at a time. */
  public static Result archive(DataSource primary, Instant cutoff, int batch) throws SQLException {
    long moved = 0, duplicates = 0;
    int batches = 0;
    try (Connection c = primary.getConnection()) {
      c.setAutoCommit(true);
      while (true) {
        long deleted, inserted;
        try (var st = c.prepareStatement(MOVE_BATCH)) {
          st.setTimestamp(1, Timestamp.from(cutoff));
          st.setInt(2, batch);
          try (var rs = st.executeQuery()) {
            rs.next();
            deleted = rs.getLong(1);
            inserted = rs.getLong(2);
          }
        }
        if (deleted == 0) {
          // The moved rows leave dead tuples: free their space for new messages now rather than
          // when autovacuum comes by (plain VACUUM blocks neither reads nor writes).
          if (batches > 0)
            try (var vacuum = c.createStatement()) {
              vacuum.execute("VACUUM (ANALYZE) messages");
            }
          return new Result(moved, duplicates, batches);
        }
        batches++;
        moved += inserted;
        duplicates += deleted - inserted;
      }
    }
  }
}
