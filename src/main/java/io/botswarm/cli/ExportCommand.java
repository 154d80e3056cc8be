package io.botswarm.cli;

import io.botswarm.admin.AdminClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    Files.writeString(output, yaml, StandardCharsets.UTF_8);
    spec.commandLine().getErr().println("exported the swarm to " + output);
    return 0;
  }
}
