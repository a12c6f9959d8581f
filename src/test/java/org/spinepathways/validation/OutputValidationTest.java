package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.apply.ScenarioRequests;
import org.spinepathways.content.KnowledgeStore;

/** What EHRs import and what the library serves must be valid FHIR R4 by the project's own offline validator. */
class OutputValidationTest {

  /** Each scenario's request is applied afresh (golden files have their timestamps blanked) and validated. */
  @Test
  void everyScenarioCarePlanIsValidAgainstTheProfiles() throws IOException, URISyntaxException {
    Path root = Path.of(OutputValidationTest.class.getResource("/scenarios").toURI());
    List<String> errors = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("scenario.json")).sorted().toList()) {
        String plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).get("plan").asText();
        Parameters request = TestModule.get().fhirContext().newJsonParser().parseResource(Parameters.class,
            Files.readString(f.resolveSibling("request.json")));
        CarePlan cp = TestModule.get().processor().apply(ScenarioRequests.from(plan, request));
        errors.addAll(errorsOf(cp, root.relativize(f.getParent()).toString()));
        checked++;
      }
    }
    assertTrue(checked >= 40, "scenarios checked: " + checked);
    assertEquals(List.of(), errors);
  }

  /** Every knowledge artifact and every file in profiles/, StructureDefinitions included. */
  @Test
  void everyKnowledgeArtifactIsValidR4() {
    KnowledgeStore store = TestModule.get().store();
    List<String> errors = new ArrayList<>();
    for (String type : store.resourceTypes()) {
      for (Resource r : store.all(resourceClass(type))) {
        errors.addAll(errorsOf(r, store.fileOf(r)));
      }
    }
    assertEquals(List.of(), errors);
  }

  private static List<String> errorsOf(Resource resource, String where) {
    List<String> out = new ArrayList<>();
    for (SingleValidationMessage m : TestModule.get().validator().validate(resource).getMessages()) {
      if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
        out.add(where + " @ " + m.getLocationString() + ": " + m.getMessage());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Class<Resource> resourceClass(String type) {
    try {
      return (Class<Resource>) Class.forName("org.hl7.fhir.r4.model." + type);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
