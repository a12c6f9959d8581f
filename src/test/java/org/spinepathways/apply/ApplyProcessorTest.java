package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spinepathways.apply.EngineFixture.containedById;
import static org.spinepathways.apply.EngineFixture.outcomeOf;
import static org.spinepathways.apply.EngineFixture.request;
import static org.spinepathways.apply.EngineFixture.response;

import java.util.List;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.spinepathways.content.PathwayVocabulary;

class ApplyProcessorTest {

  private final ApplyProcessor processor = EngineFixture.module().processor();

  private CarePlan apply(String plan, QuestionnaireResponse qr) {
    return processor.apply(request(plan, qr));
  }

  @Test
  void eligiblePlanRaisesTheProcedureAndTimesRelatedActions() {
    CarePlan cp = apply("t-plan", response(false, "2027-03-15"));
    assertEquals("eligible", decision(cp));
    ServiceRequest sr = containedById(cp, "sr-procedure");
    assertEquals(ServiceRequest.ServiceRequestStatus.ACTIVE, sr.getStatus());
    assertEquals("2027-03-15", sr.getOccurrenceDateTimeType().getValueAsString());
    Task before = containedById(cp, "task-before");
    assertEquals("2027-03-01", before.getRestriction().getPeriod().getEndElement().getValueAsString());
    CommunicationRequest after = containedById(cp, "cr-after");
    Period window = after.getOccurrencePeriod();
    assertEquals("2027-03-22", window.getStartElement().getValueAsString());
    assertEquals("2027-03-29", window.getEndElement().getValueAsString());
    assertEquals(CommunicationRequest.CommunicationPriority.URGENT, after.getPriority(),
        "the ActivityDefinition's own dynamicValue applies");
  }

  @Test
  void actionLevelDynamicValuesLandOnTheRequestGroupAction() {
    CarePlan cp = apply("t-plan", response(false, "2027-03-15"));
    RequestGroup.RequestGroupActionComponent procedure = action(requestGroup(cp).getAction(), "procedure");
    assertEquals("Decision was eligible", procedure.getDescription());
    assertEquals("2027-03-15", procedure.getTimingDateTimeType().getValueAsString());
    assertEquals("#sr-procedure", procedure.getResource().getReference());
  }

  @Test
  void contraindicationRaisesAHighSeverityIssueAndNoProcedure() {
    CarePlan cp = apply("t-plan", response(true, "2027-03-15"));
    assertEquals("contraindicated", decision(cp));
    assertNull(containedById(cp, "sr-procedure"), "a contraindicated procedure is not raised");
    assertEquals("skipped", outcomeOf(cp, "procedure"));
    DetectedIssue issue = containedById(cp, "issue-stop-rule");
    assertEquals(DetectedIssue.DetectedIssueSeverity.HIGH, issue.getSeverity());
    assertEquals("QuestionnaireResponse/qr-1", issue.getEvidenceFirstRep().getDetailFirstRep().getReference());
    assertEquals("flag", ((StringType) issue.getEvidenceFirstRep()
        .getExtensionByUrl(PathwayVocabulary.EXT_EVIDENCE_LINK_ID).getValue()).getValue());
    assertTrue(cp.getSupportingInfo().stream().anyMatch(r -> "#issue-stop-rule".equals(r.getReference())));
  }

  @Test
  void selectionBehaviourAtMostOneKeepsTheFirstApplicableAction() {
    CarePlan cp = apply("t-plan", response(false, null));
    assertEquals("included", outcomeOf(cp, "first-choice"));
    assertEquals("not-selected", outcomeOf(cp, "second-choice"));
    RequestGroup.RequestGroupActionComponent group = action(requestGroup(cp).getAction(), "pick-one");
    assertEquals(1, group.getAction().size());
    assertEquals(RequestGroup.ActionSelectionBehavior.ATMOSTONE, group.getSelectionBehavior());
  }

  @Test
  void nestedPlanActionsAreMirroredUnderTheirAction() {
    CarePlan cp = apply("t-plan", response(false, null));
    RequestGroup.RequestGroupActionComponent nested = action(requestGroup(cp).getAction(), "nested");
    assertEquals("sub-message", nested.getActionFirstRep().getId());
    assertEquals("included", outcomeOf(cp, "sub-message"));
    assertTrue(requestGroup(cp).getInstantiatesCanonical().stream()
        .anyMatch(c -> c.getValue().equals("http://example.test/PlanDefinition/t-sub|1")));
    CarePlan stopped = apply("t-plan", response(true, null));
    assertEquals("skipped", outcomeOf(stopped, "sub-message"));
  }

