package org.spinepathways.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as the README starts it ({@code java @target/spine-pathways.jvm -jar target/spine-pathways.jar
 * serve}), in its own process on a free port, asked once for every capability: what the shade filters and the
 * dependency exclusions keep out of the jar must be nothing the server loads. Runs after {@code package}
 * (maven-failsafe-plugin, integration-test phase).
 */
class PackagedJarIT {

  private static final Path JAR = Path.of("target/spine-pathways.jar");
  private static final Path JVM_SETTINGS = Path.of("target/spine-pathways.jvm");
  /**
   * The jar's budget: what it weighs today (69.7 MB, with the build-time trimmed core definitions), so that a new
   * dependency or a lost exclusion fails the build. The issue's target is 60 MB, not met; see the README's Performance
   * section for what keeps it above. Any of HAPI's core-definition XML found in the jar is not counted (it must not be
   * there; the server reads the trimmed copy).
   */
  private static final long MAX_JAR_BYTES = 70_000_000L;
  private static final String CORE_DEFINITIONS_XML = "org/hl7/fhir/r4/model/(profile|valueset|extension)/.*\\.xml";
  private static final Pattern ANSWERING = Pattern.compile("FHIR server answering at (http://\\S+/fhir)");
  private static final Duration START_WITHIN = Duration.ofMinutes(5);
  private static final String ORIGIN = "http://localhost:3000";

