package io.botswarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the command line in this JVM, with what it printed. */
record CliRun(int exitCode, String out, String err) {
  /**
   * The error output is one "swarm: ..." line, maybe with a usage hint, and never a stack trace.
   */
  void assertClearError(int expectedExit, String mentions) {
    assertEquals(expectedExit, exitCode, "exit code; stderr was: " + err);
    assertTrue(err.startsWith("swarm: "), err);
    assertTrue(err.contains(mentions), "expected '" + mentions + "' in: " + err);
    assertFalse(
        err.contains("\tat ") || err.contains("Exception"),
        "a stack trace reached the user: " + err);
    assertTrue(err.strip().lines().count() <= 2, "more than one error line: " + err);
  }

  /** Runs {@code swarm args...} as the launcher would, capturing both outputs. */
  static CliRun swarm(String... args) {
    return swarm(System.getenv(), args);
  }

  /** As {@link #swarm(String...)} with {@code environment} as the process environment. */
  static CliRun swarm(Map<String, String> environment, String... args) {
    return swarm(environment, new StringWriter(), args);
  }

  /**
   * As {@link #swarm(String...)}, printing to {@code out} while it runs: a test reads from it what
   * a command that follows has printed so far.
   */
  static CliRun swarm(StringWriter out, String... args) {
    return swarm(System.getenv(), out, args);
  }

  private static CliRun swarm(Map<String, String> environment, StringWriter out, String... args) {
    var err = new StringWriter();
    var cmd = Swarm.commandLine(environment);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
