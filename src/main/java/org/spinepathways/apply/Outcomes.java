package org.spinepathways.apply;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Builds OperationOutcomes for rejected input: one issue per problem, each naming where it is. */
public final class Outcomes {

  private Outcomes() {}

  public static OperationOutcome of(InputRejectedException e) {
    OperationOutcome outcome = new OperationOutcome();
    IssueType type = switch (e.kind()) {
      case NOT_FOUND -> IssueType.NOTFOUND;
      case INVALID -> IssueType.INVALID;
      case UNPROCESSABLE -> IssueType.PROCESSING;
    };
    for (InputRejectedException.Issue issue : e.issues()) {
      var i = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(issue.message());
      if (issue.location() != null) {
        i.addExpression(issue.location());
      }
    }
    if (!outcome.hasIssue()) {
      outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(e.getMessage());
    }
    return outcome;
  }

  public static OperationOutcome error(IssueType type, String message, String location) {
    OperationOutcome outcome = new OperationOutcome();
    var issue = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
    if (location != null) {
      issue.addExpression(location);
    }
    return outcome;
  }
}
