package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * The core definitions are trimmed at start-up (core profiles and extensions keep only their differential); what a
 * resource uses of them must still be checked in full.
 */
class CoreDefinitionsTest {

  @Test
  void aCoreExtensionIsStillCheckedAgainstItsDefinition() {
    List<String> errors = errors("""
        {"resourceType": "Patient", "extension": [
          {"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace", "valueString": "Leeds"}]}""");
    assertTrue(errors.stream().anyMatch(e -> e.contains("patient-birthPlace") && e.contains("Address")),
        errors.toString());
  }

  @Test
  void aCoreProfileIsStillCheckedWithItsSlices() {
    List<String> errors = errors("""
        {"resourceType": "Observation", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/vitalsigns"]},
         "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
         "subject": {"reference": "Patient/p1"}}""");
    assertTrue(errors.stream().anyMatch(e -> e.contains("Observation.category: minimum required = 1")),
        errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.contains("VSCat")), errors.toString());
  }

  private static List<String> errors(String json) {
    return TestModule.get().validator().validate(json, null).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
  }
}
