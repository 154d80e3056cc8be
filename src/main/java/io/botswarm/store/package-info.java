/**
 * Storage: database settings, the Flyway schema migrations the node runs at start, and (in {@code
 * store.embedded}) the embedded PostgreSQL that serves when no database URL is configured.
 *
 * <p>Depends on {@code store.embedded} only (the server it starts when no database URL is
 * configured). The journal itself is akka-persistence-jdbc, configured in {@code persistence.conf}
 * to share one HikariCP pool among journal, snapshot store and read journal.
 */
package io.botswarm.store;
