package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spinepathways.TestModule;

/** {@code CarePlan/$patient-letter} over HTTP: the letter as HTML, PDF or a FHIR Binary, and the errors. */
class PatientLetterIT {

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final IParser json = TestModule.get().fhirContext().newJsonParser();
  private static String carePlan;

  @BeforeAll
  static void applyOnce() throws Exception {
    HttpResponse<String> applied = server.postJson("/PlanDefinition/sip-drg-block/$apply",
        HttpRequest.BodyPublishers.ofString(Files.readString(Path.of("examples/apply-all-clear.json"))));
    assertEquals(200, applied.statusCode(), applied.body());
    carePlan = applied.body();
  }

  @Test
  void theCarePlanAsBodyGivesTheHtmlLetter() throws Exception {
    HttpResponse<byte[]> r = post("", carePlan, "text/html");
    assertEquals(200, r.statusCode());
    assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElse("").toLowerCase());
    String html = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(html.contains("<h2 id=\"s-decision\">Is your procedure going ahead?</h2>"), html);
    assertTrue(html.contains("Your procedure can go ahead as planned."), html);
  }

  @Test
  void pdfByAcceptByParameterOrByUrl() throws Exception {
    Parameters in = new Parameters();
    in.addParameter().setName("carePlan").setResource(json.parseResource(CarePlan.class, carePlan));
    in.addParameter().setName("format").setValue(new CodeType("pdf"));
    for (HttpResponse<byte[]> r : new HttpResponse[] {post("", carePlan, "application/pdf"),
        post("", json.encodeResourceToString(in), null), post("?format=pdf", carePlan, null)}) {
      assertEquals(200, r.statusCode());
      assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals("%PDF-", new String(r.body(), 0, 5, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aClientAskingForFhirGetsABinary() throws Exception {
    HttpResponse<byte[]> r = post("", carePlan, "application/fhir+json");
    assertEquals(200, r.statusCode());
    Binary binary = json.parseResource(Binary.class, new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("text/html", binary.getContentType());
    assertTrue(new String(binary.getData(), StandardCharsets.UTF_8).contains("Is your procedure going ahead?"));
  }

  @Test
  void errorsAreOperationOutcomes() throws Exception {
    assertRejected(post("", "{\"resourceType\":\"Patient\",\"id\":\"p\"}", null), 400, "carePlan");
    assertRejected(post("", "{\"resourceType\":\"CarePlan\",\"status\":\"draft\",\"intent\":\"plan\","
        + "\"subject\":{\"reference\":\"Patient/p\"}}", null), 400, "CarePlan.meta.profile");
    assertRejected(post("?format=docx", carePlan, null), 400, "format");
    assertRejected(post("", "{\"resourceType\":\"CarePlan\",\"bogus\":1}", null), 400, null);
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "/CarePlan/$patient-letter")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
  }

  private static void assertRejected(HttpResponse<byte[]> r, int status, String location) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertEquals(status, r.statusCode(), body);
    OperationOutcome outcome = json.parseResource(OperationOutcome.class, body);
    if (location != null) {
      assertEquals(location, outcome.getIssueFirstRep().getExpression().get(0).getValue(), body);
    }
  }

  private static HttpResponse<byte[]> post(String query, String body, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/CarePlan/$patient-letter" + query))
        .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
