package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.content.PathwayVocabulary;

/** The real servlet on a random loopback port, called with HAPI's generic client and with raw HTTP. */
class ServerIT {

  private static final String PLAN = "sip-drg-block";
  private static EmbeddedServer server;
  private static IGenericClient client;
  private static FhirContext fhir;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, 64 * 1024));
    fhir = FhirContext.forR4();
    fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    // The first /metadata builds the CapabilityStatement; on a loaded 2-core machine that can exceed HAPI's 10 s.
    fhir.getRestfulClientFactory().setSocketTimeout(60_000);
    client = fhir.newRestfulGenericClient(server.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void capabilityStatementListsApplyOnPlanDefinition() {
    CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
    var planDefinition = cs.getRestFirstRep().getResource().stream()
        .filter(r -> r.getType().equals("PlanDefinition")).findFirst().orElseThrow();
    assertTrue(planDefinition.getOperation().stream().anyMatch(o -> o.getName().equals("apply")));
  }

  @Test
  void readinessProbeSaysReadyOnceTheValidatorIsWarm() throws Exception {
    HttpResponse<String> probe = null;
    for (int i = 0; i < 100 && (probe == null || probe.statusCode() != 200); i++) {
      probe = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl().replace("/fhir", "/health/ready")))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (probe.statusCode() != 200) {
        assertEquals(503, probe.statusCode(), "a probe that is not ready says 503: " + probe.body());
        Thread.sleep(100);
      }
    }
    assertEquals(200, probe.statusCode());
    assertTrue(probe.body().contains("\"ready\""), probe.body());
    assertTrue(server.isReady());
  }

  @Test
  void readsAndSearchesKnowledgeArtifacts() {
    PlanDefinition plan = client.read().resource(PlanDefinition.class).withId(PLAN).execute();
    assertEquals(PLAN, plan.getIdElement().getIdPart());
    Bundle byUrl = client.search().forResource(PlanDefinition.class)
        .where(PlanDefinition.URL.matches().value(plan.getUrl())).returnBundle(Bundle.class).execute();
    assertEquals(1, byUrl.getEntry().size());
    Bundle byStatus = client.search().forResource("Questionnaire").where(
        new ca.uhn.fhir.rest.gclient.TokenClientParam("status").exactly().code("draft"))
        .returnBundle(Bundle.class).execute();
    assertEquals(1, byStatus.getEntry().size());
  }

  @Test
  void applyAllClearRaisesTheProcedure() throws IOException {
    CarePlan cp = applyViaClient(scenarioRequest("all-clear"));
    assertEquals("eligible", decision(cp));
    assertEquals(ServiceRequest.ServiceRequestStatus.ACTIVE, procedure(cp).getStatus());
    assertTrue(cp.getText().getDivAsString().contains("Eligible"));
  }

  @Test
  void applyWithInfectionPostponesAndPointsAtTheAnswer() throws IOException {
    CarePlan cp = applyViaClient(scenarioRequest("infection"));
    assertEquals("postpone", decision(cp));
    assertEquals(ServiceRequest.ServiceRequestStatus.ONHOLD, procedure(cp).getStatus());
    DetectedIssue issue = cp.getContained().stream().filter(DetectedIssue.class::isInstance)
        .map(DetectedIssue.class::cast).findFirst().orElseThrow();
    assertEquals("infection", issue.getEvidenceFirstRep().getExtensionByUrl(PathwayVocabulary.EXT_EVIDENCE_LINK_ID)
        .getValue().primitiveValue());
  }

  @Test
  void typeLevelApplyByCanonical() throws IOException {
    Parameters in = scenarioRequest("all-clear");
    in.addParameter().setName("url").setValue(new UriType(PathwayVocabulary.BASE + "/PlanDefinition/" + PLAN));
    CarePlan cp = client.operation().onType(PlanDefinition.class).named("$apply").withParameters(in)
        .returnResourceType(CarePlan.class).execute();
    assertEquals("eligible", decision(cp));
  }

  @Test
  void xmlRequestsGetXmlAnswers() throws Exception {
    String xml = fhir.newXmlParser().encodeResourceToString(scenarioRequest("all-clear"));
    HttpResponse<String> r = post("/PlanDefinition/" + PLAN + "/$apply", "application/fhir+xml", xml);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().startsWith("<CarePlan"), r.body().substring(0, 50));
  }

  @Test
  void badInputsGetTheirStatusAndAnOperationOutcome() throws Exception {
    String ok = fhir.newJsonParser().encodeResourceToString(scenarioRequest("all-clear"));
    String apply = "/PlanDefinition/" + PLAN + "/$apply";
    assertError(400, "subject", post(apply, "application/fhir+json", ok.replace("Patient/example", "nonsense")));
    assertError(400, "subject", post(apply, "application/fhir+json",
        fhir.newJsonParser().encodeResourceToString(withoutSubject(scenarioRequest("all-clear")))));
    assertError(404, "nope", post("/PlanDefinition/nope/$apply", "application/fhir+json", ok));
    assertError(404, "PlanDefinition", post("/PlanDefinition/$apply", "application/fhir+json",
        ok.replace("\"parameter\": [", "\"parameter\": [{\"name\": \"url\", \"valueUri\": \"http://x/PlanDefinition/y\"},")
            .replace("\"parameter\":[", "\"parameter\":[{\"name\":\"url\",\"valueUri\":\"http://x/PlanDefinition/y\"},")));
    assertError(422, "Questionnaire", post(apply, "application/fhir+json",
        ok.replace("Questionnaire/sip-screening|0.1.0", "Questionnaire/other")));
    assertError(422, "'infection'", post(apply, "application/fhir+json",
        ok.replaceFirst("\"linkId\":\"infection\",\"answer\":\\[\\{\"valueBoolean\":false",
            "\"linkId\":\"infection\",\"answer\":[{\"valueString\":\"no\"")));
    assertError(400, "JSON", post(apply, "application/fhir+json", ok.substring(0, ok.length() / 2)));
    assertError(400, "XML", post(apply, "application/fhir+xml", "<Parameters xmlns=\"http://hl7.org/fhir\"><para"));
    assertError(400, "Unknown element", post(apply, "application/fhir+json",
        ok.replaceFirst("\"linkId\":\"infection\"", "\"linkId\":\"infection\",\"notAnElement\":true")));
    assertError(415, "Content-Type", post(apply, "text/plain", ok));
    assertError(413, "limit", post(apply, "application/fhir+json", ok + " ".repeat(70 * 1024)));
    assertError(405, "read-only", send("PUT", "/PlanDefinition/" + PLAN, "application/fhir+json", ok));
    assertError(405, "read-only", send("DELETE", "/PlanDefinition/" + PLAN, null, null));
    assertError(405, "read-only", post("/PlanDefinition", "application/fhir+json", ok));
    assertError(405, "POST", send("GET", apply + "?subject=Patient/1", null, null));
    // still serving
    assertEquals(200, send("GET", "/metadata", null, null).statusCode());
  }

  @Test
  void errorsNeverEchoAnswersOrIdentifiers() throws Exception {
    String secret = "Patient/very-secret-name";
    String body = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"subject\",\"valueBoolean\":\""
        + secret + "\"}]}";
    HttpResponse<String> r = post("/PlanDefinition/" + PLAN + "/$apply", "application/fhir+json", body);
    assertEquals(400, r.statusCode());
    assertFalse(r.body().contains("very-secret-name"), r.body());
  }

  private static void assertError(int status, String mentions, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    OperationOutcome oo = (OperationOutcome) (r.body().trim().startsWith("<")
        ? fhir.newXmlParser().parseResource(r.body()) : fhir.newJsonParser().parseResource(r.body()));
    String text = oo.getIssue().stream().map(i -> i.getDiagnostics() + " " + i.getExpression()).toList().toString();
    assertTrue(text.contains(mentions), "expected the OperationOutcome to mention '" + mentions + "': " + text);
    assertFalse(text.contains("\tat ") || text.contains("Exception:"), "no stack traces: " + text);
  }

  private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return send("POST", path, contentType, body);
  }

  private static HttpResponse<String> send(String method, String path, String contentType, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static CarePlan applyViaClient(Parameters in) {
    return client.operation().onInstance("PlanDefinition/" + PLAN).named("$apply").withParameters(in)
        .returnResourceType(CarePlan.class).execute();
  }

  private static Parameters scenarioRequest(String name) throws IOException {
    Path file = Path.of("src/test/resources/scenarios", PLAN, name, "request.json");
    return fhir.newJsonParser().parseResource(Parameters.class, Files.readString(file));
  }

  private static Parameters withoutSubject(Parameters p) {
    p.getParameter().removeIf(x -> x.getName().equals("subject"));
    return p;
  }

  private static String decision(CarePlan cp) {
    return ((CodeableConcept) cp.getExtensionByUrl(PathwayVocabulary.EXT_PATHWAY_DECISION).getValue())
        .getCodingFirstRep().getCode();
  }

  private static ServiceRequest procedure(CarePlan cp) {
    return cp.getContained().stream().filter(r -> r.getIdPart().equals("sr-procedure"))
        .map(ServiceRequest.class::cast).findFirst().orElseThrow();
  }

}
