package org.spinepathways.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spinepathways.cli.ConsoleCapture.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code validate} over examples/ gives exactly the outcomes examples/validation-index.csv states. */
class ValidateCommandTest {

  @Test
  void validatingTheExamplesGivesTheIndexedOutcomes() throws IOException {
    String out = capture(() -> assertEquals(1, Main.run("validate", "examples"), "some examples are invalid"));
    Map<String, String> verdicts = new HashMap<>();
    Map<String, StringBuilder> details = new HashMap<>();
    String current = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("VALID") || line.startsWith("INVALID")) {
        String[] parts = line.split("\\s+");
        current = parts[1].substring("examples/".length(), parts[1].length() - 1);
        verdicts.put(current, parts[0].equals("VALID") ? "valid" : "invalid");
        details.put(current, new StringBuilder());
      } else if (current != null) {
        details.get(current).append(line).append('\n');
      }
    }
    List<String[]> index = index();
    assertEquals(index.size(), verdicts.size(), "every file under examples/ is in the index: " + verdicts.keySet());
    for (String[] row : index) {
      assertEquals(row[1], verdicts.get(row[0]), row[0]);
      if (row.length > 2 && !row[2].isBlank()) {
        assertTrue(details.get(row[0]).toString().contains(row[2]), row[0] + " should mention " + row[2] + ":\n"
            + details.get(row[0]));
      }
    }
  }

  @Test
  void validFilesExitZeroAndAnUnknownProfileIsAUsageError() {
    capture(() -> assertEquals(0, Main.run("validate", "examples/validate/valid-screening-response.json",
        "examples/careplan-infection.json")));
    capture(() -> assertEquals(2, Main.run("validate", "--profile", "http://example.test/StructureDefinition/none",
        "examples/careplan-infection.json")));
    capture(() -> assertEquals(2, Main.run("validate")));
  }

  static List<String[]> index() throws IOException {
    return Files.readAllLines(Path.of("examples/validation-index.csv")).stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> l.split(",", 3)).toList();
  }
}
