package io.botswarm.cli;

import io.botswarm.admin.AdminClient;
import io.botswarm.definition.DefinitionWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swarm export}: the running swarm written back as a definition file. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Writes the running swarm as a swarm definition (YAML), through any node's admin API. "
            + "Applying what it writes changes nothing.")
final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin AdminOptions admin;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write it to FILE instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    String yaml = AdminClient.await(admin.client(spec).export());
    if (output == null) {
      var out = spec.commandLine().getOut();
      out.print(yaml);
      if (!yaml.endsWith("\n")) out.println();
      out.flush();
      return 0;
    }
    // The node names the schema by its URL; a file gets it beside itself, as `swarm init` does.
    String local =
        yaml.replace(
            "$schema=" + DefinitionWriter.SCHEMA_URL, "$schema=" + InitCommand.SCHEMA_FILE);
    InitCommand.writeBesideItsSchema(output, local);
    spec.commandLine()
        .getErr()
        .println("exported the swarm to " + output + " (its schema beside it)");
    return 0;
  }
}
