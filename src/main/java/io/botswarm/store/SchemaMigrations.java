package io.botswarm.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the primary's schema up to date with Flyway ({@code db/migration}) before a node starts
 * its actors, so entities never meet a missing table. Safe to run from several nodes at once:
 * Flyway takes a lock in the database.
 */
public final class SchemaMigrations {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  private SchemaMigrations() {}

  /** Applies pending migrations and returns how many were applied. */
  public static int migrate(String url, String user, String password) {
    try {
      var result =
          Flyway.configure()
              .dataSource(url, user, password)
              .locations("classpath:db/migration")
              .connectRetries(3)
              .load()
              .migrate();
      if (result.migrationsExecuted > 0)
        log.info(
            "schema migrated to version {} ({} migrations)",
            result.targetSchemaVersion,
            result.migrationsExecuted);
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new DatabaseUnavailableException(
          "cannot migrate the schema at " + url + ": " + rootMessage(e), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
