package io.botswarm.cli;

import com.typesafe.config.ConfigException;
import io.botswarm.definition.DefinitionException;
import io.botswarm.definition.Problem;
import io.botswarm.journal.JournalException;
import io.botswarm.store.DatabaseUnavailableException;
import io.botswarm.store.embedded.LocalPostgres;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What the person at the terminal sees when something goes wrong: one line saying what and, where
 * we know it, what to do; never a stack trace (that goes to the log at debug level).
 */
final class UserErrors {

  static final int FAILED = 1;
  static final int USAGE = 2;

  private UserErrors() {}

  static int onBadArguments(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("swarm: " + e.getMessage());
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return USAGE;
  }

  static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
    LoggerFactory.getLogger(UserErrors.class).debug("command failed", e);
    if (e instanceof DefinitionException d) {
      // Every problem of the file on its own line, as `swarm validate` prints them.
      d.problems().stream().filter(Problem::isError).forEach(cmd.getErr()::println);
      long errors = d.problems().stream().filter(Problem::isError).count();
      cmd.getErr()
          .println("swarm: the definition has " + errors + (errors == 1 ? " error" : " errors"));
      return FAILED;
    }
    cmd.getErr().println("swarm: " + describe(e));
    return e instanceof ConfigException ? USAGE : FAILED;
  }

  static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) cause = cause.getCause();
    if (cause instanceof ConfigException c) return "bad configuration: " + c.getMessage();
    if (cause instanceof LocalPostgres.EmbeddedPostgresException p)
      return "embedded PostgreSQL: " + p.getMessage();
    if (cause instanceof DatabaseUnavailableException d) return "database: " + d.getMessage();
    if (cause instanceof JournalException j) return j.getMessage();
    if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException)
      return cause.getMessage();
    String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return cause.getClass().getSimpleName() + message;
  }
}
