/**
 * Storage: database settings, the Flyway schema migrations the node runs at start, and (in {@code
 * store.embedded}) the embedded PostgreSQL that serves when no database URL is configured.
 *
 * <p>Depends on nothing of ours. The journal itself is akka-persistence-jdbc, configured in {@code
 * persistence.conf} to share one HikariCP pool among journal, snapshot store and read journal.
 */
package io.botswarm.store;
