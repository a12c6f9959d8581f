package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spinepathways.TestModule;
import org.spinepathways.content.PathwayVocabulary;

/** Region-specific consent risks appear only where they apply (collapsed lung: thoracic; severe harm: cervical). */
class ConsentStatementsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lumbar,true,false,false,false", "thoracic,false,false,true,false", "cervical,false,true,false,true"})
  void risksFollowTheRegion(String region, boolean legs, boolean arms, boolean lung, boolean severeHarm)
      throws Exception {
    Parameters p = TestModule.get().fhirContext().newJsonParser().parseResource(Parameters.class,
        Files.readString(Path.of("src/test/resources/scenarios/sip-drg-block/all-clear/request.json")));
    QuestionnaireResponse qr = (QuestionnaireResponse) p.getParameter().stream()
        .filter(x -> x.getName().equals("questionnaireResponse")).findFirst().orElseThrow().getResource();
    qr.getItem().get(0).getItem().stream().filter(i -> i.getLinkId().equals("region")).findFirst().orElseThrow()
        .getAnswerFirstRep().setValue(new Coding(PathwayVocabulary.BASE + "/CodeSystem/sip-procedure-detail", region,
            region));
    CarePlan cp = TestModule.get().processor().apply(GoldenScenarioTest.requestFrom("sip-drg-block", p));
    Consent consent = EngineFixture.contained(cp, Consent.class).get(0);
    List<String> texts = consent.getExtension().stream()
        .filter(e -> e.getUrl().equals(PathwayVocabulary.EXT_CONSENT_STATEMENT))
        .map(e -> e.getExtensionByUrl("text").getValue().primitiveValue()).toList();
    assertEquals(legs, texts.stream().anyMatch(t -> t.contains("of the legs")), texts.toString());
    assertEquals(arms, texts.stream().anyMatch(t -> t.contains("of the arms")), texts.toString());
    assertEquals(lung, texts.stream().anyMatch(t -> t.contains("Collapsed lung")), texts.toString());
    assertEquals(severeHarm, texts.stream().anyMatch(t -> t.contains("even death")), texts.toString());
    assertTrue(consent.getText().getDivAsString().contains("off-label"), "narrative is generated from statements");
    assertEquals(Consent.ConsentState.PROPOSED, consent.getStatus());
  }
}
