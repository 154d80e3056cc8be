package io.botswarm.cli;

import io.botswarm.admin.AdminClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarm apply}: makes a running swarm what a definition file says, showing the plan first.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description =
        "Applies a swarm definition (swarm.yaml) to a running swarm through any node's admin API: "
            + "prints the plan (+ added, ~ changed, - removed, = unchanged), then applies it. Bots "
            + "and chats the file leaves out are disabled, or removed with --prune. Exits 1 when the "
            + "file has problems or some items did not apply (running it again finishes the job).")
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin AdminOptions admin;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      required = true,
      description = "The swarm definition (YAML or JSON); - reads standard input.")
  String file;

  @Option(names = "--dry-run", description = "Print the plan and apply nothing.")
  boolean dryRun;

  @Option(
      names = "--prune",
      description = "Remove the bots and chats the file leaves out (their journals are kept).")
  boolean prune;

  @Override
  public Integer call() {
    String text = read();
    AdminClient client = admin.client(spec);
    String name = file.equals("-") ? "stdin" : file;
    var report = AdminClient.await(client.plan(name, text, !dryRun, prune));
    return AdminOutput.plan(
        report, name, !dryRun, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  private String read() {
    try {
      if (file.equals("-")) {
        InputStream in = System.in;
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), file + " does not exist");
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    }
  }
}
