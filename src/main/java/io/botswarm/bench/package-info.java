/**
 * The benchmarks that run inside one JVM, started by {@code swarm bench ...} (and {@code
 * scripts/bench}): each drives the real swarm, or the part of it it measures, against a real
 * database it owns and prints a Markdown report for {@code docs/benchmarks.md}, keeping a copy in
 * {@code target/bench}. The black-box load driver is not here: it reaches a running swarm only over
 * HTTP, so it lives in the test sources ({@code io.botswarm.bench.load}, run by {@code
 * scripts/bench load}), out of the product jar.
 *
 * <p>Depends on the packages it measures, {@code bot}, {@code chat}, {@code cluster}, {@code
 * generation}, {@code journal}, {@code readmodel} and {@code store}, and on {@code latency}
 * (percentiles). Only the command line depends on it.
 */
package io.botswarm.bench;
