package io.botswarm.cli;

import io.botswarm.definition.CharacterImport;
import io.botswarm.definition.DefinitionWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code swarm import FILE}: a persona made elsewhere (an elizaOS character file or a Character
 * Card V2) as a {@code bots:} entry of a definition; what did not fit goes to standard error.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Turns an elizaOS character file or a Character Card V2 (chara_card_v2 JSON) into a `bots:` entry of a swarm definition, and says on standard error what it dropped.")
final class ImportCommand implements Callable<Integer> {

  enum FormatName {
    eliza,
    card
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The character file (JSON).")
  Path file;

  @Option(
      names = "--format",
      description = "eliza or card (default: a card if its spec says chara_card_v2, else eliza).")
  FormatName format;

  @Option(
      names = "--id",
      description =
          "The bot id to give it (default: from the name, e.g. Anna Smith -> anna_smith_bot).")
  String id;

  @Option(
      names = {"-o", "--output"},
      description = "Write the entry to this file instead of standard output.")
  Path output;

  @Override
  public Integer call() {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    CharacterImport.Imported imported;
    try {
      imported =
          CharacterImport.fromJson(
              json,
              Optional.ofNullable(format)
                  .map(f -> CharacterImport.Format.valueOf(f.name().toUpperCase(Locale.ROOT))),
              Optional.ofNullable(id));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    String yaml = new DefinitionWriter().writeBots(List.of(imported.bot()));
    if (output == null) spec.commandLine().getOut().print(yaml);
    else {
      try {
        Files.writeString(output, yaml, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + output, e);
      }
    }
    spec.commandLine().getOut().flush();
    imported.dropped().forEach(line -> spec.commandLine().getErr().println("dropped: " + line));
    return 0;
  }
}
