/**
 * Operating a running swarm from outside: {@link io.botswarm.admin.AdminOperations} (plan, apply,
 * export, enable, disable, list, show), served on every node by {@link io.botswarm.admin.AdminApi}
 * behind a bearer token, and called by the command line through {@link
 * io.botswarm.admin.AdminClient}.
 *
 * <p>Depends on {@code http} (the listener and the token) and {@code store} (which failures mean
 * the database is unavailable); the operations themselves are implemented over the entities
 * elsewhere, so that this package knows no entity.
 */
package io.botswarm.admin;
