package io.botswarm.generation;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The {@code llm_budget} table: one row per day, scope and key. Adding is one UPSERT per key that
 * increments in place and returns the new total, so nodes adding at once never lose each other's
 * tokens and each learns the cluster's total with every call it pays for. JDBC blocks: it runs on
 * the executor given (a blocking dispatcher), never on the caller's thread.
 */
public final class JdbcBudgetLedger implements BudgetLedger {

  private static final String ADD =
      "INSERT INTO llm_budget (day, scope, key, tokens) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (day, scope, key) DO UPDATE SET tokens = llm_budget.tokens + EXCLUDED.tokens"
          + " RETURNING tokens";

  private static final String READ =
      "SELECT tokens FROM llm_budget WHERE day = ? AND scope = ? AND key = ?";

  private static final Comparator<Key> BY_ROW =
      Comparator.comparing((Key k) -> k.scope().label()).thenComparing(Key::id);

  private final DataSource dataSource;
  private final Executor blocking;

  public JdbcBudgetLedger(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Map<Key, Long>> totals(LocalDate day, List<Key> keys) {
    return run(
        conn -> {
          Map<Key, Long> found = new HashMap<>();
          try (PreparedStatement st = conn.prepareStatement(READ)) {
            for (Key k : keys) {
              bind(st, day, k);
              try (ResultSet rs = st.executeQuery()) {
                found.put(k, rs.next() ? rs.getLong(1) : 0L);
              }
            }
          }
          return found;
        });
  }

  @Override
  public CompletionStage<Map<Key, Long>> add(LocalDate day, Map<Key, Long> tokens) {
    return run(
        conn -> {
          Map<Key, Long> now = new HashMap<>();
          // One transaction, keys in a fixed order: two nodes adding to the same rows never
          // deadlock, and a failure adds to none of them.
          conn.setAutoCommit(false);
          try (PreparedStatement st = conn.prepareStatement(ADD)) {
            for (Key k : tokens.keySet().stream().sorted(BY_ROW).toList()) {
              bind(st, day, k);
              st.setLong(4, tokens.get(k));
              try (ResultSet rs = st.executeQuery()) {
                rs.next();
                now.put(k, rs.getLong(1));
              }
            }
            conn.commit();
          } catch (SQLException e) {
            conn.rollback();
            throw e;
          }
          return now;
        });
  }

  private static void bind(PreparedStatement st, LocalDate day, Key k) throws SQLException {
    st.setDate(1, Date.valueOf(day));
    st.setString(2, k.scope().label());
    st.setString(3, k.id());
  }

  private interface Work<T> {
    T on(Connection conn) throws SQLException;
  }

  private <T> CompletionStage<T> run(Work<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection conn = dataSource.getConnection()) {
            return work.on(conn);
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        },
        blocking);
  }
}
