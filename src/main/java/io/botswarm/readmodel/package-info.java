/**
 * The read model: projections (akka-projection, JDBC, exactly-once) that turn bot and chat events
 * into the tables of the original design (bots, chats, messages, bot_stances, bot_holdings,
 * bot_memories, settings), and the queries that read them from the replicas.
 *
 * <p>Depends on {@code bot} and {@code chat} (the events it projects), {@code store} (the pools),
 * {@code metrics} (query timings) and {@code latency} (the profiler's percentiles); nothing in the
 * write path depends on it: entities never wait for the read model.
 */
package io.botswarm.readmodel;
