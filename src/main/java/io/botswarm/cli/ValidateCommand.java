package io.botswarm.cli;

import io.botswarm.definition.DefinitionLoader;
import io.botswarm.definition.Problem;
import io.botswarm.definition.TokenResolver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code swarm validate FILE}: checks a swarm definition offline, with this machine's environment
 * and tokens file standing in for a node's when token references are checked.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Checks a swarm definition (YAML or JSON) without a cluster and prints every problem as file:line:col path: message. Exit 0 when it can be applied, 1 when it cannot.")
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The definition, e.g. swarm.yaml.")
  Path file;

  @Option(
      names = "--dry-run",
      description =
          "Check as `swarm apply --dry-run` does: token references that lead nowhere on this machine (SWARM_TELEGRAM_TOKENS_FILE, environment) are warnings, not errors.")
  boolean dryRun;

  @Override
  public Integer call() {
    var loader =
        new DefinitionLoader(
            TokenResolver.ofNode(System.getenv()),
            dryRun ? DefinitionLoader.Mode.DRY_RUN : DefinitionLoader.Mode.APPLY);
    DefinitionLoader.Result result = loader.load(file);
    PrintWriter out = spec.commandLine().getOut();
    result.problems().forEach(out::println);
    if (result.hasErrors()) {
      long errors = result.problems().stream().filter(Problem::isError).count();
      spec.commandLine()
          .getErr()
          .println(
              "swarm: "
                  + file
                  + ": "
                  + errors
                  + (errors == 1 ? " error" : " errors")
                  + (unresolvedTokens(result)
                      ? " (token references are checked against this machine, as a node would:"
                          + " --dry-run checks the file alone)"
                      : ""));
      return UserErrors.FAILED;
    }
    var definition = result.definition().orElseThrow();
    out.println(
        file
            + ": ok ("
            + count(definition.bots().size(), "bot")
            + ", "
            + count(definition.chats().size(), "chat")
            + ")");
    return 0;
  }

  private static boolean unresolvedTokens(DefinitionLoader.Result result) {
    return result.problems().stream()
        .anyMatch(p -> p.isError() && p.message().startsWith("token reference "));
  }

  static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
