package org.spinepathways.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spinepathways.cli.ConsoleCapture.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assemble-forms} writes one pretty-printed Questionnaire per root, or lists the problems and exits 1. */
class AssembleFormsCommandTest {

  private static final Path FIXTURES = Path.of("src/test/resources/forms-fixtures");

  @Test
  void writesOneAssembledQuestionnairePerRoot(@TempDir Path out) throws IOException {
    capture(() -> assertEquals(0, Main.run("assemble-forms", "--forms", FIXTURES.resolve("valid").toString(),
        "--out", out.toString())));
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(java.util.List.of("Questionnaire-sip-test-joint.json", "Questionnaire-sip-test-spine.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    String text = Files.readString(out.resolve("Questionnaire-sip-test-spine.json"));
    assertTrue(text.startsWith("{\n  \"resourceType\": \"Questionnaire\"") && text.endsWith("}\n"), text);
    Questionnaire form = FhirContext.forR4().newJsonParser().parseResource(Questionnaire.class, text);
    assertEquals("http://spinal-injection-pathways.org/fhir/Questionnaire/sip-test-spine|0.1.0", form
        .getExtensionByUrl("http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-assembledFrom")
        .getValue().primitiveValue());
  }

  @Test
  void problemsAreListedAndNothingIsWritten(@TempDir Path out) throws IOException {
    String console = capture(() -> assertEquals(1, Main.run("assemble-forms", "--forms",
        FIXTURES.resolve("cycle").toString(), "--out", out.toString())));
    assertTrue(console.contains("module-b.json @ Questionnaire.item[1]: modules include each other"), console);
    try (Stream<Path> files = Files.list(out)) {
      assertFalse(files.findAny().isPresent(), "nothing written");
    }
  }

  @Test
  void aMissingOptionIsAUsageError() {
    capture(() -> assertEquals(2, Main.run("assemble-forms", "--forms", FIXTURES.resolve("valid").toString())));
  }
}
