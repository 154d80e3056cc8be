package io.botswarm.cli;

import java.util.Map;
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
      ApplyCommand.class,
      ExportCommand.class,
      EntitiesCommand.Bots.class,
      EntitiesCommand.Chats.class,
      TelegramCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Swarm {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the CLI tests. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /**
   * @param environment where the commands that talk to a running swarm find its admin token and URL
   *     ({@code SWARM_ADMIN_TOKEN}, {@code SWARM_ADMIN_URL}); the process environment but in tests
   */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          @SuppressWarnings("unchecked")
          public <K> K create(Class<K> type) throws Exception {
            if (type == AdminOptions.class) return (K) new AdminOptions(environment);
            return defaults.create(type);
          }
        };
    return new CommandLine(new Swarm(), factory)
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
