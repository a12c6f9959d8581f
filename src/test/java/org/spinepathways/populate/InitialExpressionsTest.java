package org.spinepathways.populate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spinepathways.populate.QuestionnairePopulatorTest.data;
import static org.spinepathways.populate.QuestionnairePopulatorTest.item;
import static org.spinepathways.populate.QuestionnairePopulatorTest.medication;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.spinepathways.PathwayModule;
import org.spinepathways.TestModule;
import org.spinepathways.apply.ApplyRequest;
import org.spinepathways.apply.ScenarioRequests;
import org.spinepathways.content.PathwayVocabulary;

/**
 * The pre-fill the packaged pathway forms carry: the forms validate, each initialExpression fills its item from
 * matching records and only from them, and a pre-filled yes the patient changes shows in $apply's explanation.
 */
class InitialExpressionsTest {

  private static final String SCT = "http://snomed.info/sct";

  /** The items the pathway forms pre-fill (each carries an SDC initialExpression over the patient-facts Library). */
  static final Set<String> PREFILLED = Set.of("blood-thinners", "diabetes", "bleeding-disorder", "pregnant",
      "allergy-contrast", "allergy-anaesthetic-steroid", "steroid-injections-12m", "last-mri-date");

  /** A packaged Questionnaire and the linkIds of its items that carry an initialExpression. */
  record Proposed(Questionnaire questionnaire, Set<String> linkIds) {}

  /**
   * Each packaged form with pre-filled items, and which they are. Every item in {@link #PREFILLED} is pre-filled by
   * at least one form (the forms are per pathway).
   */
  static List<Proposed> withProposal() {
    List<Proposed> out = new ArrayList<>();
    Set<String> everywhere = new TreeSet<>();
    for (Questionnaire q : TestModule.get().store().all(Questionnaire.class)) {
      Set<String> prefilled = new TreeSet<>();
      org.spinepathways.content.ElementWalker.forEach(q, QuestionnaireItemComponent.class, (path, item) -> {
        if (item.hasExtension(INITIAL_EXPRESSION)) {
          prefilled.add(item.getLinkId());
        }
      });
      if (!prefilled.isEmpty()) {
        out.add(new Proposed(q, prefilled));
        everywhere.addAll(prefilled);
      }
    }
    assertTrue(everywhere.containsAll(PREFILLED), "pre-filled somewhere: " + everywhere);
    return out;
  }

  private static final String INITIAL_EXPRESSION =
      "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";

