/**
 * The cluster node: how its configuration is layered ({@link io.botswarm.cluster.NodeConfig}) and
 * how a node starts ({@link io.botswarm.cluster.SwarmNode}): database, schema, actor system, the
 * cluster membership and every sharded entity type.
 *
 * <p>Depends on {@code store}, on the entity packages it wires ({@code bot}, {@code chat}, {@code
 * telegram}) and on the listeners' settings it checks at start ({@code api}, {@code admin});
 * nothing but the CLI depends on it.
 */
package io.botswarm.cluster;
