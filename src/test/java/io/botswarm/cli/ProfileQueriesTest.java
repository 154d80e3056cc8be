package io.botswarm.cli;

import static io.botswarm.cli.CliRun.swarm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.readmodel.ReadModelQueries;
import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.testing.TestDatabase;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * {@code swarm db profile-queries} over 12,000 messages: every query timed, and a dropped index
 * fails it.
 */
class ProfileQueriesTest {

  @Test
  void profilesEveryQueryAndFailsWhenAnIndexIsDropped() throws Exception {
    String url = TestDatabase.createDatabase("profile_queries");
    try (var c = DriverManager.getConnection(url, LocalPostgres.USER, "");
        var st = c.createStatement()) {
      st.execute(
          "INSERT INTO bots SELECT 'b' || i, 'b' || i, 'Bot ' || i, '', '', true, 'CALM', 0.5, now(), now()"
              + " FROM generate_series(0, 99) i");
      st.execute(
          "INSERT INTO chats SELECT 'c' || i, 'Chat ' || i, true, 0.5, ARRAY['b1'], now()"
              + " FROM generate_series(0, 399) i");
      st.execute(
          "INSERT INTO bot_stances SELECT 'b' || b, 't' || t, 0.5, 0.5, '', now(), now()"
              + " FROM generate_series(0, 99) b, generate_series(1, 5) t");
      st.execute(
          "INSERT INTO bot_holdings SELECT 'b' || b, 'S' || t, 1, 1, now()"
              + " FROM generate_series(0, 99) b, generate_series(1, 3) t");
      st.execute(
          "INSERT INTO messages (chat_id, telegram_message_id, bot_id, speaker, text, created_at)"
              + " SELECT 'c' || (i % 400), i, 'b' || (i % 100), 's', md5(i::text),"
              + " now() - (i || ' seconds')::interval FROM generate_series(1, 12000) i");
      st.execute("ANALYZE");
    }

    CliRun healthy = swarm("db", "profile-queries", "--db-url", url, "--runs", "5", "--plans");
    assertEquals(0, healthy.exitCode(), healthy.err());
    assertTrue(healthy.out().contains("12,000 messages"), healthy.out());
    for (var q : ReadModelQueries.ALL) assertTrue(healthy.out().contains(q.name()), q.name());
    assertFalse(healthy.out().contains("MISSING"), healthy.out());
    assertTrue(healthy.out().contains("Index Scan"), "plans are printed: " + healthy.out());

    try (var c = DriverManager.getConnection(url, LocalPostgres.USER, "")) {
      c.createStatement().execute("DROP INDEX ix_messages_chat_created_at");
    }
    CliRun missing = swarm("db", "profile-queries", "--db-url", url, "--runs", "5");
    assertEquals(1, missing.exitCode(), missing.out());
    assertTrue(missing.out().contains("MISSING"), missing.out());
    assertTrue(
        missing.err().contains("'last message in chat' misses its index")
            && missing.err().contains("ix_messages_chat_created_at"),
        missing.err());
    assertFalse(missing.err().contains("\tat "), "no stack trace: " + missing.err());
  }
}
