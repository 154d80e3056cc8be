package io.botswarm.readmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Archiving moves exactly the old rows and loses none (counts and a checksum of every old row
 * before and after), while new messages are written, and a second run moves nothing.
 */
class MessageArchiveTest {

  static final String OLD_ROWS =
      "SELECT count(*), md5(string_agg(id || '|' || chat_id || '|' || telegram_message_id || '|'"
          + " || coalesce(bot_id, '') || '|' || speaker || '|' || text || '|' || created_at, ',' ORDER BY id))"
          + " FROM %s WHERE created_at < ?";

  @Test
  void movesExactlyTheOldRowsWhileTheSwarmWritesAndAgainMovesNothing() throws Exception {
    String url = TestDatabase.createDatabase("message_archive");
    var primary = new PGSimpleDataSource();
    primary.setUrl(url);
    primary.setUser(LocalPostgres.USER);
    try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
      // 20,000 messages, one every 4 minutes back over 55 days: about 45 % older than 30 days.
      c.createStatement()
          .execute(
              "INSERT INTO messages (chat_id, telegram_message_id, bot_id, speaker, text, created_at)"
                  + " SELECT 'c' || (i % 50), i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'b' || (i % 200) END,"
                  + " 's', md5(i::text), now() - (i * 4 || ' minutes')::interval"
                  + " FROM generate_series(1, 20000) i");
    }
    Instant cutoff = Instant.now().minus(Duration.ofDays(30));
    String[] before = oldRows(url, "messages", cutoff);
    long total = count(url, "SELECT count(*) FROM messages");
    assertTrue(Long.parseLong(before[0]) > 8_000, "old rows to move: " + before[0]);

    // The swarm goes on writing new messages meanwhile.
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
                var st =
                    c.prepareStatement(
                        "INSERT INTO messages (chat_id, telegram_message_id, bot_id, speaker, text, created_at)"
                            + " VALUES ('c1', ?, 'b1', 's', 'new', now())");
                for (int i = 1; writing.get() || i < 50; i++) {
                  st.setLong(1, 1_000_000 + i);
                  st.executeUpdate();
                  written.incrementAndGet();
                }
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    MessageArchive.Result result = MessageArchive.archive(primary, cutoff, 500);
    writing.set(false);
    writer.join();

    assertEquals(Long.parseLong(before[0]), result.moved());
    assertTrue(result.batches() >= result.moved() / 500, "in batches: " + result);
    assertEquals(
        0, count(url, "SELECT count(*) FROM messages WHERE created_at < '" + cutoff + "'"));
    String[] archived = oldRows(url, "messages_archive", cutoff);
    assertEquals(before[0], archived[0], "every old row is in the archive");
    assertEquals(before[1], archived[1], "unchanged (checksum of every column)");
    assertEquals(
        total + written.get(),
        count(url, "SELECT count(*) FROM messages_with_archive"),
        "none lost, none doubled; the rows written meanwhile stay hot");
    assertEquals(written.get(), count(url, "SELECT count(*) FROM messages WHERE text = 'new'"));

    MessageArchive.Result again = MessageArchive.archive(primary, cutoff, 500);
    assertEquals(new MessageArchive.Result(0, 0, 0), again);
    assertEquals(before[1], oldRows(url, "messages_with_archive", cutoff)[1]);
  }

  @Test
  void aNodeArchivesOnItsSchedule() throws Exception {
    String url = TestDatabase.createDatabase("message_archive_schedule");
    try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
      c.createStatement()
          .execute(
              "INSERT INTO messages (chat_id, telegram_message_id, bot_id, speaker, text, created_at)"
                  + " SELECT 'c1', i, NULL, 's', 'old', now() - interval '2 days'"
                  + " FROM generate_series(1, 300) i");
    }
    var node =
        TestNodes.start(
            java.util.Map.of(
                "botswarm.db.url", url,
                "botswarm.archive.older-than", "1d",
                "botswarm.archive.every", "1s",
                "botswarm.archive.batch", "100"));
    try {
      TestNodes.await(
          "the node's archiver moves the old messages",
          30,
          () -> count(url, "SELECT count(*) FROM messages_archive") == 300);
      assertEquals(0, count(url, "SELECT count(*) FROM messages"));
    } finally {
      node.terminate();
    }
  }

  private static String[] oldRows(String url, String table, Instant cutoff) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
        var st = c.prepareStatement(String.format(OLD_ROWS, table))) {
      st.setTimestamp(1, java.sql.Timestamp.from(cutoff));
      var rs = st.executeQuery();
      rs.next();
      return new String[] {String.valueOf(rs.getLong(1)), rs.getString(2)};
    }
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
      var rs = c.createStatement().executeQuery(sql);
      rs.next();
      return rs.getLong(1);
    }
  }
}
