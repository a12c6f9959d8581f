package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.spinepathways.PathwayModule;
import org.spinepathways.TestModule;

/** Responses as form renderers produce them: base-specification profiles in meta.profile are fine. */
class RendererResponseTest {

  private static Parameters allClear() throws Exception {
    try (InputStream in = RendererResponseTest.class.getResourceAsStream(
        "/scenarios/sip-drg-block/all-clear/request.json")) {
      return TestModule.get().fhirContext().newJsonParser().parseResource(Parameters.class, in);
    }
  }

  private static ApplyRequest withProfile(String profile) throws Exception {
    ApplyRequest request = ScenarioRequests.from("sip-drg-block", allClear());
    QuestionnaireResponse qr = request.questionnaireResponse() != null ? request.questionnaireResponse()
        : (QuestionnaireResponse) request.data().getEntry().stream()
            .filter(e -> e.getResource() instanceof QuestionnaireResponse).findFirst().orElseThrow().getResource();
    qr.getMeta().addProfile(profile);
    return request;
  }

  @Test
  void theBaseSpecificationsVersionedProfileIsAccepted() throws Exception {
    PathwayModule module = TestModule.get();
    for (String base : new String[] {"http://hl7.org/fhir/4.0/StructureDefinition/QuestionnaireResponse",
        "http://hl7.org/fhir/StructureDefinition/QuestionnaireResponse"}) {
      CarePlan carePlan = module.processor().apply(withProfile(base));
      assertTrue(carePlan.hasExtension(), base);
    }
  }

  @Test
  void anUnknownProfileIsA422NamingIt() throws Exception {
    String unknown = "http://example.org/fhir/StructureDefinition/not-here";
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> TestModule.get().processor().apply(withProfile(unknown)));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertTrue(e.issues().stream().anyMatch(i -> i.message().contains(unknown)), e.issues().toString());
  }
}
