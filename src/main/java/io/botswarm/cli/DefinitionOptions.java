package io.botswarm.cli;

import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.SwarmDefinition;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The swarm definition a command plays: a file ({@code -f}), or the generated one that {@code swarm
 * init} writes for {@code --bots}, {@code --chats} and {@code --seed}. The demo, the sandbox and
 * the local cluster given the same file or the same values agree on the same bots, tokens and
 * chats.
 */
final class DefinitionOptions {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description =
          "A swarm definition (YAML or JSON; `swarm init` writes one) instead of the generated world of --bots, --chats and --seed.")
  Path file;

  @Mixin WorldOptions world;

  /**
   * The definition these options name. Token references are not checked: the sandbox plays every
   * bot's token. A file with errors fails with a {@link io.botswarm.definition.DefinitionException}
   * listing them all; its warnings are printed to {@code out}.
   */
  SwarmDefinition definition(CommandSpec spec, PrintWriter out) {
    if (file == null) return world.world(spec).definition();
    var parsed = spec.commandLine().getParseResult();
    for (String generated : List.of("--bots", "--chats", "--seed"))
      if (parsed.hasMatchedOption(generated))
        throw new ParameterException(
            spec.commandLine(),
            "-f "
                + file
                + " and "
                + generated
                + " both name the swarm: give the file, or the generated world's values");
    if (!Files.isRegularFile(file))
      throw new ParameterException(spec.commandLine(), file + " does not exist");
    DefinitionLoader.Result loaded =
        new DefinitionLoader(ref -> true, DefinitionLoader.Mode.DRY_RUN).load(file);
    loaded.problems().stream().filter(p -> !p.isError()).forEach(out::println);
    return loaded.orThrow();
  }

  /** What the definition is, for messages: the file, or the generated world's values. */
  String describe() {
    return file != null
        ? file.toString()
        : "the generated world of "
            + world.bots
            + " bots in "
            + world.chats
            + " chats, seed "
            + world.seed;
  }

  /** The generated world's seed (42 unless given): the demo's first question follows from it. */
  long seed() {
    return world.seed;
  }
}
