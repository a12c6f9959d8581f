package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.content.KnowledgeStore;

/** What EHRs import and what the library serves must be valid FHIR R4 by the project's own offline validator. */
class OutputValidationTest {

  @Test
  void everyGoldenCarePlanIsValidR4() throws IOException, URISyntaxException {
    Path root = Path.of(OutputValidationTest.class.getResource("/scenarios").toURI());
    List<String> errors = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("expected-careplan.json")).sorted().toList()) {
        CarePlan cp = TestModule.get().fhirContext().newJsonParser().parseResource(CarePlan.class, Files.readString(f));
        cp.setId("checked");
        errors.addAll(errorsOf(cp, root.relativize(f).toString()));
      }
    }
    assertEquals(List.of(), errors);
  }

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
