package io.botswarm.cli;

import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.DefinitionWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swarm init}: the demo's generated world for a seed written as a swarm definition, the
 * starting point for one's own. Tokens are referenced by bot id in the tokens file, which is where
 * {@code swarm sandbox} writes them.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Writes the demo's generated bots and chats (the same for the same --seed) as a swarm definition to edit and apply. With -o, the JSON Schema is written beside it so editors can check the file as it is typed.")
final class InitCommand implements Callable<Integer> {

  static final String SCHEMA_FILE = "swarm-definition.schema.json";

  /**
   * Writes a definition whose schema line names {@link #SCHEMA_FILE}, and the schema beside it, so
   * that an editor checks the file offline.
   */
  static void writeBesideItsSchema(Path output, String yaml) {
    try {
      Path parent = output.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      try (InputStream schema =
          DefinitionLoader.class.getResourceAsStream(DefinitionLoader.SCHEMA_RESOURCE)) {
        Files.copy(schema, parent.resolve(SCHEMA_FILE), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(output, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
  }

  @Spec CommandSpec spec;

  @Mixin WorldOptions worldOptions;

  @Option(
      names = {"-o", "--output"},
      description =
          "Write the definition to this file (and the schema beside it) instead of standard output.")
  Path output;

  @Override
  public Integer call() {
    DemoWorld world = worldOptions.world(spec);
    if (output == null) {
      spec.commandLine().getOut().print(new DefinitionWriter().write(world.definition()));
      spec.commandLine().getOut().flush();
      return 0;
    }
    writeBesideItsSchema(output, new DefinitionWriter(SCHEMA_FILE).write(world.definition()));
    spec.commandLine()
        .getOut()
        .println(
            "wrote "
                + output
                + " ("
                + world.bots.size()
                + " bots, "
                + world.chats.size()
                + " chats) and "
                + parent(output).resolve(SCHEMA_FILE));
    return 0;
  }

  private static Path parent(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }
}
