package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spinepathways.TestModule;
import org.spinepathways.content.PathwayVocabulary;

/** Questionnaire/$populate over HTTP, with a screening Questionnaire carrying the proposed pre-fill. */
class PopulateIT {

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  private static final FhirContext fhir = FhirContext.forR4Cached();

  private static Bundle apixaban() {
    MedicationStatement ms = new MedicationStatement();
    ms.setId("ms-apixaban");
    ms.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
    ms.setSubject(new Reference("Patient/p1"));
    ms.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1364430",
        "apixaban")));
    Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
    data.addEntry().setResource(ms);
    return data;
  }

  private static HttpResponse<String> post(String path, Parameters p) throws Exception {
    return server.postJson(path, HttpRequest.BodyPublishers.ofString(fhir.newJsonParser().encodeResourceToString(p)));
  }

  @Test
  void anApixabanRecordPrefillsTheBloodThinnerAnswerWithItsOrigin() throws Exception {
    // The packaged pathway form itself, by id: its blood-thinner item pre-fills from the patient-facts Library.
    Parameters in = new Parameters();
    in.addParameter().setName("subject").setValue(new Reference("Patient/p1"));
    in.addParameter().setName("data").setResource(apixaban());
    HttpResponse<String> r = post("/Questionnaire/sip-screening-drg-block/$populate", in);
    assertEquals(200, r.statusCode(), r.body());
    Parameters out = fhir.newJsonParser().parseResource(Parameters.class, r.body());
    QuestionnaireResponse qr = (QuestionnaireResponse) out.getParameter("response").getResource();
    assertEquals(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS, qr.getStatus());
    var item = find(qr.getItem(), "blood-thinners");
    assertTrue(item.getAnswerFirstRep().getValueBooleanType().booleanValue());
    var origin = item.getExtensionByUrl(PathwayVocabulary.EXT_ANSWER_ORIGIN);
    assertEquals("MedicationStatement/ms-apixaban",
        ((Reference) origin.getExtensionByUrl("record").getValue()).getReference());
    assertTrue(out.getParameter("issues").getResource() != null);
  }

  private static QuestionnaireResponse.QuestionnaireResponseItemComponent find(
      java.util.List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items, String linkId) {
    for (var i : items) {
      if (linkId.equals(i.getLinkId())) {
        return i;
      }
      var inner = find(i.getItem(), linkId);
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  @Test
  void instanceLevelAnswersForTheLibrarysQuestionnaireAndErrorsAreNamed() throws Exception {
    String id = TestModule.get().store().all(Questionnaire.class).get(0).getIdPart();
    Parameters in = new Parameters();
    in.addParameter().setName("subject").setValue(new Reference("Patient/p1"));
    in.addParameter().setName("data").setResource(apixaban());
    HttpResponse<String> ok = post("/Questionnaire/" + id + "/$populate", in);
    assertEquals(200, ok.statusCode(), ok.body());
    HttpResponse<String> missing = post("/Questionnaire/" + id + "/$populate", new Parameters());
    assertEquals(400, missing.statusCode(), missing.body());
    assertTrue(missing.body().contains("subject"), missing.body());
    HttpResponse<String> unknown = post("/Questionnaire/nope/$populate", in);
    assertEquals(404, unknown.statusCode());
    Parameters other = new Parameters();
    other.addParameter().setName("subject").setValue(new Reference("Patient/someone-else"));
    other.addParameter().setName("data").setResource(apixaban());
    assertEquals(422, post("/Questionnaire/" + id + "/$populate", other).statusCode());
  }
}
