package org.spinepathways.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * The hazard log ({@code seeds/hazard-log.json}) resolves: every control names a real rule, action or item and traces
 * to a source or a defined clinical safety decision; every scenario it cites exists; every rule of the shared safety
 * floor controls some hazard. (That every decision the content cites is recorded is ClinicalSafetyDecisionsTest's job.)
 */
class HazardLogTest {

  private static final Path SEEDS = Path.of("seeds");
  private static final Path TESTS = Path.of("src/test/resources");
  private final KnowledgeStore store = TestModule.get().store();

  @Test
  void everyEntryResolves() throws IOException {
    JsonNode log = new ObjectMapper().readTree(SEEDS.resolve("hazard-log.json").toFile());
    Set<String> decisions = decisionIds();
    Set<String> problems = new TreeSet<>();
    Set<String> controlled = new HashSet<>();
    for (JsonNode hazard : log.get("hazards")) {
      String id = hazard.get("id").asText();
      assertFalse(hazard.get("controls").isEmpty(), id + " has no control");
      assertFalse(hazard.get("scenarios").isEmpty(), id + " has no scenario");
      for (JsonNode control : hazard.get("controls")) {
        String resource = control.get("resource").asText();
        String element = control.get("actionId").asText();
        if (!elementExists(resource, element)) {
          problems.add(id + ": no " + element + " in " + resource);
        }
        controlled.add(resource + "#" + element);
        for (JsonNode trace : control.get("traces")) {
          String t = trace.asText();
          if (!t.matches("00[0-4]") && !decisions.contains(t)) {
            problems.add(id + ": trace " + t + " is neither a source nor a defined clinical safety decision");
          }
        }
      }
      for (JsonNode scenario : hazard.get("scenarios")) {
        String s = scenario.asText();
        Path file = s.startsWith("rejections/") ? TESTS.resolve(s).resolve("expect.json")
            : TESTS.resolve("scenarios").resolve(s).resolve("scenario.json");
        if (!Files.exists(file)) {
          problems.add(id + ": scenario " + s + " does not exist");
        }
      }
    }
    floorRules(store.byId(PlanDefinition.class, "sip-safety-floor").orElseThrow(), controlled, problems,
        new HashSet<>());
    assertEquals(Set.of(), problems, "hazard log problems");
  }

  private boolean elementExists(String resource, String element) {
    String[] parts = resource.split("/");
    if (parts[0].equals("PlanDefinition")) {
      return store.byId(PlanDefinition.class, parts[1]).map(p -> {
        Set<String> ids = new HashSet<>();
        ElementWalker.forEach(p, PlanDefinition.PlanDefinitionActionComponent.class, (path, a) -> ids.add(a.getId()));
        return ids.contains(element);
      }).orElse(false);
    }
    if (parts[0].equals("Questionnaire")) {
      Questionnaire q = store.byId(Questionnaire.class, parts[1]).orElse(null);
      if (q == null) {
        q = moduleOrNull(parts[1]);
      }
      return q != null && Questionnaires.linkIds(q).contains(element);
    }
    return false;
  }

  /** Modules are assembled into the served forms at build time; they live under forms/modules. */
  private Questionnaire moduleOrNull(String id) {
    Path file = Path.of("src/main/resources/forms/modules/Questionnaire-" + id + ".json");
    try {
      return Files.exists(file) ? TestModule.get().fhirContext().newJsonParser()
          .parseResource(Questionnaire.class, Files.readString(file)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Every rule of the floor and of the building blocks it includes controls a hazard. */
  private void floorRules(PlanDefinition plan, Set<String> controlled, Set<String> problems, Set<String> seen) {
    if (!seen.add(plan.getIdPart())) {
      return;
    }
    ElementWalker.forEach(plan, PlanDefinition.PlanDefinitionActionComponent.class, (path, a) -> {
      if (a.hasExtension(PathwayVocabulary.EXT_DECISION_EFFECT)
          && !controlled.contains("PlanDefinition/" + plan.getIdPart() + "#" + a.getId())) {
        problems.add("floor rule " + plan.getIdPart() + "/" + a.getId() + " controls no hazard");
      }
      if (a.hasDefinitionCanonicalType()) {
        store.byCanonical(PlanDefinition.class, a.getDefinitionCanonicalType().getValue())
            .ifPresent(nested -> floorRules(nested, controlled, problems, seen));
      }
    });
  }

  /** The clinical safety decisions recorded in seeds/clinical-safety-decisions.json. */
  private static Set<String> decisionIds() throws IOException {
    Set<String> ids = new HashSet<>();
    new ObjectMapper().readTree(SEEDS.resolve("clinical-safety-decisions.json").toFile()).path("decisions")
        .forEach(d -> ids.add(d.get("id").asText()));
    return ids;
  }
}
