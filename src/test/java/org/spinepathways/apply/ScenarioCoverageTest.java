package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.spinepathways.content.PathwayVocabulary;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PlanGraph;

/**
 * Every rule of every pathway (its own and its building blocks') fires in at least one golden scenario, or one shows
 * it deliberately silent there; a rule that reads EHR records also fires in a scenario whose fact comes from the EHR
 * alone.
 */
class ScenarioCoverageTest {

  @Test
  void everyRuleOfEveryPathwayHasAScenario() throws IOException, URISyntaxException {
    KnowledgeStore store = TestModule.get().store();
    PlanGraph graph = new PlanGraph(store);
    Map<String, Set<String>> fired = new HashMap<>();
    Map<String, Set<String>> firedFromEhr = new HashMap<>();
    Path root = Path.of(ScenarioCoverageTest.class.getResource("/scenarios").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("scenario.json")).toList()) {
        GoldenScenarioTest.Scenario s = GoldenScenarioTest.Scenario.read(f);
        fired.computeIfAbsent(s.plan(), k -> new HashSet<>()).addAll(s.issues());
        fired.get(s.plan()).addAll(s.silent());
        if (s.evidence().equals("ehr")) {
          firedFromEhr.computeIfAbsent(s.plan(), k -> new HashSet<>()).addAll(s.issues());
          firedFromEhr.get(s.plan()).addAll(s.silent());
        }
      }
    }
    Set<String> missing = new TreeSet<>();
    int pathways = 0;
    for (PlanDefinition plan : store.all(PlanDefinition.class)) {
      if (!graph.includingPlans(plan).isEmpty()) {
        continue; // a building block: covered through the pathways that use it
      }
      pathways++;
      Set<String> scenarioIssues = fired.getOrDefault(plan.getIdPart(), Set.of());
      Set<String> ehrIssues = firedFromEhr.getOrDefault(plan.getIdPart(), Set.of());
      for (ActionNode node : PlanTree.compile(plan, store).nodes()) {
        if (node.isRule() && !scenarioIssues.contains(node.key())) {
          missing.add(plan.getIdPart() + " / " + node.key());
        }
        if (node.isRule() && readsRecords(node) && !ehrIssues.contains(node.key())) {
          missing.add(plan.getIdPart() + " / " + node.key() + " (from EHR records alone)");
        }
      }
      assertTrue(fired.containsKey(plan.getIdPart()), "no scenarios for " + plan.getIdPart());
    }
    assertEquals(5, pathways, "five pathways");
    assertEquals(Set.of(), missing, "rules no golden scenario exercises");
  }

  /** A rule whose evidence names EHR records (a {@code %...Records} variable) needs an EHR-only scenario too. */
  private static boolean readsRecords(ActionNode node) {
    Extension evidence = node.action().getExtensionByUrl(PathwayVocabulary.EXT_ISSUE_EVIDENCE);
    return evidence != null && evidence.getValue() instanceof Expression e && e.getExpression().contains("Records");
  }
}
