package io.botswarm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swarm}: the one command line of botswarm. Each subcommand is its own class. */
@Command(
    name = "swarm",
    mixinStandardHelpOptions = true,
    versionProvider = Swarm.Version.class,
    description = "Runs and inspects a botswarm: persona bots talking in Telegram group chats.",
    subcommands = {
      NodeCommand.class,
      DemoCommand.class,
      SandboxCommand.class,
      BenchCommand.class,
      JournalCommand.class,
      DbCommand.class,
      InitCommand.class,
      ValidateCommand.class,
      ImportCommand.class,
      TelegramCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Swarm {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the CLI tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Swarm())
        .setParameterExceptionHandler(UserErrors::onBadArguments)
        .setExecutionExceptionHandler(UserErrors::onFailure);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Swarm.class.getPackage().getImplementationVersion();
      return new String[] {"botswarm " + (v == null ? "(development build)" : v)};
    }
  }
}
