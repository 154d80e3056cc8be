/**
 * The {@code swarm} command line (picocli): one class per subcommand, the shared node options, and
 * {@link io.botswarm.cli.UserErrors}, which turns every failure into one clear line.
 *
 * <p>Depends on {@code admin}, {@code bench}, {@code bot}, {@code chat}, {@code cluster}, {@code
 * definition}, {@code generation}, {@code journal}, {@code readmodel}, {@code store}, {@code
 * store.embedded}, {@code telegram} and {@code telegram.sandbox}: its commands start, inspect and
 * drive them. Nothing depends on it.
 */
package io.botswarm.cli;