  private static Process process;
  private static final StringBuffer log = new StringBuffer();
  private static String base;
  private static String root;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  @BeforeAll
  static void startPackagedJar() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(java, "@" + JVM_SETTINGS, "-jar", JAR.toString(), "serve", "--port", "0",
        "--cors-origin", ORIGIN).redirectErrorStream(true).start();
    CompletableFuture<String> answering = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          log.append(line).append('\n');
          Matcher m = ANSWERING.matcher(line);
          if (m.find()) {
            answering.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        answering.completeExceptionally(e);
      }
      answering.completeExceptionally(new IllegalStateException("the server stopped:\n" + log));
    }, "packaged-jar-output");
    reader.setDaemon(true);
    reader.start();
    base = answering.get(START_WITHIN.toSeconds(), TimeUnit.SECONDS);
    root = base.substring(0, base.length() - "/fhir".length());
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (get(root + "/health/ready").statusCode() != 200) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        fail("not ready within " + START_WITHIN + ":\n" + log);
      }
      Thread.sleep(100);
    }
  }

  /** Stops the server, then fails if anything it was asked for met a class or resource left out of the jar. */
  @AfterAll
  static void stopAndCheckNothingFailedToLoad() throws Exception {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (String missing : List.of("NoClassDefFoundError", "ClassNotFoundException", "VerifyError",
        "MissingResourceException")) {
      assertFalse(log.toString().contains(missing), missing + " in the server's output:\n" + log);
    }
  }

  @Test
  void jarStaysWithinItsBudget() throws IOException {
    long definitions = 0;
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      definitions = zip.stream().filter(e -> e.getName().matches(CORE_DEFINITIONS_XML))
          .mapToLong(e -> e.getCompressedSize()).sum();
    }
    long size = Files.size(JAR) - definitions;
    assertTrue(size <= MAX_JAR_BYTES, "jar " + Files.size(JAR) + " bytes, " + size + " without HAPI's core "
        + "definitions XML; budget " + MAX_JAR_BYTES);
  }

  @Test
  void conformanceAndOpenApi() throws Exception {
    HttpResponse<String> metadata = get(base + "/metadata");
    assertEquals(200, metadata.statusCode());
    assertTrue(metadata.body().contains("\"CapabilityStatement\""), metadata.body());
    HttpResponse<String> openApi = get(base + "/api-docs");
    assertEquals(200, openApi.statusCode());
    assertTrue(openApi.body().startsWith("openapi: 3"), "YAML by default");
    assertEquals(200, get(base + "/swagger-ui/").statusCode());
    assertEquals(200, get(base + "/swagger-ui/swagger-ui-bundle.js").statusCode());
    assertEquals(200, get(base + "/OperationDefinition/PlanDefinition-apply").statusCode());
  }

  @Test
  void readsAndSearches() throws Exception {
    assertTrue(get(base + "/PlanDefinition/sip-drg-block").body().contains("\"PlanDefinition\""));
    assertTrue(get(base + "/PlanDefinition/sip-drg-block?_format=xml").body().contains("<PlanDefinition"));
    HttpResponse<String> html = http.send(HttpRequest.newBuilder(URI.create(base + "/PlanDefinition/sip-drg-block"))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(html.body().contains("<html"), "HAPI's response highlighter");
    assertTrue(get(base + "/Questionnaire?status=draft").body().contains("\"searchset\""));
  }

  @Test
  void applyValidateLetterAndPopulate() throws Exception {
    HttpResponse<String> carePlan = post(base + "/PlanDefinition/sip-drg-block/$apply",
        Files.readString(Path.of("examples/apply-all-clear.json")), "application/fhir+json");
    assertEquals(200, carePlan.statusCode(), carePlan.body());
    assertTrue(carePlan.body().contains("\"CarePlan\""));

    HttpResponse<String> validated = post(base + "/CarePlan/$validate", carePlan.body(), "application/fhir+json");
    assertEquals(200, validated.statusCode(), validated.body());
    assertFalse(validated.body().contains("\"severity\":\"error\""), validated.body());

    HttpResponse<String> letter = post(base + "/CarePlan/$patient-letter", carePlan.body(), "text/html");
    assertEquals(200, letter.statusCode());
    HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(base + "/CarePlan/$patient-letter"))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/pdf")
        .POST(HttpRequest.BodyPublishers.ofString(carePlan.body())).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, pdf.statusCode());
    assertEquals("%PDF", new String(pdf.body(), 0, 4, StandardCharsets.US_ASCII));

    HttpResponse<String> populated = post(base + "/Questionnaire/sip-screening-drg-block/$populate", """
        {"resourceType": "Parameters", "parameter": [
          {"name": "subject", "valueReference": {"reference": "Patient/example"}}]}""", "application/fhir+json");
    assertEquals(200, populated.statusCode(), populated.body());
  }

  @Test
  void invalidScreeningKeepsTheValidatorsWording() throws Exception {
    HttpResponse<String> rejected = post(base + "/PlanDefinition/sip-drg-block/$apply",
        Files.readString(Path.of("examples/apply-invalid-response.json")), "application/fhir+json");
    assertEquals(422, rejected.statusCode());
    // The singular form comes from ICU's plural rules: their data must be in the jar.
    assertTrue(rejected.body().contains("Answer value must be of the type boolean"), rejected.body());
  }

  @Test
  void valueSetExpansion() throws Exception {
    HttpResponse<String> expansion = get(base + "/ValueSet/sip-spinal-region/$expand?filter=lumb");
    assertEquals(200, expansion.statusCode(), expansion.body());
    assertTrue(expansion.body().contains("\"expansion\""));
  }

  @Test
  void pageCorsAndPackage() throws Exception {
    assertTrue(get(root + "/app/").body().contains("lhc-forms"));
    HttpResponse<byte[]> npm = http.send(HttpRequest.newBuilder(URI.create(root + "/fhir-package/package.tgz"))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, npm.statusCode());
    assertEquals(0x1f, npm.body()[0] & 0xff, "gzip");
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base + "/PlanDefinition/$apply"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    // The jar keeps only the part of Spring the CORS processor reaches: its other paths too (a simple request, a
    // refused origin).
    HttpResponse<String> simple = http.send(HttpRequest.newBuilder(URI.create(base + "/PlanDefinition/sip-drg-block"))
        .header("Origin", ORIGIN).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, simple.statusCode());
    assertEquals(ORIGIN, simple.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/PlanDefinition/$apply"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://elsewhere.example")
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(refused.statusCode() >= 400, "refused: " + refused.statusCode());
    assertFalse(refused.headers().firstValue("Access-Control-Allow-Origin").isPresent());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String body, String accept) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
        .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
