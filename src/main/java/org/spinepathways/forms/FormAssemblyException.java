package org.spinepathways.forms;

import java.util.List;
import java.util.stream.Collectors;

import org.spinepathways.content.ContentProblem;

/** Thrown when forms cannot be assembled; carries every problem found (file, element path, message), not the first. */
public class FormAssemblyException extends RuntimeException {

  private final List<ContentProblem> problems;

  public FormAssemblyException(List<ContentProblem> problems) {
    super("Form assembly found " + problems.size() + " problem(s):\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ContentProblem> problems() {
    return problems;
  }
}