  @Test
  void anExpressionErrorIsExplainedAndHoldsTheProcedureInsteadOfFailing() {
    CarePlan cp = apply("t-error", response(false, null));
    assertEquals("clinician-review", decision(cp));
    assertEquals("error", outcomeOf(cp, "broken"));
    // The condition parses and names known things but gives text, not a boolean: only evaluation can find that.
    assertTrue(EngineFixture.reasonOf(cp, "broken").contains("condition must give a single boolean"));
    OperationOutcome issues = containedById(cp, "explanation-issues");
    assertNotNull(issues);
    assertTrue(issues.getIssueFirstRep().getDiagnostics().contains("broken"));
    assertEquals(ServiceRequest.ServiceRequestStatus.ONHOLD,
        ((ServiceRequest) containedById(cp, "sr-procedure")).getStatus());
  }

  @Test
  void withoutAScreeningResponseThePlanAsksForItAndHoldsTheProcedure() {
    CarePlan cp = apply("t-plan", null);
    assertEquals("postpone", decision(cp));
    Task screening = containedById(cp, "task-screening");
    assertFalse(screening.hasFocus(), "the Questionnaire is named by canonical, not by a server-local reference");
    assertTrue(screening.getInput().stream().anyMatch(i -> i.getValue() instanceof org.hl7.fhir.r4.model.CanonicalType c
        && c.getValue().contains("/Questionnaire/t-q")), "Task.input holds the Questionnaire's canonical");
    assertEquals(ServiceRequest.ServiceRequestStatus.ONHOLD,
        ((ServiceRequest) containedById(cp, "sr-procedure")).getStatus());
    GuidanceResponse guidance = containedById(cp, "explanation");
    assertEquals(GuidanceResponse.GuidanceResponseStatus.DATAREQUIRED, guidance.getStatus());
  }

  @Test
  void everyReferenceResolvesAndEveryContainedResourceIsReferenced() {
    for (boolean flag : new boolean[] {false, true}) {
      CarePlan cp = apply("t-plan", response(flag, "2027-03-15"));
      assertEquals(java.util.Set.of(), EngineFixture.referenceProblems(cp));
    }
    assertEquals(java.util.Set.of(), EngineFixture.referenceProblems(apply("t-plan", null)));
  }

  @Test
  void theSameInputGivesTheSameOutputApartFromTheId() {
    IParser parser = EngineFixture.module().fhirContext().newJsonParser();
    CarePlan a = apply("t-plan", response(false, "2027-03-15"));
    CarePlan b = apply("t-plan", response(false, "2027-03-15"));
    a.setId((String) null);
    b.setId((String) null);
    assertEquals(parser.encodeResourceToString(a), parser.encodeResourceToString(b));
  }

  @Test
  void explicitResponseWinsOverOneInData() {
    Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
    data.addEntry().setResource(response(true, null));
    CarePlan fromData = processor.apply(new ApplyRequest(ApplyRequest.PlanSelector.byId("t-plan"), "Patient/p1",
        null, null, null, ApplyRequest.UserContext.NONE, data, null));
    assertEquals("contraindicated", decision(fromData));
    CarePlan explicitWins = processor.apply(new ApplyRequest(ApplyRequest.PlanSelector.byId("t-plan"),
        "Patient/p1", null, null, null, ApplyRequest.UserContext.NONE, data, response(false, null)));
    assertEquals("eligible", decision(explicitWins));
  }

