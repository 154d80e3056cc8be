/**
 * The node's HTTP read API ({@link io.botswarm.api.HistoryApi}): a chat's history and a bot's
 * recent messages from the read replicas, a bot's profile from its entity's state. What a
 * dashboard, a moderator or a script asks a running swarm.
 *
 * <p>Depends on {@code readmodel} (the named queries), {@code store} (the read pools and their
 * failures), {@code bot} (profiles, through {@code BotClient}) and {@code http} (the listener, its
 * token and its JSON answers).
 */
package io.botswarm.api;
