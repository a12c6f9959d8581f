package org.spinepathways.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spinepathways.cli.ConsoleCapture.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit 0 with a CarePlan, 1 with an OperationOutcome, 2 for usage errors. */
class MainTest {

  private static final Path SCENARIOS = Path.of("src/test/resources/scenarios/sip-drg-block");

  @TempDir
  Path dir;

  @Test
  void applyWritesTheCarePlan() throws IOException {
    Path qr = extractResponse("infection");
    Path out = dir.resolve("careplan.json");
    int code = Main.run("apply", "--plan", "sip-drg-block", "--subject", "Patient/example", "--response",
        qr.toString(), "--out", out.toString());
    assertEquals(0, code);
    String careplan = Files.readString(out);
    assertTrue(careplan.contains("\"resourceType\": \"CarePlan\""));
    assertTrue(careplan.contains("\"code\": \"postpone\""));
  }

  @Test
  void rejectedInputPrintsAnOperationOutcomeAndExitsOne() throws IOException {
    Path qr = extractResponse("all-clear");
    String printed = capture(() -> assertEquals(1, Main.run("apply", "--plan", "sip-drg-block", "--subject",
        "Patient/someone-else", "--response", qr.toString())));
    assertTrue(printed.contains("OperationOutcome"), printed);
  }

  @Test
  void unknownPlanExitsOne() throws IOException {
    capture(() -> assertEquals(1, Main.run("apply", "--plan", "no-such-plan", "--subject", "Patient/example")));
  }

  @Test
  void usageErrorsExitTwo() {
    capture(() -> assertEquals(2, Main.run("apply", "--subject", "Patient/example")));
    capture(() -> assertEquals(2, Main.run("serve", "--port", "not-a-number")));
    capture(() -> assertEquals(2, Main.run("frobnicate")));
  }

  /** The questionnaireResponse of a scenario's request, as a file of its own. */
  private Path extractResponse(String scenario) throws IOException {
    String request = Files.readString(SCENARIOS.resolve(scenario).resolve("request.json"));
    var params = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .parseResource(org.hl7.fhir.r4.model.Parameters.class, request);
    var qr = params.getParameter().stream().filter(p -> p.getName().equals("questionnaireResponse")).findFirst()
        .orElseThrow().getResource();
    Path file = dir.resolve(scenario + "-qr.json");
    Files.writeString(file, ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(qr));
    return file;
  }
}
