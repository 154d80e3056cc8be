/**
 * Operating a running swarm from outside: {@link io.botswarm.admin.AdminOperations} (plan, apply,
 * export, enable, disable, list, show), implemented over the entities by {@link
 * io.botswarm.admin.SwarmAdmin}, served on every node by {@link io.botswarm.admin.AdminApi} behind
 * a bearer token, and called by the command line through {@link io.botswarm.admin.AdminClient}.
 *
 * <p>Depends on {@code definition} (the file it applies and writes), {@code bot} and {@code chat}
 * (their clients, specs and events), {@code http} (the listener and the token), {@code store}
 * (which failures mean the database is unavailable) and {@code telegram} (waking the gateway of a
 * bot it applies). Which bots and chats have a journal it asks Akka's persistence query, not {@code
 * journal}. The HTTP side ({@code AdminApi}, {@code AdminClient}) knows only {@code
 * AdminOperations}.
 */
package io.botswarm.admin;
