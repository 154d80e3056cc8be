package io.botswarm.bench;

/** Benchmarks make their own databases on the bench server. */
final class BenchUrls {

  private BenchUrls() {}

  /** The same server URL with another database name, query parameters kept. */
  static String withDatabase(String serverUrl, String name) {
    int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = serverUrl.indexOf('?');
    return serverUrl.substring(0, slash + 1) + name + (query < 0 ? "" : serverUrl.substring(query));
  }
}