  @Test
  void responseForAnotherQuestionnaireOrPatientIsUnprocessable() {
    QuestionnaireResponse other = response(false, null);
    other.setQuestionnaire("http://example.test/Questionnaire/other");
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> apply("t-plan", other));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    QuestionnaireResponse someoneElse = response(false, null);
    someoneElse.setSubject(new Reference("Patient/p2"));
    e = assertThrows(InputRejectedException.class, () -> apply("t-plan", someoneElse));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertTrue(e.issues().get(0).location().endsWith("subject"));
  }

  @Test
  void responseWithoutSubjectIsUnprocessable() {
    QuestionnaireResponse anonymous = response(false, null);
    anonymous.setSubject(null);
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> apply("t-plan", anonymous));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertTrue(e.issues().get(0).location().endsWith("questionnaireResponse.subject"), e.issues().toString());
  }

  @Test
  void oversizedResponseAndDataAreRejectedBeforeValidation() {
    QuestionnaireResponse huge = response(false, null);
    for (int i = 0; i < InputCaps.MAX_RESPONSE_NODES; i++) {
      huge.addItem().setLinkId("unknown-" + i);
    }
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> apply("t-plan", huge));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertTrue(e.getMessage().contains("more than " + InputCaps.MAX_RESPONSE_NODES), e.getMessage());
    assertEquals(1, e.issues().size(), "one issue, not one per linkId");

    Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
    for (int i = 0; i <= InputCaps.MAX_DATA_ENTRIES; i++) {
      data.addEntry().setResource(new org.hl7.fhir.r4.model.Observation());
    }
    e = assertThrows(InputRejectedException.class, () -> processor.apply(new ApplyRequest(
        ApplyRequest.PlanSelector.byId("t-plan"), "Patient/p1", null, null, null, ApplyRequest.UserContext.NONE,
        data, response(false, null))));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertEquals("data.entry", e.issues().get(0).location());
  }

  @Test
  void anInlinePlanWhoseExpressionsExplodeIsStoppedWith422() {
    org.hl7.fhir.r4.model.PlanDefinition plan = new org.hl7.fhir.r4.model.PlanDefinition();
    plan.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.DRAFT);
    plan.addAction().setTitle("cube of the input").addCondition()
        .setKind(org.hl7.fhir.r4.model.PlanDefinition.ActionConditionKind.APPLICABILITY)
        .setExpression(new org.hl7.fhir.r4.model.Expression().setLanguage("text/fhirpath")
            .setExpression("%data.entry.select(%data.entry.select(%data.entry)).count() > 0"));
    Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
    for (int i = 0; i < 500; i++) {
      data.addEntry().setResource(new org.hl7.fhir.r4.model.Observation());
    }
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> processor.apply(new ApplyRequest(
        ApplyRequest.PlanSelector.inline(plan), "Patient/p1", null, null, null, ApplyRequest.UserContext.NONE,
        data, null)));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertTrue(e.getMessage().contains("stopped"), e.getMessage());
  }

  @Test
  void inlinePlansCanBeTurnedOff() {
    ApplyProcessor off = new ApplyProcessor(EngineFixture.module().store(), new org.spinepathways.content
        .FhirPathCompiler(EngineFixture.module().fhirContext()), EngineFixture.module().validator(),
        java.time.Clock.systemUTC());
    off.setAllowInlinePlans(false);
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> off.apply(new ApplyRequest(
        ApplyRequest.PlanSelector.inline(new org.hl7.fhir.r4.model.PlanDefinition()), "Patient/p1", null, null, null,
        ApplyRequest.UserContext.NONE, null, null)));
    assertEquals(InputRejectedException.Kind.INVALID, e.kind());
    assertTrue(e.getMessage().contains("inline"), e.getMessage());
  }

  @Test
  void invalidResponseNamesEachLinkId() {
    QuestionnaireResponse qr = new QuestionnaireResponse();
    qr.setQuestionnaire("http://example.test/Questionnaire/t-q|1");
    qr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    qr.setSubject(new Reference("Patient/p1"));
    qr.addItem().setLinkId("count").addAnswer().setValue(new StringType("many"));
    qr.addItem().setLinkId("nonsense").addAnswer().setValue(new StringType("x"));
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> apply("t-plan", qr));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    String all = e.issues().toString();
    assertTrue(all.contains("'flag'"), "missing required answer: " + all);
    assertTrue(all.contains("'count'"), "wrong type: " + all);
    assertTrue(all.contains("'nonsense'"), "unknown linkId: " + all);
    assertTrue(!all.contains("many"), "answers are never echoed: " + all);
  }

  @Test
  void malformedOrMissingSubjectIsInvalid() {
    for (String subject : new String[] {null, "Group/1", "Patient/", "Patient/a b"}) {
      InputRejectedException e = assertThrows(InputRejectedException.class, () -> processor.apply(
          new ApplyRequest(ApplyRequest.PlanSelector.byId("t-plan"), subject, null, null, null,
              ApplyRequest.UserContext.NONE, null, null)));
      assertEquals(InputRejectedException.Kind.INVALID, e.kind(), String.valueOf(subject));
    }
  }

  @Test
  void unknownPlanIsNotFoundByIdOrCanonical() {
    assertEquals(InputRejectedException.Kind.NOT_FOUND, assertThrows(InputRejectedException.class,
        () -> apply("nope", null)).kind());
    assertEquals(InputRejectedException.Kind.NOT_FOUND, assertThrows(InputRejectedException.class,
        () -> processor.apply(new ApplyRequest(ApplyRequest.PlanSelector.byCanonical(
            "http://example.test/PlanDefinition/t-plan", "7"), "Patient/p1", null, null, null,
            ApplyRequest.UserContext.NONE, null, null))).kind());
  }

  private static String decision(CarePlan cp) {
    return cp.getExtensionByUrl(PathwayVocabulary.EXT_PATHWAY_DECISION).getValue()
        .castToCodeableConcept(cp.getExtensionByUrl(PathwayVocabulary.EXT_PATHWAY_DECISION).getValue())
        .getCodingFirstRep().getCode();
  }

  private static RequestGroup requestGroup(CarePlan cp) {
    return containedById(cp, "request-group");
  }

  private static RequestGroup.RequestGroupActionComponent action(
      List<RequestGroup.RequestGroupActionComponent> actions, String id) {
    return actions.stream().filter(a -> id.equals(a.getId())).findFirst().orElseThrow(() ->
        new AssertionError("no action " + id));
  }
}
