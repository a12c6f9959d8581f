package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * A pod scaled down or replaced gets SIGTERM; {@code serve} then drains: an {@code $apply} already in flight finishes
 * with its CarePlan instead of losing its connection.
 */
class GracefulShutdownIT {

  @Test
  void anApplyInFlightFinishesWhileTheServerDrains() throws Exception {
    EmbeddedServer server = EmbeddedServer.start(TestModule.get(),
        new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES));
    byte[] body = Files.readAllBytes(Path.of("src/test/resources/scenarios/sip-drg-block/all-clear/request.json"));
    CompletableFuture<Void> draining = null;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(40_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /fhir/PlanDefinition/sip-drg-block/$apply HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/fhir+json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, body.length / 2);
      out.flush();
      Thread.sleep(500);
      draining = CompletableFuture.runAsync(() -> {
        try {
          server.drainAndClose(Duration.ofSeconds(30));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(500);
      assertFalse(draining.isDone(), "the server waits for the request in flight");
      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      assertEquals(200, answer.status(), answer.head());
      assertTrue(answer.body().matches("(?s).*\"resourceType\"\\s*:\\s*\"CarePlan\".*"), "the CarePlan");
    } finally {
      if (draining != null) {
        draining.get(60, TimeUnit.SECONDS);
      } else {
        server.close();
      }
    }
  }
}
