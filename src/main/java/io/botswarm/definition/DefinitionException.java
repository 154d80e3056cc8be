package io.botswarm.definition;

import java.util.List;
import java.util.stream.Collectors;

/** A definition that cannot be used, with every problem found in it, one per line. */
public final class DefinitionException extends IllegalArgumentException {

  private final transient List<Problem> problems;

  public DefinitionException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