  private static Condition condition(String id, String code) {
    Condition c = new Condition();
    c.setId(id);
    c.setSubject(new Reference("Patient/p1"));
    c.setClinicalStatus(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
    c.setCode(new CodeableConcept(new Coding(SCT, code, null)));
    return c;
  }

  private static AllergyIntolerance allergy(String id, String code) {
    AllergyIntolerance a = new AllergyIntolerance();
    a.setId(id);
    a.setPatient(new Reference("Patient/p1"));
    a.setCode(new CodeableConcept(new Coding(SCT, code, null)));
    return a;
  }

  private static Procedure procedure(String id, String code, String when) {
    Procedure p = QuestionnairePopulatorTest.procedure(id, when);
    p.setCode(new CodeableConcept(new Coding(SCT, code, null)));
    return p;
  }

  private static Bundle everything() {
    Observation pregnancy = new Observation();
    pregnancy.setId("obs-1");
    pregnancy.setStatus(Observation.ObservationStatus.FINAL);
    pregnancy.setSubject(new Reference("Patient/p1"));
    pregnancy.setCode(new CodeableConcept(new Coding("http://loinc.org", "82810-3", null)));
    pregnancy.setValue(new CodeableConcept(new Coding("http://loinc.org", "LA15173-0", null)));
    Condition refuted = condition("cond-3", "64779008");
    refuted.setVerificationStatus(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted", null)));
    return data(medication("ms-1", "1364430", "apixaban", "active"), condition("cond-1", "44054006"),
        refuted, pregnancy, allergy("al-1", "293637006"), allergy("al-2", "373477003"),
        procedure("pr-1", "171787008", "2026-03-01T10:00:00Z"), procedure("pr-2", "302336001", "2026-06-01"),
        procedure("pr-3", "171787008", "2025-06-01T10:00:00Z"), procedure("mri-1", "241645008", "2026-08-02T09:00:00Z"),
        procedure("mri-2", "60443006", "2025-01-01T09:00:00Z"));
  }

  @Test
  void theFormsWithPrefillValidate() throws Exception {
    for (Proposed p : withProposal()) {
      var errors = TestModule.get().validator().validate(p.questionnaire()).getMessages().stream()
          .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
      assertTrue(errors.isEmpty(), errors.toString());
    }
  }

  @Test
  void eachItemIsFilledFromItsRecordsAndOnlyThem() throws Exception {
    PathwayModule module = TestModule.get();
    for (Proposed p : withProposal()) {
      Questionnaire q = p.questionnaire();
      Set<String> asked = p.linkIds();
      QuestionnairePopulator.PopulateResult result = module.populator().populate(
          new PopulateRequest(null, null, q, "Patient/p1", everything()));
      assertEquals(1, result.issues().getIssue().size(), result.issues().getIssue().get(
          result.issues().getIssue().size() - 1).getDiagnostics());
      List<QuestionnaireResponseItemComponent> items = result.response().getItem();
      for (String yes : List.of("blood-thinners", "diabetes", "pregnant", "allergy-contrast",
          "allergy-anaesthetic-steroid")) {
        if (asked.contains(yes)) {
          assertTrue(item(items, yes).getAnswerFirstRep().getValueBooleanType().booleanValue(), q.getId() + " " + yes);
        }
      }
      assertEquals(null, item(items, "bleeding-disorder"), "a refuted condition pre-fills nothing");
      if (asked.contains("steroid-injections-12m")) {
        assertEquals(1, item(items, "steroid-injections-12m").getAnswerFirstRep().getValueIntegerType().getValue(),
            "one steroid injection within 12 months of " + TestModule.NOW + " (a local anaesthetic block is not one)");
      }
      if (asked.contains("last-mri-date")) {
        assertEquals("2026-08-02", item(items, "last-mri-date").getAnswerFirstRep().getValueDateType()
            .getValueAsString());
      }
      if (asked.contains("allergy-contrast")) {
        Extension origin = item(items, "allergy-contrast").getExtensionByUrl(PathwayVocabulary.EXT_ANSWER_ORIGIN);
        assertEquals("AllergyIntolerance/al-1", ((Reference) origin.getExtensionByUrl("record").getValue())
            .getReference());
      }

      QuestionnairePopulator.PopulateResult empty = module.populator().populate(
          new PopulateRequest(null, null, q, "Patient/p1", null));
      assertTrue(empty.response().getItem().isEmpty(), "no records, no answers");
      assertEquals(1, empty.issues().getIssue().size());
    }
  }

  @Test
  void aPrefilledYesThePatientChangesShowsInTheExplanation() throws Exception {
    Parameters request;
    try (InputStream in = getClass().getResourceAsStream("/scenarios/sip-drg-block/all-clear/request.json")) {
      request = TestModule.get().fhirContext().newJsonParser().parseResource(Parameters.class, in);
    }
    ApplyRequest apply = ScenarioRequests.from("sip-drg-block", request);
    QuestionnaireResponse qr = apply.questionnaireResponse() != null ? apply.questionnaireResponse()
        : (QuestionnaireResponse) apply.data().getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
            .filter(r -> r instanceof QuestionnaireResponse).findFirst().orElseThrow();
    QuestionnaireResponseItemComponent bloodThinners = item(qr.getItem(), "blood-thinners");
    assertNotNull(bloodThinners);
    assertEquals(false, bloodThinners.getAnswerFirstRep().getValueBooleanType().booleanValue());
    Extension origin = new Extension(PathwayVocabulary.EXT_ANSWER_ORIGIN);
    origin.addExtension("source", new org.hl7.fhir.r4.model.CodeType("auto"));
    origin.addExtension("record", new Reference("MedicationStatement/ms-1"));
    origin.addExtension("value", new BooleanType(true));
    bloodThinners.addExtension(origin);

    CarePlan carePlan = TestModule.get().processor().apply(apply);
    Parameters explanation = (Parameters) carePlan.getContained().stream()
        .filter(r -> "explanation-actions".equals(r.getIdPart())).findFirst().orElseThrow();
    Parameters.ParametersParameterComponent prefill = explanation.getParameter().stream()
        .filter(p -> p.getName().equals("prefill")).findFirst().orElseThrow();
    assertEquals("blood-thinners", prefill.getPart().get(0).getValue().primitiveValue());
    assertEquals("changed", prefill.getPart().get(1).getValue().primitiveValue());
    OperationOutcome issues = (OperationOutcome) carePlan.getContained().stream()
        .filter(r -> "explanation-issues".equals(r.getIdPart())).findFirst().orElseThrow();
    assertTrue(issues.getIssue().stream().anyMatch(i -> i.getDiagnostics().contains("'blood-thinners' was pre-filled")
        && i.getDiagnostics().contains("MedicationStatement/ms-1") && i.getDiagnostics().contains("answers false")),
        issues.getIssue().toString());
  }

}
