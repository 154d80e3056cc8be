/**
 * The cluster node: how its configuration is layered ({@link io.botswarm.cluster.NodeConfig}) and
 * how a node starts ({@link io.botswarm.cluster.SwarmNode}): database, schema, actor system, the
 * cluster membership and every sharded entity type.
 *
 * <p>Depends on {@code store} and {@code store.embedded} (the database it reaches or starts, the
 * schema); on the entity packages it wires, {@code bot}, {@code chat} and {@code telegram}, and
 * what they need at start: {@code generation} (the draft service), {@code definition} (token
 * references of the bots a node finds), {@code readmodel} (the projections and the archive) and
 * {@code metrics}; and on the listeners it starts, {@code api} and {@code admin}. Nothing but the
 * command line and the benchmarks depends on it.
 */
package io.botswarm.cluster;
