package io.botswarm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.botswarm.cluster.NodeConfig;
import io.botswarm.store.embedded.LocalPostgres;
import io.botswarm.testing.TestDatabase;
import io.botswarm.testing.TestNodes;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real primary and a real streaming replica: reads go to the replica unless they must not. */
class ReplicaReadTest {

  static Databases databases;

  @BeforeAll
  static void start() throws Exception {
    var replica = TestDatabase.replica();
    assertTrue(replica.isReplica());
    var settings =
        DatabaseSettings.fromConfig(
            NodeConfig.load(
                    "application-test.conf",
                    Optional.empty(),
                    Map.of("botswarm.db.read-your-writes-wait", "300ms"))
                .resolve());
    databases = Databases.create(TestDatabase.url(), List.of(replica.jdbcUrl()), settings, 2);
    databases.write(
        c ->
            c.createStatement()
                .execute(
                    "CREATE TABLE IF NOT EXISTS replica_probe (id int PRIMARY KEY, note text)"));
    // The replica has replayed the table before any test pauses replay.
    TestNodes.await(
        "the replica replays the table",
        30,
        () -> databases.read(c -> queryTrue(c, "SELECT to_regclass('replica_probe') IS NOT NULL")));
  }

  static boolean queryTrue(java.sql.Connection c, String sql) throws SQLException {
    try (var rs = c.createStatement().executeQuery(sql)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  @AfterAll
  static void stop() {
    databases.close();
  }

  record Seen(boolean onReplica, int rows) {}

  static Seen count(int id, java.sql.Connection c) throws SQLException {
    try (var st =
        c.prepareStatement(
            "SELECT pg_is_in_recovery(), (SELECT count(*) FROM replica_probe WHERE id = ?)")) {
      st.setInt(1, id);
      var rs = st.executeQuery();
      rs.next();
      return new Seen(rs.getBoolean(1), rs.getInt(2));
    }
  }

  static void replay(boolean on) throws SQLException {
    try (var c =
            DriverManager.getConnection(TestDatabase.replica().jdbcUrl(), LocalPostgres.USER, "");
        var st = c.createStatement()) {
      st.execute(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
    }
  }

  @Test
  void historyReadsGoToTheReplicaAndSeeWhatItHasReplayed() {
    databases.write(
        c ->
            c.createStatement()
                .executeUpdate(
                    "INSERT INTO replica_probe VALUES (1, 'first') ON CONFLICT DO NOTHING"));
    String lsn = databases.primaryLsn();
    Seen seen = databases.readYourWrites(lsn, c -> count(1, c));
    assertEquals(1, seen.rows());
    assertTrue(databases.read(c -> count(1, c)).onReplica(), "plain reads use the read pool");
    assertEquals(1, databases.lag().size());
  }

  @Test
  void aReadYourWritesQuerySeesTheWriteWhileReplayIsPaused() throws Exception {
    replay(false);
    try {
      databases.write(
          c ->
              c.createStatement()
                  .executeUpdate(
                      "INSERT INTO replica_probe VALUES (2, 'second') ON CONFLICT DO NOTHING"));
      String lsn = databases.primaryLsn();
      Seen stale = databases.read(c -> count(2, c));
      assertTrue(stale.onReplica());
      assertEquals(0, stale.rows(), "the paused replica has not seen the write");

      Seen fresh = databases.readYourWrites(lsn, c -> count(2, c));
      assertEquals(1, fresh.rows(), "a read that must see the write sees it");
      assertFalse(
          fresh.onReplica(), "from the primary, since the replica did not catch up in time");
      assertTrue(databases.lag().get(0).bytes() >= 0);
    } finally {
      replay(true);
    }
    String lsn = databases.primaryLsn();
    // A busy machine may replay the backlog slower than one read-your-writes wait.
    TestNodes.await(
        "once replay resumes, the replica serves it again",
        30,
        () -> {
          Seen caughtUp = databases.readYourWrites(lsn, c -> count(2, c));
          assertEquals(1, caughtUp.rows());
          assertTrue(caughtUp.onReplica(), "served by the primary");
        });
  }
}
