/**
 * The {@code swarm} command line (picocli): one class per subcommand, the shared node options, and
 * {@link io.botswarm.cli.UserErrors}, which turns every failure into one clear line.
 *
 * <p>Depends on everything; nothing depends on it.
 */
package io.botswarm.cli;
