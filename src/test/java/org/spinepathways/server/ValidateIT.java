package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinepathways.TestModule;

/** $validate on the running server: invalid content is a 200 result; an unknown profile is an error. */
class ValidateIT {

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  static List<String[]> index() throws Exception {
    return Files.readAllLines(Path.of("examples/validation-index.csv")).stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> l.split(",", 3)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("index")
  void eachExampleGivesItsOutcome(String file, String outcome, String mentions) throws Exception {
    String body = Files.readString(Path.of("examples", file));
    String type = body.replaceAll("(?s).*?\"resourceType\"\\s*:\\s*\"([A-Za-z]+)\".*", "$1");
    HttpResponse<String> r = post("/" + type + "/$validate", body);
    assertEquals(200, r.statusCode(), r.body());
    OperationOutcome oo = TestModule.get().fhirContext().newJsonParser().parseResource(OperationOutcome.class, r.body());
    boolean errors = oo.getIssue().stream().anyMatch(i -> i.getSeverity().ordinal() <= 1);
    assertEquals(outcome.equals("invalid"), errors, file + ": " + r.body());
    if (mentions != null && !mentions.isBlank()) {
      assertTrue(oo.getIssue().stream().anyMatch(i -> i.getDiagnostics().contains(mentions)
          || i.getExpression().toString().contains(mentions)), file + " should mention " + mentions);
    }
  }

  @Test
  void anUnknownProfileIsAnError() throws Exception {
    String body = Files.readString(Path.of("examples/validate/valid-screening-response.json"));
    HttpResponse<String> r = post("/QuestionnaireResponse/$validate?profile=http://example.test/StructureDefinition/none",
        body);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("Unknown profile"), r.body());
  }

  @Test
  void parametersFormWithProfileAndInstanceLevelWork() throws Exception {
    String qr = Files.readString(Path.of("examples/validate/invalid-screening-response-incomplete.json"));
    String params = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":" + qr
        + "},{\"name\":\"profile\",\"valueUri\":\"http://spinal-injection-pathways.org/fhir/StructureDefinition/"
        + "sip-screening-response\"}]}";
    HttpResponse<String> r = post("/QuestionnaireResponse/$validate", params);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("sip-qr-1"), r.body());
    String plan = Files.readString(Path.of("examples/validate/valid-pathway-plandefinition.json"));
    assertEquals(200, post("/PlanDefinition/sip-drg-block/$validate", plan).statusCode());
  }

  private static final String BOGUS_STATUS_JSON = "{\"resourceType\":\"CarePlan\",\"status\":\"bogus-status\","
      + "\"intent\":\"proposal\",\"subject\":{\"reference\":\"Patient/example\"}}";
  private static final String BOGUS_STATUS_XML = "<CarePlan xmlns=\"http://hl7.org/fhir\"><status value=\"bogus-status\"/>"
      + "<intent value=\"proposal\"/><subject><reference value=\"Patient/example\"/></subject></CarePlan>";

  /** A wrong code is a finding, raw or wrapped, JSON or XML: 200 with an error located at CarePlan.status. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("bogusStatusBodies")
  void aWrongCodeIsReportedNotRefused(String form, String contentType, String body) throws Exception {
    HttpResponse<String> r = server.post("/CarePlan/$validate", contentType, body);
    assertEquals(200, r.statusCode(), form + ": " + r.body());
    OperationOutcome oo = TestModule.get().fhirContext().newJsonParser().parseResource(OperationOutcome.class, r.body());
    assertTrue(oo.getIssue().stream().anyMatch(i -> i.getSeverity().ordinal() <= 1
        && i.getDiagnostics().contains("bogus-status")
        && i.getExpression().stream().anyMatch(e -> e.getValue().startsWith("CarePlan.status"))),
        form + ": " + r.body());
  }

  static List<String[]> bogusStatusBodies() {
    return List.of(
        new String[] {"raw JSON", "application/fhir+json", BOGUS_STATUS_JSON},
        new String[] {"raw XML", "application/fhir+xml", BOGUS_STATUS_XML},
        new String[] {"Parameters JSON", "application/fhir+json",
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":" + BOGUS_STATUS_JSON
                + "}]}"},
        new String[] {"Parameters XML", "application/fhir+xml",
            "<Parameters xmlns=\"http://hl7.org/fhir\"><parameter><name value=\"resource\"/><resource>"
                + BOGUS_STATUS_XML + "</resource></parameter></Parameters>"});
  }

  /** An unknown element inside a Parameters wrapper is reported with its location, never silently dropped. */
  @Test
  void anUnknownElementInsideParametersIsReported() throws Exception {
    String qr = Files.readString(Path.of("examples/validate/valid-screening-response.json"))
        .replaceFirst("\"status\"", "\"favouriteColour\": \"blue\", \"status\"");
    String params = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":" + qr
        + "}]}";
    HttpResponse<String> r = post("/QuestionnaireResponse/$validate", params);
    assertEquals(200, r.statusCode(), r.body());
    OperationOutcome oo = TestModule.get().fhirContext().newJsonParser().parseResource(OperationOutcome.class, r.body());
    assertTrue(oo.getIssue().stream().anyMatch(i -> i.getSeverity().ordinal() <= 1
        && i.getDiagnostics().contains("favouriteColour")), r.body());
  }

  @Test
  void aParametersWithoutResourceIsAnError() throws Exception {
    HttpResponse<String> r = post("/CarePlan/$validate",
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"create\"}]}");
    assertEquals(400, r.statusCode(), r.body());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return server.postJson(path, HttpRequest.BodyPublishers.ofString(body));
  }
}
