package io.botswarm.bench;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Benchmarks make their own databases on the bench server. */
final class BenchUrls {

  private BenchUrls() {}

  /** The same server URL with another database name, query parameters kept. */
  static String withDatabase(String serverUrl, String name) {
    int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = serverUrl.indexOf('?');
    return serverUrl.substring(0, slash + 1) + name + (query < 0 ? "" : serverUrl.substring(query));
  }

  /** Drops and creates database {@code name} on the server, and returns its URL. */
  static String freshDatabase(String serverUrl, String user, String password, String name)
      throws SQLException {
    try (var conn = DriverManager.getConnection(serverUrl, user, password);
        var st = conn.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + name);
    }
    return withDatabase(serverUrl, name);
  }
}
