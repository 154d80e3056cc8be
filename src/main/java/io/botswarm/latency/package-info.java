/**
 * Latency percentiles, one way for the whole tree: {@link io.botswarm.latency.Latencies}, an
 * HdrHistogram behind the few calls the generator, the query profiler and the benchmarks make.
 *
 * <p>Depends on nothing of ours.
 */
package io.botswarm.latency;
