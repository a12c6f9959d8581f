package org.spinepathways.apply;

import java.util.Map;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.spinepathways.content.Canonicals;
import org.spinepathways.content.Decision;
import org.spinepathways.content.PathwayVocabulary;

/**
 * The explanation carried in the CarePlan: a contained GuidanceResponse whose {@code outputParameters} (a contained
 * Parameters) lists every action of the plan, nested ones too, with included / skipped / not-selected / error and why;
 * expression errors also appear as issues of a contained OperationOutcome ({@code evaluationMessage}).
 */
final class ExplanationBuilder {

  static final String GUIDANCE_ID = "explanation";
  static final String PARAMETERS_ID = "explanation-actions";
  static final String OUTCOME_ID = "explanation-issues";

  private ExplanationBuilder() {}

  record Explanation(GuidanceResponse guidance, Parameters actions, OperationOutcome issues) {}

  static Explanation build(PlanTree tree, ActionSelector.Selection selection, Map<ActionNode, String> outputErrors,
      Decision decision, OutputContext ctx, String requestGroupId) {
    Parameters parameters = new Parameters();
    parameters.setId(PARAMETERS_ID);
    parameters.addParameter().setName("decision").setValue(new CodeType(decision.code()));
    for (ActionOutcome outcome : selection.outcomes().values()) {
      parameters.addParameter(actionParameter(outcome, outputErrors.get(outcome.node())));
    }

    OperationOutcome issues = new OperationOutcome();
    issues.setId(OUTCOME_ID);
    selection.errors().forEach((node, message) -> addIssue(issues, node, "condition: " + message));
    outputErrors.forEach((node, message) -> addIssue(issues, node, message));
    for (PrefillReview.Prefill prefill : PrefillReview.of(ctx.screening().response())) {
      parameters.addParameter(prefill.parameter());
      if (prefill.changed()) {
        issues.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
            .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(prefill.describe())
            .addExpression("QuestionnaireResponse.item.where(linkId = '" + prefill.linkId() + "')");
      }
    }

    GuidanceResponse guidance = new GuidanceResponse();
    guidance.setId(GUIDANCE_ID);
    guidance.setModule(new CanonicalType(Canonicals.of(tree.plan().getUrl(), tree.plan().getVersion())));
    guidance.setSubject(ctx.subjectRef());
    guidance.setOccurrenceDateTimeElement(new DateTimeType(ctx.now()));
    guidance.setResult(new Reference("#" + requestGroupId));
    guidance.setOutputParameters(new Reference("#" + PARAMETERS_ID));
    if (ctx.screening().missing()) {
      guidance.setStatus(GuidanceResponse.GuidanceResponseStatus.DATAREQUIRED);
      // The data needed is a screening response (its profile requires the questionnaire); which Questionnaire is
      // named by the collect-information Task. codeFilter.valueSet takes a ValueSet, never a Questionnaire.
      DataRequirement need = guidance.addDataRequirement().setType("QuestionnaireResponse");
      need.addProfile(PathwayVocabulary.PROFILE_SCREENING_RESPONSE);
      need.addMustSupport("questionnaire");
    } else {
      guidance.setStatus(GuidanceResponse.GuidanceResponseStatus.SUCCESS);
    }
    if (issues.hasIssue()) {
      guidance.addEvaluationMessage(new Reference("#" + OUTCOME_ID));
    }
    return new Explanation(guidance, parameters, issues.hasIssue() ? issues : null);
  }

  private static ParametersParameterComponent actionParameter(ActionOutcome outcome, String outputError) {
    ActionNode node = outcome.node();
    ParametersParameterComponent p = new ParametersParameterComponent().setName("action");
    p.addPart().setName("id").setValue(new StringType(node.key()));
    p.addPart().setName("title").setValue(new StringType(node.title()));
    p.addPart().setName("plan").setValue(new CanonicalType(
        Canonicals.of(node.owner().getUrl(), node.owner().getVersion())));
    p.addPart().setName("path").setValue(new StringType(node.path()));
    p.addPart().setName("outcome").setValue(new CodeType(outcome.status().code));
    if (outcome.conditionResult() != null) {
      p.addPart().setName("conditionResult").setValue(new BooleanType(outcome.conditionResult()));
    }
    p.addPart().setName("reason").setValue(new StringType(outcome.reason()));
    if (node.isRule() && outcome.included()) {
      p.addPart().setName("effect").setValue(new CodeType(node.effect().code()));
    }
    if (outputError != null) {
      p.addPart().setName("error").setValue(new StringType(outputError));
    }
    return p;
  }

  private static void addIssue(OperationOutcome outcome, ActionNode node, String message) {
    outcome.addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.PROCESSING)
        .setDiagnostics("Action '" + node.key() + "' of " + node.owner().getUrl() + ": " + message)
        .addExpression(node.path());
  }
}
