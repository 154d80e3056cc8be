/**
 * The embedded PostgreSQL: io.zonky.test's binaries, unpacked once and run by our own launcher
 * ({@link io.botswarm.store.embedded.LocalPostgres}) as an unprivileged user when we are root.
 *
 * <p>Depends on nothing of ours.
 */
package io.botswarm.store.embedded;
