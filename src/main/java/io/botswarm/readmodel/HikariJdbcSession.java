package io.botswarm.readmodel;

import akka.japi.function.Function;
import akka.projection.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One projection transaction on a pooled connection to the primary: the rows an event produces and
 * the projection's new offset commit together (exactly once).
 */
final class HikariJdbcSession implements JdbcSession {

  private final Connection connection;

  HikariJdbcSession(DataSource pool) {
    try {
      this.connection = pool.getConnection();
      this.connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("no connection for the read model: " + e.getMessage(), e);
    }
  }

  @Override
  public <Result> Result withConnection(Function<Connection, Result> func) throws Exception {
    return func.apply(connection);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
  }

  @Override
  public void rollback() throws SQLException {
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
