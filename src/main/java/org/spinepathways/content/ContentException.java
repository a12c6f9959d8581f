package org.spinepathways.content;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a knowledge library cannot be loaded; carries every problem found, not just the first. */
public class ContentException extends RuntimeException {

  private final List<ContentProblem> problems;

  public ContentException(List<ContentProblem> problems) {
    super("The knowledge library has " + problems.size() + " problem(s):\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ContentProblem> problems() {
    return problems;
  }
}
