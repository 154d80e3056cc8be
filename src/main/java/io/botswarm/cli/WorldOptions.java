package io.botswarm.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that name a {@link DemoWorld}: the sandbox, the demo and a populating node given the
 * same values agree on the same bots, tokens and chats.
 */
final class WorldOptions {

  static final int MAX_BOTS = 100_000;

  @Option(
      names = "--bots",
      defaultValue = "12",
      description = "How many bots (default ${DEFAULT-VALUE}).")
  int bots;

  @Option(
      names = "--chats",
      defaultValue = "2",
      description = "Group chats; every chat gets at least two bots (default ${DEFAULT-VALUE}).")
  int chats;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the bots' personas and tokens (default ${DEFAULT-VALUE}).")
  long seed;

  /** The world these options name, or a usage error if they name none. */
  DemoWorld world(CommandSpec spec) {
    if (bots < 1 || bots > MAX_BOTS)
      throw new ParameterException(
          spec.commandLine(), "--bots must be between 1 and " + MAX_BOTS + ", not " + bots);
    int maxChats = Math.max(1, bots / 2);
    if (chats < 1 || chats > maxChats)
      throw new ParameterException(
          spec.commandLine(),
          "--chats must be between 1 and " + maxChats + " (half the bots), not " + chats);
    return DemoWorld.of(seed, bots, chats);
  }
}
