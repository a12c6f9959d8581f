package org.spinepathways.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The screening forms served from src/main/resources/content are exactly what their roots and modules under
 * src/main/resources/forms assemble to. With {@code -Dforms.update=true} the committed forms are rewritten instead.
 */
class FormAssemblyTest {

  static final Path FORMS = Path.of("src/main/resources/forms");
  static final Path CONTENT = Path.of("src/main/resources/content");
  static final String HOW_TO_UPDATE = "run: mvn -q test -Dtest=FormAssemblyTest -Dforms.update=true";
  private static final FhirContext FHIR = FhirContext.forR4();

  /** One test per root (none while the forms folder does not exist; see {@link #theFormsFolderHoldsRoots()}). */
  @TestFactory
  Stream<DynamicTest> everyCommittedFormIsWhatItsRootAssemblesTo() {
    if (!Files.isDirectory(FORMS)) {
      return Stream.empty();
    }
    // Assembly problems fail the whole factory, every problem listed.
    return FormAssembler.fromFolder(FHIR, FORMS).assembleAll().entrySet().stream()
        .map(e -> dynamicTest(e.getKey().file(), () -> compareOrUpdate(e.getValue())));
  }

  @Test
  void everyAssembledFormInContentStillHasItsRoot() throws IOException {
    Set<String> roots = Files.isDirectory(FORMS) ? FormAssembler.fromFolder(FHIR, FORMS).roots().stream()
        .map(FormSource::canonical).collect(Collectors.toSet()) : Set.of();
    List<String> orphans = new ArrayList<>();
    try (Stream<Path> files = Files.list(CONTENT)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("Questionnaire-")).sorted().toList()) {
        Questionnaire form = FHIR.newJsonParser().parseResource(Questionnaire.class, Files.readString(file));
        Extension from = form.getExtensionByUrl(FormExtensions.ASSEMBLED_FROM);
        if (from != null && !roots.contains(from.getValue().primitiveValue())) {
          orphans.add(file.getFileName() + " (assembled from " + from.getValue().primitiveValue() + ")");
        }
      }
    }
    assertEquals(List.of(), orphans, "assembled forms whose root is no longer under " + FORMS
        + ": delete them or restore the root");
  }

  @Test
  void theFormsFolderHoldsRoots() {
    assertTrue(Files.isDirectory(FORMS), "no forms found: " + FORMS + " does not exist");
    assertFalse(FormAssembler.fromFolder(FHIR, FORMS).roots().isEmpty(), "no forms found: no root under " + FORMS);
  }

  private static void compareOrUpdate(Questionnaire form) throws IOException {
    Path committed = CONTENT.resolve(FormFiles.fileName(form));
    String assembled = FormFiles.encode(FHIR, form);
    if (Boolean.getBoolean("forms.update")) {
      FormFiles.write(FHIR, CONTENT, form);
    }
    assertTrue(Files.exists(committed), committed + " is missing; " + HOW_TO_UPDATE);
    String text = Files.readString(committed, StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertEquals(assembled, text, committed + " differs from what its root and modules assemble to; "
        + HOW_TO_UPDATE);
  }
}
