package io.botswarm.definition;

import java.util.Comparator;

/**
 * One thing wrong with a definition file, where it is and what to do about it. {@link #toString()}
 * is the line people see: {@code swarm.yaml:14:7 bots[2].stances[0].position: 1.4 is not in [-1,
 * 1]}, with {@code warning: } after the position for a warning.
 *
 * @param line 1-based
 * @param column 1-based
 * @param path the field, {@code bots[2].persona.name}; empty for the file as a whole
 */
public record Problem(
    String file, int line, int column, String path, Severity severity, String message) {

  public enum Severity {
    ERROR,
    WARNING
  }

  /** By position in the file, then by path for problems at one position. */
  public static final Comparator<Problem> BY_POSITION =
      Comparator.comparingInt(Problem::line)
          .thenComparingInt(Problem::column)
          .thenComparing(Problem::path)
          .thenComparing(Problem::message);

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + " "
        + (severity == Severity.WARNING ? "warning: " : "")
        + (path.isEmpty() ? "" : path + ": ")
        + message;
  }
}
