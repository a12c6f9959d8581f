package org.spinepathways.letter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinepathways.TestModule;

/**
 * The letter of every golden CarePlan: each active instruction to the patient is printed exactly once, unless the
 * plan is held and the instruction's section depends on the procedure; a held letter says so.
 */
class LetterScenariosTest {

  static Stream<Path> goldenCarePlans() throws IOException, URISyntaxException {
    Path root = Path.of(LetterScenariosTest.class.getResource("/scenarios").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().equals("expected-careplan.json")).sorted().toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCarePlans")
  void everyActiveInstructionIsPrintedOnceOrWithheldBecauseTheProcedureIsHeld(Path file) throws IOException {
    CarePlan carePlan = TestModule.get().fhirContext().newJsonParser().parseResource(CarePlan.class,
        Files.readString(file));
    PatientLetters letters = LetterFixture.letters();
    PatientLetter letter = letters.letter(carePlan);
    String html = letters.html(carePlan);
    SectionMap sections = SectionMap.from(TestModule.get().store());
    for (CommunicationRequest cr : PatientLetterTest.activeInstructions(carePlan)) {
      String text = PatientLetterTest.escaped(cr.getPayloadFirstRep().getContentStringType().getValue());
      LetterSection section = sections.sectionOf(cr.getCategoryFirstRep().getCoding());
      int expected = letter.held() && section.dependsOnProcedure() ? 0 : 1;
      assertEquals(expected, occurrences(html, text), cr.getIdPart() + " in section " + section.code());
    }
    if (letter.held()) {
      assertTrue(html.contains("This letter does not include instructions for preparing"), file.toString());
    }
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
