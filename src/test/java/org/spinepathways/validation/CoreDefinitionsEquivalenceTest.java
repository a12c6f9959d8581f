package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * The trimmed core definitions the build prepares give the same validation messages as HAPI's own, untrimmed R4
 * core definitions (its XML bundles, a build-time dependency only): for screening responses and CarePlans of every
 * pathway, core profiles and extensions, uncommon resource types and core value sets of FHIR, v2 and v3.
 */
class CoreDefinitionsEquivalenceTest {

  private static ResourceValidator packaged;
  private static ResourceValidator full;

  @BeforeAll
  static void validators() {
    packaged = TestModule.get().validator();
    FhirContext separate = FhirContext.forR4();
    full = new ResourceValidator(separate, TestModule.get().store(), new DefaultProfileValidationSupport(separate));
  }

  @Test
  void theSameMessagesAsWithHapisFullDefinitions() throws IOException, URISyntaxException {
    Map<String, String> samples = new LinkedHashMap<>(handWritten());
    samples.putAll(scenarioSamples());
    List<String> differences = new ArrayList<>();
    int withMessages = 0;
    for (Map.Entry<String, String> sample : samples.entrySet()) {
      List<String> expected = messages(full.validate(sample.getValue(), null));
      List<String> actual = messages(packaged.validate(sample.getValue(), null));
      if (!expected.equals(actual)) {
        differences.add(sample.getKey() + ":\n  HAPI's definitions: " + expected + "\n  trimmed copy: " + actual);
      }
      if (expected.stream().anyMatch(m -> m.startsWith("ERROR"))) {
        withMessages++;
      }
    }
    assertEquals(List.of(), differences);
    // The comparison must cover failures too, not only clean resources.
    assertTrue(withMessages >= handWritten().size() - 1, "samples with errors: " + withMessages);
  }

  @Test
  void onlyWhatIsUsedIsParsed() {
    CoreDefinitions core = CoreDefinitions.of(TestModule.get().fhirContext());
    int before = core.parsedCount();
    assertTrue(before < 600, "definitions parsed: " + before);
    assertTrue(core.fetchValueSet("http://terminology.hl7.org/ValueSet/v2-0136") != null);
    assertTrue(core.parsedCount() > before, "a value set is parsed when it is first asked for");
  }

  /** Resources whose validation reads core definitions beyond the pathways' own: each has at least one error. */
  private static Map<String, String> handWritten() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("core extension", """
        {"resourceType": "Patient", "extension": [
          {"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace", "valueString": "Leeds"}]}""");
    m.put("core profile", """
        {"resourceType": "Observation", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/vitalsigns"]},
         "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
         "subject": {"reference": "Patient/p1"}}""");
    m.put("FHIR code system", """
        {"resourceType": "Patient", "gender": "woman", "birthDate": "2001-02-30"}""");
    m.put("v3 value set", """
        {"resourceType": "Patient", "maritalStatus": {"coding": [
          {"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "Q"}]}}""");
    m.put("v2 value set", """
        {"resourceType": "Patient", "contact": [{"relationship": [{"coding": [
          {"system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "ZZ"}]}]}]}""");
    m.put("uncommon resource type", """
        {"resourceType": "ImmunizationRecommendation", "patient": {"reference": "Patient/p1"},
         "recommendation": [{"forecastStatus": {"coding": [
           {"system": "http://terminology.hl7.org/CodeSystem/immunization-recommendation-status", "code": "x"}]}}]}""");
    m.put("another uncommon type", """
        {"resourceType": "Substance", "status": "gone", "code": {"text": "saline"},
         "instance": [{"quantity": {"value": 1, "system": "http://unitsofmeasure.org", "code": "mL", "unit": "mL"}}]}""");
    m.put("contained and a bundle", """
        {"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:1",
          "resource": {"resourceType": "MedicationStatement", "status": "active", "subject": {"reference": "Patient/p"},
            "contained": [{"resourceType": "Medication", "id": "m", "status": "unknown-status"}],
            "medicationReference": {"reference": "#m"}}}]}""");
    return m;
  }

  /** One screening response per pathway, as sent, and the CarePlans of two scenarios of each pathway. */
  private static Map<String, String> scenarioSamples() throws IOException, URISyntaxException {
    Path root = Path.of(CoreDefinitionsEquivalenceTest.class.getResource("/scenarios").toURI());
    FhirContext fhir = TestModule.get().fhirContext();
    Map<String, String> m = new LinkedHashMap<>();
    try (Stream<Path> plans = Files.list(root)) {
      for (Path plan : plans.sorted().toList()) {
        try (Stream<Path> scenarios = Files.list(plan)) {
          for (Path scenario : scenarios.sorted().limit(2).toList()) {
            String name = root.relativize(scenario).toString();
            Parameters request = fhir.newJsonParser().parseResource(Parameters.class,
                Files.readString(scenario.resolve("request.json")));
            IBaseResource response = request.getParameter("questionnaireResponse") != null
                ? request.getParameter("questionnaireResponse").getResource() : null;
            if (response != null) {
              m.put(name + " screening response", fhir.newJsonParser().encodeResourceToString(response));
            }
            Path carePlan = scenario.resolve("expected-careplan.json");
            if (Files.exists(carePlan)) {
              m.put(name + " CarePlan", Files.readString(carePlan));
            }
          }
        }
      }
    }
    return m;
  }

  private static List<String> messages(ValidationResult result) {
    return result.getMessages().stream()
        .map(x -> x.getSeverity() + " " + x.getLocationString() + " " + x.getMessageId() + " " + x.getMessage())
        .sorted().toList();
  }
}
