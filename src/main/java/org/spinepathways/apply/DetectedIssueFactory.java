package org.spinepathways.apply;

import java.util.List;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueSeverity;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.spinepathways.content.Decision;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Builds the DetectedIssue a rule action raises: its finding code, a severity from the decision it forces, our
 * explanation text, and evidence pointing at the screening answer (by linkId) or the EHR resource that triggered it.
 */
final class DetectedIssueFactory {

  private DetectedIssueFactory() {}

  static DetectedIssue create(ActionNode rule, String id, OutputContext ctx, List<Base> evidence) {
    DetectedIssue issue = new DetectedIssue();
    issue.setId(id);
    issue.getMeta().addProfile(PathwayVocabulary.PROFILE_DETECTED_ISSUE);
    issue.setStatus(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
    issue.setCode(rule.action().hasCode() ? rule.action().getCodeFirstRep().copy() : null);
    Extension severity = rule.action().getExtensionByUrl(PathwayVocabulary.EXT_ISSUE_SEVERITY);
    issue.setSeverity(severity != null && severity.getValue() != null
        ? DetectedIssueSeverity.fromCode(severity.getValue().primitiveValue()) : severityOf(rule.effect()));
    issue.setPatient(ctx.subjectRef());
    issue.setIdentified(new org.hl7.fhir.r4.model.DateTimeType(ctx.now()));
    issue.setDetail(rule.action().hasDescription() ? rule.action().getDescription() : rule.title());
    if (rule.action().hasDocumentation() && rule.action().getDocumentationFirstRep().hasUrl()) {
      issue.setReference(rule.action().getDocumentationFirstRep().getUrl());
    }
    issue.addExtension(PathwayVocabulary.EXT_DECISION_EFFECT,
        new org.hl7.fhir.r4.model.CodeType(rule.effect() == Decision.ELIGIBLE_WITH_PRECAUTIONS ? "precaution"
            : rule.effect().code()));
    for (Base item : evidence) {
      addEvidence(issue, item, ctx);
    }
    if (!issue.hasEvidence()) {
      // The rule fired on a missing answer (no MRI date, say): the evidence is the response that lacks it.
      Reference detail = ctx.screening().response() != null
          ? new Reference(ctx.screening().reference()).setDisplay("Screening response: the answer this finding needs "
              + "is missing") : new Reference().setDisplay("No screening response or record supports this finding");
      issue.addEvidence().addDetail(detail);
    }
    return issue;
  }

  static Expression evidenceExpression(ActionNode rule) {
    Extension ext = rule.action().getExtensionByUrl(PathwayVocabulary.EXT_ISSUE_EVIDENCE);
    return ext != null && ext.getValue() instanceof Expression e ? e : null;
  }

  private static void addEvidence(DetectedIssue issue, Base item, OutputContext ctx) {
    String linkId = linkIdOf(item);
    if (linkId != null && ctx.screening().response() != null) {
      var evidence = issue.addEvidence();
      evidence.addDetail(new Reference(ctx.screening().reference())
          .setDisplay("Screening answer to item '" + linkId + "'"));
      evidence.addExtension(PathwayVocabulary.EXT_EVIDENCE_LINK_ID, new StringType(linkId));
    } else if (item instanceof Resource resource && resource.hasIdElement()
        && resource.getIdElement().hasIdPart()) {
      issue.addEvidence().addDetail(new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart())
          .setDisplay("EHR record: " + resource.fhirType()));
    } else if (item instanceof Resource resource) {
      issue.addEvidence().addDetail(new Reference().setDisplay("EHR record without id: " + resource.fhirType()));
    }
  }

  private static String linkIdOf(Base item) {
    if (item instanceof QuestionnaireResponseItemComponent qrItem) {
      return qrItem.getLinkId();
    }
    return null;
  }

  private static DetectedIssueSeverity severityOf(Decision effect) {
    return switch (effect) {
      case CONTRAINDICATED, POSTPONE -> DetectedIssueSeverity.HIGH;
      case CLINICIAN_REVIEW -> DetectedIssueSeverity.MODERATE;
      default -> DetectedIssueSeverity.LOW;
    };
  }
}
