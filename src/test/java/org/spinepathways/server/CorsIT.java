package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/** CORS: only the origins given at start get CORS headers; without any, nobody does. */
class CorsIT {

  private static final String ALLOWED = "http://localhost:3000";
  private static EmbeddedServer withCors;
  private static EmbeddedServer withoutCors;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    withCors = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null,
        ServerSettings.DEFAULT_MAX_BODY_BYTES, false, List.of(ALLOWED, "https://forms.example.org")));
    withoutCors = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null,
        ServerSettings.DEFAULT_MAX_BODY_BYTES));
  }

  @AfterAll
  static void stop() throws Exception {
    withCors.close();
    withoutCors.close();
  }

  private static HttpResponse<String> preflight(EmbeddedServer server, String origin, String method)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/PlanDefinition/sip-drg-block/$apply"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "content-type,authorization,accept")
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void preflightFromAnAllowedOriginSucceedsForPostAndGet() throws Exception {
    for (String method : List.of("POST", "GET")) {
      HttpResponse<String> r = preflight(withCors, ALLOWED, method);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(ALLOWED, header(r, "Access-Control-Allow-Origin"));
      String methods = header(r, "Access-Control-Allow-Methods");
      assertTrue(methods != null && methods.contains(method), methods);
      String headers = header(r, "Access-Control-Allow-Headers").toLowerCase(Locale.ROOT);
      assertTrue(headers.contains("content-type") && headers.contains("authorization"), headers);
    }
  }

  @Test
  void preflightFromAnotherOriginGetsNoCorsHeaders() throws Exception {
    HttpResponse<String> r = preflight(withCors, "http://evil.example", "POST");
    assertEquals(null, header(r, "Access-Control-Allow-Origin"));
    assertTrue(r.statusCode() >= 400, "refused: " + r.statusCode());
  }

  @Test
  void simpleRequestsFromAnAllowedOriginCarryTheHeader() throws Exception {
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(withCors.baseUrl()
        + "/PlanDefinition/sip-drg-block")).header("Origin", ALLOWED).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode());
    assertEquals(ALLOWED, header(ok, "Access-Control-Allow-Origin"));
    HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(URI.create(withCors.baseUrl()
        + "/PlanDefinition/nope")).header("Origin", ALLOWED).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, notFound.statusCode());
    assertEquals(ALLOWED, header(notFound, "Access-Control-Allow-Origin"), "errors are readable too");
  }

  @Test
  void withoutConfiguredOriginsNoResponseCarriesCorsHeaders() throws Exception {
    HttpResponse<String> r = preflight(withoutCors, ALLOWED, "POST");
    assertEquals(null, header(r, "Access-Control-Allow-Origin"));
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(withoutCors.baseUrl()
        + "/PlanDefinition/sip-drg-block")).header("Origin", ALLOWED).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, get.statusCode());
    assertFalse(get.headers().firstValue("Access-Control-Allow-Origin").isPresent());
  }

  @Test
  void originsMustBeBareSchemeHostAndPort() {
    for (String bad : List.of("*", "localhost:3000", "http://localhost:3000/app", "ftp://x.example", "")) {
      assertThrows(IllegalArgumentException.class, () -> new ServerSettings(0, null, 1024, false, List.of(bad)),
          bad);
    }
  }
}
