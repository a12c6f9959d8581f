package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinepathways.TestModule;

/**
 * Screenings that must never reach a decision: a site outside the pathway's scope, a safety answer left blank, a past
 * event dated in the future, a response to the retired shared form. Each folder under {@code rejections/} holds the
 * request and what the 422 must name; the engine rejects it, so no order of any kind is produced.
 */
class ScreeningRejectionTest {

  static Stream<Path> rejections() throws IOException, URISyntaxException {
    Path root = Path.of(ScreeningRejectionTest.class.getResource("/rejections").toURI());
    try (Stream<Path> files = Files.list(root)) {
      return files.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void rejected(Path dir) throws IOException {
    JsonNode expect = new ObjectMapper().readTree(dir.resolve("expect.json").toFile());
    Parameters parameters = TestModule.get().fhirContext().newJsonParser()
        .parseResource(Parameters.class, Files.readString(dir.resolve("request.json")));
    ApplyRequest request = ScenarioRequests.from(expect.get("plan").asText(), parameters);
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> TestModule.get().processor().apply(request), "must be rejected: " + expect.get("intent").asText());
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind(), e.getMessage());
    String said = e.getMessage() + " " + e.issues();
    for (JsonNode needle : expect.get("contains")) {
      assertTrue(said.contains(needle.asText()), "the rejection must name " + needle.asText() + ": " + said);
    }
  }
}
