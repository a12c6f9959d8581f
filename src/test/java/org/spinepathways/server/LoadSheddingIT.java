package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.spinepathways.TestModule;
import org.spinepathways.server.http.Limits;

/**
 * One $apply at a time, one waiting: a burst of 24 is mostly shed at once with 503, Retry-After and an
 * OperationOutcome, the rest answered; reads are not gated; once the burst is over the next $apply is served.
 */
class LoadSheddingIT {

  @TempDir
  static Path dir;
  private static EmbeddedServer server;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String allClear;

  @BeforeAll
  static void start() throws Exception {
    Limits limits = Limits.defaults().withConcurrency(1, 1, Duration.ofMillis(300));
    server = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES),
        SecuritySettings.defaults().withLimits(limits).withAuditLog(dir.resolve("audit.jsonl")));
    allClear = Files.readString(Path.of("examples/apply-all-clear.json"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static CompletableFuture<HttpResponse<String>> apply() {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/PlanDefinition/sip-drg-block/$apply"))
        .header("Content-Type", "application/fhir+json").timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(allClear)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(180)
  void aBurstIsShedAndServiceResumes() throws Exception {
    assertEquals(200, apply().get().statusCode());
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      burst.add(apply());
    }
    HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "/PlanDefinition/sip-drg-block")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, read.statusCode(), "reads are not gated");
    int ok = 0;
    int shed = 0;
    for (CompletableFuture<HttpResponse<String>> f : burst) {
      HttpResponse<String> r = f.get();
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        assertTrue(r.body().contains("OperationOutcome") && r.body().contains("busy"), r.body());
        shed++;
      }
    }
    System.out.println("burst of 24 with 1 slot and a queue of 1: " + ok + " served, " + shed + " shed");
    assertTrue(shed > 0, "some requests are shed");
    assertTrue(ok >= 1, "some are served");
    assertEquals(200, apply().get().statusCode(), "recovery is immediate");
  }
}
