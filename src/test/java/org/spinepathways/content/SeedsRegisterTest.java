package org.spinepathways.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * The seeds/ register: every fact points at elements that exist, every row of the clinical model has a fact, and the
 * checklist of rows matches ../shared/clinical-model.md when that file is beside the repository.
 */
class SeedsRegisterTest {

  private static final Path SEEDS = Path.of("seeds");
  private static final Path CLINICAL_MODEL = Path.of("..", "shared", "clinical-model.md");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void everyFactPointsAtElementsThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    int refs = 0;
    for (JsonNode fact : facts()) {
      assertTrue(fact.get("implementedBy").size() > 0, fact.get("id") + " names no element");
      for (JsonNode ref : fact.get("implementedBy")) {
        refs++;
        resolve(ref).ifPresent(problem -> broken.add(fact.get("id").asText() + ": " + problem));
      }
    }
    assertTrue(refs > 100, "the register should trace every fact; found only " + refs + " references");
    assertEquals(List.of(), broken);
  }

  @Test
  void everyRowOfTheClinicalModelHasAFact() throws IOException {
    Set<String> rows = new HashSet<>();
    checklist().forEach(r -> rows.add(r.get("id").asText()));
    Set<String> covered = new HashSet<>();
    for (JsonNode fact : facts()) {
      for (JsonNode row : fact.get("clinicalModel")) {
        assertTrue(rows.contains(row.asText()), fact.get("id") + " names unknown row " + row);
        covered.add(row.asText());
      }
    }
    Set<String> missing = new HashSet<>(rows);
    missing.removeAll(covered);
    assertEquals(Set.of(), missing, "rows of the clinical model with no fact");
  }

  @Test
  void checklistMatchesTheClinicalModel() throws IOException {
    Assumptions.assumeTrue(Files.exists(CLINICAL_MODEL), "../shared/clinical-model.md is not beside the repo");
    List<JsonNode> rows = checklist();
    List<String> unmatched = new ArrayList<>();
    int lines = 0;
    for (String line : Files.readAllLines(CLINICAL_MODEL)) {
      String text = rowText(line);
      if (text == null) {
        continue;
      }
      lines++;
      boolean matched = rows.stream().anyMatch(r -> line.startsWith("| ")
          ? text.equals(r.get("match").asText()) : text.startsWith(r.get("match").asText()));
      if (!matched) {
        unmatched.add(text);
      }
    }
    assertEquals(rows.size(), lines, "the clinical model has " + lines + " rows, the checklist " + rows.size());
    assertEquals(List.of(), unmatched, "clinical model rows missing from seeds/clinical-model-checklist.json");
  }

  /** The text of a checklist-worthy line of the clinical model, or null for other lines. */
  private static String rowText(String line) {
    if (line.startsWith("| ") && !line.startsWith("| finding") && !line.startsWith("|---")) {
      return line.substring(2, line.indexOf(" |", 2)).trim();
    }
    if (line.startsWith("- ")) {
      return line.substring(2);
    }
    if (line.matches("^[0-9]\\. .*")) {
      return line.substring(3);
    }
    if (line.startsWith("Common /") || line.startsWith("Rare /") || line.startsWith("Very rare /")) {
      return line;
    }
    return null;
  }

  private Optional<String> resolve(JsonNode ref) {
    String[] typeAndId = ref.get("resource").asText().split("/");
    Optional<? extends Resource> resource = switch (typeAndId[0]) {
      case "PlanDefinition" -> store().byId(PlanDefinition.class, typeAndId[1]);
      case "Questionnaire" -> store().byId(Questionnaire.class, typeAndId[1]);
      case "ActivityDefinition" -> store().byId(org.hl7.fhir.r4.model.ActivityDefinition.class, typeAndId[1]);
      case "Consent" -> store().byId(org.hl7.fhir.r4.model.Consent.class, typeAndId[1]);
      default -> Optional.empty();
    };
    if (resource.isEmpty()) {
      return Optional.of("no resource " + ref.get("resource").asText());
    }
    if (ref.has("actionId")) {
      String id = ref.get("actionId").asText();
      return hasAction(((PlanDefinition) resource.get()).getAction(), id) ? Optional.empty()
          : Optional.of("no action '" + id + "' in " + ref.get("resource").asText());
    }
    if (ref.has("linkId")) {
      String linkId = ref.get("linkId").asText();
      return Questionnaires.linkIds((Questionnaire) resource.get()).contains(linkId) ? Optional.empty()
          : Optional.of("no linkId '" + linkId + "' in " + ref.get("resource").asText());
    }
    if (ref.has("path")) {
      List<Base> found = TestModule.get().fhirContext().newFhirPath()
          .evaluate(resource.get(), ref.get("path").asText(), Base.class);
      return found.isEmpty() ? Optional.of("path finds nothing in " + ref.get("resource").asText() + ": "
          + ref.get("path").asText()) : Optional.empty();
    }
    return Optional.of("a reference needs an actionId, a linkId or a path");
  }

  private static boolean hasAction(List<PlanDefinitionActionComponent> actions, String id) {
    for (PlanDefinitionActionComponent a : actions) {
      if (id.equals(a.getId()) || hasAction(a.getAction(), id)) {
        return true;
      }
    }
    return false;
  }

  private static KnowledgeStore store() {
    return TestModule.get().store();
  }

  private List<JsonNode> facts() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(SEEDS)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d{3}-.*\\.json")).sorted().toList()) {
        JsonNode doc = json.readTree(f.toFile());
        assertFalse(doc.get("source").get("title").asText().isBlank(), f + " has no citation title");
        doc.get("facts").forEach(out::add);
      }
    }
    assertTrue(out.size() >= 5, "no facts found in seeds/");
    return out;
  }

  private List<JsonNode> checklist() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    json.readTree(SEEDS.resolve("clinical-model-checklist.json").toFile()).get("rows").forEach(out::add);
    return out;
  }
}
