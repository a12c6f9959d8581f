package org.spinepathways.server.http;

import java.util.Map;
import java.util.Optional;

/**
 * The one table of the server's FHIR operations: which SMART permission each needs and whether it passes the
 * concurrency gate (load shedding). Adding an operation is one line here; an operation not listed is refused to
 * every token (403) and is not gated.
 */
public final class Operations {

  /**
   * What an operation needs.
   *
   * @param resourceType the SMART resource type of the permission; {@code null} means the type the request names
   *     ({@code Questionnaire/$validate} needs a permission on Questionnaire)
   * @param permission one SMART v2 letter: c, r, u, d or s
   * @param gated whether the operation is expensive and passes the concurrency gate
   */
  public record Rule(String resourceType, char permission, boolean gated) {}

  /** Operation name (with its {@code $}) to rule. */
  private static final Map<String, Rule> RULES = Map.of(
      // produces a patient's CarePlan
      "$apply", new Rule("CarePlan", 'c', true),
      // produces a QuestionnaireResponse from patient data
      "$populate", new Rule("QuestionnaireResponse", 'c', true),
      // checks a resource as if it were to be created
      "$validate", new Rule(null, 'c', true),
      // reads terminology
      "$expand", new Rule(null, 'r', false),
      // renders a patient's CarePlan as a letter (HTML or PDF): reads the patient's plan, and lays out a PDF
      "$patient-letter", new Rule("CarePlan", 'r', true));

  private Operations() {}

  public static Optional<Rule> rule(String operationName) {
    if (operationName == null) {
      return Optional.empty();
    }
    String name = operationName.startsWith("$") ? operationName : "$" + operationName;
    return Optional.ofNullable(RULES.get(name));
  }

  /** Whether the request path ends in a gated operation ({@code .../$apply}); the path is the decoded one. */
  public static boolean isGatedPath(String decodedPath) {
    if (decodedPath == null) {
      return false;
    }
    String path = decodedPath.endsWith("/") ? decodedPath.substring(0, decodedPath.length() - 1) : decodedPath;
    int slash = path.lastIndexOf('/');
    String last = path.substring(slash + 1);
    return last.startsWith("$") && rule(last).map(Rule::gated).orElse(false);
  }
}
