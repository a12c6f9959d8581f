package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinepathways.TestModule;
import org.spinepathways.content.PathwayVocabulary;

/** Every line of examples/index.csv gives its stated outcome when the file is posted to the real server. */
class ExamplesIT {

  private static EmbeddedServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static List<String[]> examples() throws IOException {
    return Files.readAllLines(Path.of("examples/index.csv")).stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> l.split(",", 6)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleGivesItsStatedOutcome(String file, String endpoint, String status, String decision, String procedure,
      String what) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + endpoint))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofFile(Path.of("examples", file))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/PlanDefinition/sip-drg-block/$apply"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofFile(Path.of("examples/apply-infection.json"))).build();
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    IParser parser = TestModule.get().fhirContext().newJsonParser().setPrettyPrint(true);
    CarePlan actual = parser.parseResource(CarePlan.class, body);
    CarePlan example = parser.parseResource(CarePlan.class, Files.readString(Path.of("examples/careplan-infection.json")));
    assertEquals(org.spinepathways.apply.GoldenFiles.normalised(parser, example),
        org.spinepathways.apply.GoldenFiles.normalised(parser, actual));
  }
}
