/**
 * System benchmarks run by {@code scripts/bench} ({@code swarm bench ...}): each drives the real
 * swarm against a real database and prints a Markdown report for {@code docs/benchmarks.md}.
 *
 * <p>Depends on the packages it measures; nothing depends on it.
 */
package io.botswarm.bench;
