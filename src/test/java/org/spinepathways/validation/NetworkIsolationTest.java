package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * The validator never fetches anything: a profile URL and a code system URL that point at a loopback listener
 * must be reported as unknown, and the listener must see no connection.
 */
class NetworkIsolationTest {

  @Test
  void profileAndTerminologyUrlsAreNeverFetched() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!listener.isClosed()) {
          try (Socket ignored = listener.accept()) {
            connections.incrementAndGet();
          } catch (SocketException closed) {
            return;
          } catch (Exception e) {
            connections.incrementAndGet();
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String base = "http://127.0.0.1:" + listener.getLocalPort();

      Observation obs = new Observation();
      obs.setStatus(Observation.ObservationStatus.FINAL);
      obs.setCode(new CodeableConcept(new Coding(base + "/CodeSystem/remote", "x", "Remote code")));
      obs.getMeta().addProfile(base + "/StructureDefinition/remote-profile");
      ValidationResult result = TestModule.get().validator().validate(obs);

      assertEquals(0, connections.get(), "the validator contacted the network");
      assertTrue(result.getMessages().stream().anyMatch(m -> m.getMessage().contains("remote-profile")),
          "the unknown profile is reported, not fetched: " + result.getMessages());
    }
  }
}
