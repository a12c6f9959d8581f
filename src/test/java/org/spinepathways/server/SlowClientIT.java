package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.spinepathways.TestModule;
import org.spinepathways.server.http.Limits;

/**
 * 200 uploads sending one byte and then nothing: they hold no thread while their bodies trickle in, so other clients
 * are answered as usual, and each slow upload gets a 408 OperationOutcome once it falls below the minimum rate or
 * past the deadline. Bounded: every socket is closed by the test, and the test stops itself after two minutes.
 */
class SlowClientIT {

  private static final int SLOW_CLIENTS = 200;
  @TempDir
  static Path dir;
  private static EmbeddedServer server;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    Limits limits = Limits.defaults().withDeadline(Duration.ofSeconds(6), 256);
    server = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES),
        SecuritySettings.defaults().withLimits(limits).withAuditLog(dir.resolve("audit.jsonl")));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static long timedGet() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "/PlanDefinition/sip-drg-block")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  @Timeout(120)
  void normalRequestsAreAnsweredWhileSlowUploadsAreOpen() throws Exception {
    timedGet();
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("POST /fhir/PlanDefinition/sip-drg-block/$apply HTTP/1.1\r\nHost: a\r\n"
            + "Content-Type: application/fhir+json\r\nContent-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        slow.add(socket);
      }
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        latencies.add(timedGet());
      }
      System.out.println("GET latencies with " + SLOW_CLIENTS + " slow uploads open (ms): " + latencies);
      assertTrue(latencies.stream().allMatch(ms -> ms < 1000), "each answered within a second: " + latencies);

      int refused = 0;
      for (Socket socket : slow) {
        RawHttp.Answer answer = readAnswer(socket);
        if (answer.status() == 408 && answer.body().contains("OperationOutcome")) {
          refused++;
        }
      }
      assertEquals(SLOW_CLIENTS, refused, "every slow upload gets its 408");
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
    timedGet();
  }

  private static RawHttp.Answer readAnswer(Socket socket) throws IOException {
    return RawHttp.read(socket.getInputStream());
  }
}
