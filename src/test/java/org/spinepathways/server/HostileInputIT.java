package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinepathways.TestModule;

/**
 * Hostile input against the real server on a loopback port: every refusal is an OperationOutcome with the right
 * status, whichever layer refuses it, and the server keeps serving.
 */
class HostileInputIT {

  @TempDir
  static Path dir;
  private static EmbeddedServer server;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static String allClear;

  @BeforeAll
  static void start() throws Exception {
    server = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES),
        SecuritySettings.defaults().withAuditLog(dir.resolve("audit.jsonl")));
    allClear = compact(Files.readString(Path.of("examples/apply-all-clear.json")));
  }

  @AfterAll
  static void stop() throws Exception {
    assertEquals(200, get("/PlanDefinition/sip-drg-block").statusCode(), "the server keeps serving");
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length == 0) {
      b.header("Content-Type", "application/fhir+json");
    } else {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> apply(String body, String... headers) throws Exception {
    return post("/PlanDefinition/sip-drg-block/$apply", body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static void assertOutcome(int status, int actual, String body, String mention) {
    assertEquals(status, actual, body);
    assertTrue(body.contains("\"resourceType\":\"OperationOutcome\"") || body.contains("<OperationOutcome"),
        "an OperationOutcome: " + body);
    assertTrue(body.toLowerCase().contains(mention.toLowerCase()), "expected '" + mention + "' in " + body);
    assertFalse(body.contains("Exception") || body.contains("<html"), "no stack trace, no HTML: " + body);
  }

  private static void assertOutcome(int status, HttpResponse<String> r, String mention) {
    assertOutcome(status, r.statusCode(), r.body(), mention);
  }

  private static void assertOutcome(int status, RawHttp.Answer a, String mention) {
    assertOutcome(status, a.status(), a.body(), mention);
  }

  @Test
  void methodsOtherThanTheServedOnesAre405() throws Exception {
    assertOutcome(405, http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metadata"))
        .method("TRACE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), "TRACE");
    HttpResponse<String> options = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metadata"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertOutcome(405, options, "CORS preflights");
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/PlanDefinition"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.test")
        .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
    assertFalse(preflight.body().contains("CORS preflights"), "a preflight is passed on to HAPI: " + preflight.body());
  }

  @Test
  void errorsJettyRaisesAreOperationOutcomes() throws Exception {
    int port = server.port();
    assertOutcome(400, RawHttp.send(port, "GET /fhir/PlanDefinition/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: a\r\n"
        + "\r\n"), "ambiguous");
    RawHttp.Answer traversal = RawHttp.send(port, "GET /fhir/../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n");
    assertTrue(traversal.status() == 400 || traversal.status() == 404, traversal.head());
    assertTrue(traversal.body().contains("OperationOutcome") && !traversal.body().contains("root:"), traversal.body());
    assertOutcome(414, RawHttp.send(port, "GET /fhir/PlanDefinition?x=" + "a".repeat(20_000) + " HTTP/1.1\r\n"
        + "Host: a\r\n\r\n"), "too long");
    assertOutcome(431, RawHttp.send(port, "GET /fhir/metadata HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(20_000)
        + "\r\n\r\n"), "headers are too large");
    RawHttp.Answer version = RawHttp.send(port, "GET /fhir/metadata HTTP/7.0\r\nHost: a\r\n\r\n");
    assertTrue(version.status() == 505 || version.status() == 400, version.head());
    assertTrue(version.body().contains("OperationOutcome"), version.body());
    assertOutcome(404, RawHttp.send(port, "GET /nothing-here HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
        "/fhir");
  }

  @Test
  void unknownCharsetAndEncodingAre415() throws Exception {
    assertOutcome(415, apply(allClear, "Content-Type", "application/fhir+json; charset=bogus-charset"), "charset");
    assertOutcome(415, apply(allClear, "Content-Type", "application/fhir+json", "Content-Encoding", "br"),
        "Content-Encoding");
  }

  @Test
  void decodedSizeOfACompressedBodyCountsAgainstTheLimit() throws Exception {
    String bomb = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"subject\",\"valueString\":\""
        + "a".repeat(50 * 1024 * 1024) + "\"}]}";
    byte[] compressed = gzip(bomb.getBytes(StandardCharsets.UTF_8));
    assertTrue(compressed.length < 100_000, "a small body: " + compressed.length);
    assertOutcome(413, post("/PlanDefinition/sip-drg-block/$apply", compressed, "Content-Type",
        "application/fhir+json", "Content-Encoding", "gzip"), "limit");
    HttpResponse<String> honest = post("/PlanDefinition/sip-drg-block/$apply",
        gzip(allClear.getBytes(StandardCharsets.UTF_8)), "Content-Type", "application/fhir+json",
        "Content-Encoding", "gzip");
    assertEquals(200, honest.statusCode(), honest.body());
  }

  @Test
  void deepNestingIs400() throws Exception {
    String deepJson = "{\"resourceType\":\"Parameters\",\"extension\":" + "[".repeat(300) + "]".repeat(300) + "}";
    assertOutcome(400, apply(deepJson), "nested more than");
    String deepXml = "<Parameters xmlns=\"http://hl7.org/fhir\">" + "<extension>".repeat(300)
        + "</extension>".repeat(300) + "</Parameters>";
    assertOutcome(400, apply(deepXml, "Content-Type", "application/fhir+xml"), "nested more than");
  }

  @Test
  void nullResourcesAre400() throws Exception {
    assertOutcome(400, apply(allClear.replace("{\"name\":\"subject\"",
        "{\"name\":\"data\",\"resource\":null},{\"name\":\"subject\"")), "null");
    assertOutcome(400, apply(allClear.replace("{\"name\":\"subject\"", "{\"name\": \"data\", \"resource\": "
        + "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [{\"resource\": null}]}}, "
        + "{\"name\":\"subject\"")), "null");
  }

  @Test
  void controlCharactersNeverReachAnXmlAnswer() throws Exception {
    for (String control : new String[] {"\\u0000", "\\u0001", "\\b"}) {
      HttpResponse<String> r = apply(allClear.replace("L4/L5", "L4" + control + "L5"), "Content-Type",
          "application/fhir+json", "Accept", "application/fhir+xml");
      assertOutcome(400, r, "control character");
    }
  }

  @Test
  void screeningWithoutSubjectIs422() throws Exception {
    String body = allClear.replace("\"subject\":{\"reference\":\"Patient/example\"},", "");
    assertFalse(body.equals(allClear));
    assertOutcome(422, apply(body), "no subject");
  }

  @Test
  void tenThousandUnknownLinkIdsAreRefusedWithOneIssue() throws Exception {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      items.append("{\"linkId\":\"unknown-").append(i).append("\"},");
    }
    HttpResponse<String> r = apply(allClear.replace("\"item\":[{\"linkId\":\"procedure\"",
        "\"item\":[" + items + "{\"linkId\":\"procedure\""));
    assertTrue(r.body().length() > 0);
    assertOutcome(422, r, "more than 1000");
    assertTrue(r.body().length() < 2_000, "one short OperationOutcome: " + r.body().length());
  }

  @Test
  void inlinePlansAreOffByDefault() throws Exception {
    String inline = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"subject\",\"valueString\":"
        + "\"Patient/p1\"},{\"name\":\"planDefinition\",\"resource\":{\"resourceType\":\"PlanDefinition\","
        + "\"status\":\"draft\",\"action\":[{\"title\":\"x\",\"condition\":[{\"kind\":\"applicability\","
        + "\"expression\":{\"language\":\"text/fhirpath\",\"expression\":\"true\"}}]}]}}]}";
    assertOutcome(400, post("/PlanDefinition/$apply", inline.getBytes(StandardCharsets.UTF_8)), "inline");
  }

  @Test
  void headersCarryNoBannerAndLinksIgnoreTheHostHeader() throws Exception {
    HttpResponse<String> r = apply(allClear);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertNull(r.headers().firstValue("X-Powered-By").orElse(null));
    assertNull(r.headers().firstValue("Server").orElse(null));
    assertNull(r.headers().firstValue("Strict-Transport-Security").orElse(null), "HSTS only under TLS");
    RawHttp.Answer search = RawHttp.send(server.port(), "GET /fhir/PlanDefinition?status=draft HTTP/1.1\r\n"
        + "Host: evil.example.test\r\nX-Forwarded-Host: evil2.example.test\r\nConnection: close\r\n\r\n");
    assertEquals(200, search.status(), search.head());
    assertFalse(search.body().contains("evil") || search.head().contains("evil"), "links from the base URL only");
    assertTrue(search.body().contains(server.baseUrl()), "links from " + server.baseUrl());
  }

  @Test
  void anAbortedUploadLeavesTheServerServing() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        socket.getOutputStream().write(("POST /fhir/PlanDefinition/sip-drg-block/$apply HTTP/1.1\r\nHost: a\r\n"
            + "Content-Type: application/fhir+json\r\nContent-Length: 100000\r\n\r\n{\"resourceType\":")
            .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
    }
    assertEquals(200, get("/PlanDefinition/sip-drg-block").statusCode());
  }

  /** The example re-encoded without whitespace, so that the tests can edit it as text. */
  static String compact(String json) {
    var parser = TestModule.get().fhirContext().newJsonParser();
    return parser.encodeResourceToString(parser.parseResource(json));
  }

  static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
