package org.spinepathways.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinepathways.TestModule;
import org.spinepathways.server.EmbeddedServer;
import org.spinepathways.server.SecuritySettings;
import org.spinepathways.server.ServerSettings;

/** The server with token authentication on a loopback port: 401, 403 and 200 as the issue states, and the audit. */
class AuthIT {

  @TempDir
  static Path dir;
  private static final TestTokens tokens = new TestTokens();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static EmbeddedServer server;
  private static Path audit;

  /** Patient values sent in the $apply below; none may reach the audit trail. */
  private static final List<String> PATIENT_VALUES = List.of("zq7781patient", "XQ-SECRET-LEVEL", "Zebedee",
      "Quixote", "MRN-99887766");

  @BeforeAll
  static void start() throws Exception {
    audit = dir.resolve("audit.jsonl");
    SecuritySettings security = SecuritySettings.defaults().withAuth(tokens.settings(dir)).withAuditLog(audit);
    server = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES),
        security);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> apply(String token) throws Exception {
    var parser = org.spinepathways.TestModule.get().fhirContext().newJsonParser();
    String body = parser.encodeResourceToString(parser.parseResource(Files.readString(
        Path.of("examples/apply-all-clear.json"))))
        .replace("Patient/example", "Patient/zq7781patient").replace("L4/L5", "XQ-SECRET-LEVEL")
        .replace("{\"name\":\"subject\"", "{\"name\":\"data\",\"resource\":{\"resourceType\":\"Bundle\","
            + "\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":"
            + "\"zq7781patient\",\"identifier\":[{\"value\":\"MRN-99887766\"}],\"name\":[{\"family\":"
            + "\"Quixote\",\"given\":[\"Zebedee\"]}]}}]}},{\"name\":\"subject\"");
    if (!body.contains("MRN-99887766") || !body.contains("XQ-SECRET-LEVEL")) {
      throw new IllegalStateException("the example changed: the test no longer sends the patient values");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/PlanDefinition/sip-drg-block/$apply"))
        .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return sendOnce(b.build());
  }

  private static void assertUnauthorized(HttpResponse<String> response, String mention) {
    assertEquals(401, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
        response.headers().map().toString());
    assertTrue(response.body().contains("OperationOutcome"), response.body());
    assertTrue(response.body().contains(mention), "expected '" + mention + "' in " + response.body());
  }

  @Test
  void theIssuesSequenceAndItsAuditLines() throws Exception {
    long before = lines().size();
    assertUnauthorized(apply(null), "needs a bearer token");
    assertUnauthorized(apply(tokens.tokenFromAnotherKey("system/*.cruds")), "trusted key");
    long past = System.currentTimeMillis() - 600_000;
    assertUnauthorized(apply(tokens.sign(tokens.claims("system/*.cruds").issueTime(new Date(past - 60_000))
        .expirationTime(new Date(past)).build())), "expired");
    HttpResponse<String> forbidden = apply(tokens.token("system/PlanDefinition.rs"));
    assertEquals(403, forbidden.statusCode(), forbidden.body());
    assertTrue(forbidden.body().contains("OperationOutcome") && forbidden.body().contains("system/CarePlan.c"),
        forbidden.body());
    assertTrue(forbidden.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
    HttpResponse<String> ok = apply(tokens.token("system/CarePlan.c"));
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(ok.body().contains("\"resourceType\":\"CarePlan\""));

    List<String> trail = awaitLines(before + 5);
    List<String> written = trail.subList((int) before, trail.size());
    assertEquals(5, written.size(), "one audit line per request: " + written);
    assertEquals(List.of("4", "4", "4", "4", "0"), written.stream().map(l -> field(l, "outcome")).toList());
    assertTrue(written.get(3).contains("HTTP 403") && written.get(4).contains("HTTP 200"), written.toString());
    assertTrue(written.get(4).contains("interface-engine-7") && written.get(4).contains("engine-client"),
        "who: token subject and client: " + written.get(4));
    assertTrue(written.get(4).contains("sip-drg-block|0.1.0") && written.get(4).contains("$apply"),
        "what: operation and plan canonical: " + written.get(4));
    assertTrue(written.get(4).contains("\"code\":\"operation\""), written.get(4));
    String all = String.join("\n", lines());
    for (String value : PATIENT_VALUES) {
      assertFalse(all.contains(value), "patient value '" + value + "' in the audit trail");
    }
  }

  @Test
  void otherBadTokensAre401() throws Exception {
    assertUnauthorized(get("/PlanDefinition/sip-drg-block", "not-a-jwt"), "not a signed JWT");
    assertUnauthorized(get("/PlanDefinition/sip-drg-block", tokens.sign(tokens.claims("system/*.rs")
        .audience("https://elsewhere.test").build())), "audience");
    assertUnauthorized(get("/PlanDefinition/sip-drg-block", tokens.sign(tokens.claims("system/*.rs")
        .issuer("https://evil.test").build())), "issuer");
    assertUnauthorized(get("/PlanDefinition/sip-drg-block", tokens.sign(tokens.claims("system/*.rs")
        .notBeforeTime(new Date(System.currentTimeMillis() + 600_000)).build())), "not valid yet");
    HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/PlanDefinition"))
        .header("Authorization", "Basic dXNlcjpwYXNz").build(), HttpResponse.BodyHandlers.ofString());
    assertUnauthorized(basic, "Only bearer tokens");
    // an unsigned token ("alg": "none") is never accepted
    String unsigned = new com.nimbusds.jwt.PlainJWT(tokens.claims("system/*.*").build()).serialize();
    assertUnauthorized(get("/PlanDefinition/sip-drg-block", unsigned), "bearer token");
  }

  @Test
  void scopesDecideReadSearchAndValidate() throws Exception {
    assertEquals(200, get("/PlanDefinition/sip-drg-block", tokens.token("system/PlanDefinition.r")).statusCode());
    assertEquals(403, get("/PlanDefinition?status=draft", tokens.token("system/PlanDefinition.r")).statusCode());
    assertEquals(200, get("/PlanDefinition?status=draft", tokens.token("system/PlanDefinition.s")).statusCode());
    assertEquals(403, get("/Questionnaire/sip-screening-drg-block", tokens.token("system/PlanDefinition.rs")).statusCode());
    assertEquals(200, get("/Questionnaire/sip-screening-drg-block", tokens.token("system/*.rs")).statusCode());
    assertEquals(200, get("/Questionnaire/sip-screening-drg-block", tokens.token("system/Questionnaire.read")).statusCode());
    HttpRequest.Builder validate = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/Patient/$validate"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\"}"));
    assertEquals(403, http.send(validate.copy().header("Authorization", "Bearer " + tokens.token("system/*.rs"))
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, http.send(validate.copy().header("Authorization", "Bearer " + tokens.token("system/Patient.c"))
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void metadataAndHealthStayOpenAndDeclareSmart() throws Exception {
    HttpResponse<String> metadata = get("/metadata", null);
    assertEquals(200, metadata.statusCode());
    assertTrue(metadata.body().contains("SMART-on-FHIR"), "security service declared");
    assertTrue(metadata.body().contains("https://auth.example.test/token"), "token endpoint declared");
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        .replace("/fhir", "/health/ready"))).build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(health.statusCode() == 200 || health.statusCode() == 503, "answers without a token");
    HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        .replace("/fhir", "/health/live"))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, live.statusCode(), "the liveness probe needs no token: " + live.body());
  }

  /**
   * The audit lines once there are at least {@code count} (or after 10 s): a line is written when its exchange
   * completes, which can be just after the client has read the response.
   */
  private static List<String> awaitLines(long count) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> now = lines();
    while (now.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
      now = lines();
    }
    Thread.sleep(200); // a sixth line, if one were wrongly written, has time to appear and fail the count
    return lines();
  }

  /**
   * Sends a POST whose body the server may refuse before reading it (a 401): the server then closes the connection,
   * and a client that had reused a pooled connection for it sees no bytes. Such a request is sent again once, on a
   * fresh connection; any other failure is a failure.
   */
  private static HttpResponse<String> sendOnce(HttpRequest request) throws Exception {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
        throw e;
      }
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static List<String> lines() throws Exception {
    return Files.exists(audit) ? Files.readAllLines(audit) : List.of();
  }

  private static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\":\"");
    return at < 0 ? null : json.substring(at + name.length() + 4, json.indexOf('"', at + name.length() + 4));
  }
}
