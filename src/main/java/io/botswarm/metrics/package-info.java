/**
 * Metrics: Kamon with its Prometheus reporter on every node ({@link io.botswarm.metrics.Metrics}),
 * the swarm's own instruments ({@link io.botswarm.metrics.SwarmMetrics}) and the gauges polled from
 * the databases and the cluster ({@link io.botswarm.metrics.StateGauges}). Label values come from
 * small fixed sets only.
 *
 * <p>Depends on {@code store} (the pools and replicas its gauges poll); every other package may
 * record into it.
 */
package io.botswarm.metrics;
