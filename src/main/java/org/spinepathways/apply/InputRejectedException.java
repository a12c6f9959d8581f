package org.spinepathways.apply;

import java.util.List;

/**
 * The caller's input cannot be applied. The message and issues name the problem and where it is, never the
 * patient's data. The server maps {@link Kind} to an HTTP status; the command line to exit code 1.
 */
public class InputRejectedException extends RuntimeException {

  /** What kind of problem: maps to 400, 404 and 422. */
  public enum Kind { INVALID, NOT_FOUND, UNPROCESSABLE }

  /** One problem, with the place it was found (a FHIR path, a parameter name or a linkId). */
  public record Issue(String location, String message) {}

  private final Kind kind;
  private final List<Issue> issues;

  public InputRejectedException(Kind kind, String message, List<Issue> issues) {
    super(message);
    this.kind = kind;
    this.issues = List.copyOf(issues);
  }

  public InputRejectedException(Kind kind, String message, String location) {
    this(kind, message, List.of(new Issue(location, message)));
  }

  public Kind kind() {
    return kind;
  }

  public List<Issue> issues() {
    return issues;
  }
}
