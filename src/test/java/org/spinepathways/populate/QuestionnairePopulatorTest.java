package org.spinepathways.populate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinepathways.PathwayModule;
import org.spinepathways.TestModule;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.content.PathwayVocabulary;
import org.spinepathways.populate.QuestionnairePopulator.PopulateResult;

/** $populate over the test Questionnaire in src/test/resources/populate-library. */
class QuestionnairePopulatorTest {

  static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  private static PathwayModule module;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Path.of(QuestionnairePopulatorTest.class.getResource("/populate-library").toURI());
    module = PathwayModule.load(dir, Clock.fixed(TestModule.NOW, ZoneOffset.UTC));
  }

  static MedicationStatement medication(String id, String code, String display, String status) {
    MedicationStatement ms = new MedicationStatement();
    ms.setId(id);
    ms.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(status));
    ms.setSubject(new Reference("Patient/p1"));
    ms.setMedication(new CodeableConcept(new Coding(RXNORM, code, display)));
    return ms;
  }

  static Procedure procedure(String id, String performed) {
    Procedure p = new Procedure();
    p.setId(id);
    p.setStatus(Procedure.ProcedureStatus.COMPLETED);
    p.setSubject(new Reference("Patient/p1"));
    p.setPerformed(new DateTimeType(performed));
    return p;
  }

  static Bundle data(Resource... resources) {
    Bundle b = new Bundle().setType(Bundle.BundleType.COLLECTION);
    for (Resource r : resources) {
      b.addEntry().setResource(r);
    }
    return b;
  }

  private static PopulateResult populate(Bundle data) {
    return module.populator().populate(new PopulateRequest("t-populate", null, null, "Patient/p1", data));
  }

  static QuestionnaireResponseItemComponent item(List<QuestionnaireResponseItemComponent> items, String linkId) {
    for (QuestionnaireResponseItemComponent i : items) {
      if (linkId.equals(i.getLinkId())) {
        return i;
      }
      QuestionnaireResponseItemComponent inner = item(i.getItem(), linkId);
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  @Test
  void anActiveApixabanRecordPrefillsYesWithItsOrigin() {
    PopulateResult result = populate(data(medication("ms-1", "1364430", "apixaban", "active")));
    QuestionnaireResponse qr = result.response();
    assertEquals(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS, qr.getStatus());
    assertEquals("Patient/p1", qr.getSubject().getReference());
    assertEquals("http://example.test/Questionnaire/t-populate|1", qr.getQuestionnaire());
    QuestionnaireResponseItemComponent answered = item(qr.getItem(), "on-anticoagulant");
    assertTrue(answered.getAnswerFirstRep().getValueBooleanType().booleanValue());
    Extension origin = answered.getExtensionByUrl(PathwayVocabulary.EXT_ANSWER_ORIGIN);
    assertEquals("auto", origin.getExtensionByUrl("source").getValue().primitiveValue());
    assertEquals("MedicationStatement/ms-1",
        ((Reference) origin.getExtensionByUrl("record").getValue()).getReference());
    assertEquals("true", origin.getExtensionByUrl("value").getValue().primitiveValue());
  }

  @Test
  void noRecordLeavesTheQuestionUnansweredNotNo() {
    PopulateResult result = populate(data(medication("ms-2", "1364430", "apixaban", "stopped")));
    assertNull(item(result.response().getItem(), "on-anticoagulant"), "a stopped medicine pre-fills nothing");
    assertNull(item(populate(null).response().getItem(), "on-anticoagulant"));
    assertEquals("Spine clinic", item(populate(null).response().getItem(), "clinic").getAnswerFirstRep()
        .getValue().primitiveValue(), "static initial values are used too");
  }

  @Test
  void datesCountsAndRepeatedGroupsComeFromTheRecords() {
    PopulateResult result = populate(data(procedure("pr-1", "2026-03-04T10:00:00Z"),
        procedure("pr-2", "2026-09-01T08:30:00Z"), medication("ms-1", "1364430", "apixaban", "active"),
        medication("ms-3", "11289", "warfarin", "active")));
    List<QuestionnaireResponseItemComponent> items = result.response().getItem();
    assertEquals("2026-09-01", item(items, "last-scan").getAnswerFirstRep().getValueDateType().getValueAsString(),
        "the latest dateTime, cut to a date");
    assertEquals(2, item(items, "scan-count").getAnswerFirstRep().getValueIntegerType().getValue());
    List<QuestionnaireResponseItemComponent> groups = items.stream()
        .filter(i -> i.getLinkId().equals("medications")).toList();
    assertEquals(2, groups.size(), "one group per medication");
    assertEquals("warfarin", groups.get(1).getItemFirstRep().getAnswerFirstRep().getValue().primitiveValue());
  }

  @Test
  void expressionProblemsAreIssuesNamingTheItemAndTheRestIsFilled() {
    PopulateResult result = populate(data(medication("ms-1", "1364430", "apixaban", "active")));
    OperationOutcome issues = result.issues();
    assertEquals(OperationOutcome.IssueSeverity.INFORMATION, issues.getIssueFirstRep().getSeverity());
    assertTrue(issues.getIssue().stream().anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.WARNING
        && i.getDiagnostics().contains("'wrong-type'")), issues.getIssue().toString());
    assertTrue(issues.getIssue().stream().anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
        && i.getDiagnostics().contains("'failing'")));
    assertNull(item(result.response().getItem(), "wrong-type"));
    assertNull(item(result.response().getItem(), "failing"));
  }

  @Test
  void theResponseIsValidAgainstItsQuestionnaireAndTheOriginExtension() {
    QuestionnaireResponse qr = populate(data(medication("ms-1", "1364430", "apixaban", "active"),
        procedure("pr-1", "2026-03-04T10:00:00Z"))).response();
    var errors = module.validator().validate(qr).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void badRequestsAreRejected() {
    InputRejectedException other = assertThrows(InputRejectedException.class, () -> module.populator().populate(
        new PopulateRequest("t-populate", null, null, "Patient/p2", data(medication("ms-1", "1364430", "a",
            "active")))));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, other.kind(), "data about another patient");
    assertEquals(InputRejectedException.Kind.INVALID, assertThrows(InputRejectedException.class,
        () -> module.populator().populate(new PopulateRequest("t-populate", null, null, null, null))).kind());
    assertEquals(InputRejectedException.Kind.NOT_FOUND, assertThrows(InputRejectedException.class,
        () -> module.populator().populate(new PopulateRequest("nope", null, null, "Patient/p1", null))).kind());
    assertEquals(InputRejectedException.Kind.NOT_FOUND, assertThrows(InputRejectedException.class,
        () -> module.populator().populate(new PopulateRequest(null, "http://example.test/Questionnaire/t-populate|9",
            null, "Patient/p1", null))).kind());
  }
}
