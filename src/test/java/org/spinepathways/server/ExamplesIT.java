package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinepathways.TestModule;
import org.spinepathways.content.PathwayVocabulary;

/** Every line of examples/index.csv gives its stated outcome when the file is posted to the real server. */
class ExamplesIT {

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  static List<String[]> examples() throws IOException {
    return Files.readAllLines(Path.of("examples/index.csv")).stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> l.split(",", 6)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleGivesItsStatedOutcome(String file, String endpoint, String status, String decision, String procedure,
      String what) throws Exception {
    HttpResponse<String> response = server.postJson("/" + endpoint,
        HttpRequest.BodyPublishers.ofFile(Path.of("examples", file)));
    assertEquals(Integer.parseInt(status), response.statusCode(), what + ": " + response.body());
    if (!decision.isEmpty()) {
      CarePlan cp = TestModule.get().fhirContext().newJsonParser().parseResource(CarePlan.class, response.body());
      assertEquals(decision, ((CodeableConcept) cp.getExtensionByUrl(PathwayVocabulary.EXT_PATHWAY_DECISION)
          .getValue()).getCodingFirstRep().getCode(), what);
      ServiceRequest sr = (ServiceRequest) cp.getContained().stream()
          .filter(r -> r.getIdPart().equals("sr-procedure")).findFirst().orElse(null);
      if (procedure.isEmpty()) {
        assertEquals(null, sr, what + ": the procedure must not be raised");
      } else {
        assertEquals(procedure, sr.getStatus().toCode(), what);
      }
    } else {
      assertTrue(response.body().contains("OperationOutcome"), response.body());
    }
  }

  @Test
  void exampleOutputIsWhatTheServerReturnsToday() throws Exception {
    String body = server.postJson("/PlanDefinition/sip-drg-block/$apply",
        HttpRequest.BodyPublishers.ofFile(Path.of("examples/apply-infection.json"))).body();
    IParser parser = TestModule.get().fhirContext().newJsonParser().setPrettyPrint(true);
    CarePlan actual = parser.parseResource(CarePlan.class, body);
    CarePlan example = parser.parseResource(CarePlan.class, Files.readString(Path.of("examples/careplan-infection.json")));
    assertEquals(org.spinepathways.apply.GoldenFiles.normalised(parser, example),
        org.spinepathways.apply.GoldenFiles.normalised(parser, actual));
  }
}
