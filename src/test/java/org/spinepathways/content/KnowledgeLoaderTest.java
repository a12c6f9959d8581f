package org.spinepathways.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinepathways.TestModule;
import org.spinepathways.validation.CoreDefinitions;

class KnowledgeLoaderTest {

  private static KnowledgeLoader loader;

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp() {
    FhirContext ctx = TestModule.get().fhirContext();
    loader = new KnowledgeLoader(ctx, new FhirPathCompiler(ctx));
  }

  @Test
  void packagedLibraryLoadsAndIndexesByIdAndCanonical() {
    KnowledgeStore store = TestModule.get().store();
    PlanDefinition byId = store.byId(PlanDefinition.class, "sip-drg-block").orElseThrow();
    assertEquals(byId, store.byCanonical(byId.getUrl()).orElseThrow());
    assertEquals(byId, store.byCanonical(byId.getUrl() + "|" + byId.getVersion()).orElseThrow());
    assertTrue(store.byCanonical(byId.getUrl() + "|9.9.9").isEmpty());
    assertTrue(store.byId(Questionnaire.class, "sip-screening-drg-block").isPresent());
  }

  /**
   * Loading compiles every expression without parsing the core definitions: building a FHIRPath engine over the
   * context's (210 StructureDefinitions parsed) was most of a cold start's load, before the port opened. The validator's
   * warm-up, on its own thread, parses the ones it needs later.
   */
  @Test
  void loadingTheLibraryParsesNoCoreDefinitionToCompileItsExpressions() {
    FhirContext ctx = FhirContext.forR4();
    CoreDefinitions definitions = CoreDefinitions.install(ctx);
    FhirPathCompiler compiler = new FhirPathCompiler(ctx);
    KnowledgeStore store = new KnowledgeLoader(ctx, compiler).loadPackaged();
    assertTrue(store.all(PlanDefinition.class).size() >= 5);
    assertEquals("Patient.name.where(use = 'official')",
        compiler.parse("Patient.name.where(use = 'official')").toString());
    assertTrue(definitions.parsedCount() < 50, definitions.parsedCount() + " core definitions parsed by the load");
  }

  @Test
  void bareUrlResolvesToHighestVersionNotLastLoaded() throws IOException {
    // 0.10.0 sorts before 0.9.0 as text and loads first; the bare url must still give 0.10.0.
    write("a-PlanDefinition-v10.json", plan("p10", "0.10.0"));
    write("b-PlanDefinition-v9.json", plan("p9", "0.9.0"));
    KnowledgeStore store = loader.load(List.of(dir));
    assertEquals("0.10.0", store.byCanonical("http://example.test/PlanDefinition/p").orElseThrow().getVersion());
    assertEquals("0.9.0", store.byCanonical("http://example.test/PlanDefinition/p|0.9.0").orElseThrow().getVersion());
  }

  @Test
  void contentNeverFollowsALinkOutOfItsDirectoryAndCapsFileSizes(@TempDir Path outside) throws IOException {
    write("a-PlanDefinition-ok.json", plan("ok", "1"));
    Path secret = Files.writeString(outside.resolve("PlanDefinition-outside.json"), plan("outside", "1"));
    Files.createSymbolicLink(dir.resolve("b-link.json"), secret);
    Files.write(dir.resolve("c-huge.json"), new byte[(int) KnowledgeLoader.MAX_FILE_BYTES + 1]);
    ContentException e = assertThrows(ContentException.class, () -> loader.load(List.of(dir)));
    String all = e.getMessage();
    assertTrue(all.contains("b-link.json") && all.contains("outside the content directory"), all);
    assertTrue(all.contains("c-huge.json") && all.contains("larger than"), all);
  }

  @Test
  void brokenLibraryReportsEveryProblemWithFileAndElement() throws IOException {
    write("PlanDefinition-broken.json", """
        {"resourceType": "PlanDefinition", "id": "broken", "url": "http://example.test/PlanDefinition/broken",
         "version": "1", "status": "draft",
         "extension": [
           {"url": "http://hl7.org/fhir/StructureDefinition/variable",
            "valueExpression": {"name": "bad", "language": "text/fhirpath", "expression": "%data.where(("}},
           {"url": "http://hl7.org/fhir/StructureDefinition/variable",
            "valueExpression": {"name": "cql", "language": "text/cql", "expression": "true"}},
           {"url": "http://hl7.org/fhir/StructureDefinition/variable",
            "valueExpression": {"name": "unknown", "language": "text/fhirpath", "expression": "%elsewhere.exists()"}}
         ],
         "action": [
           {"id": "a", "condition": [{"kind": "applicability",
              "expression": {"language": "text/fhirpath", "expression": "%screening.item.where(("}}]},
           {"id": "b", "definitionCanonical": "http://example.test/ActivityDefinition/missing"},
           {"id": "c", "condition": [{"kind": "applicability",
              "expression": {"language": "text/cql", "expression": "true"}}]},
           {"id": "d", "condition": [{"kind": "applicability",
              "expression": {"language": "text/fhirpath", "expression": "%nosuch.exists()"}}]},
           {"id": "e", "relatedAction": [{"actionId": "nowhere", "relationship": "before-start"}]}
         ]}""");
    write("PlanDefinition-dup.json", plan("dup", "1").replace("/PlanDefinition/p\"", "/PlanDefinition/broken\""));
    ContentException e = assertThrows(ContentException.class, () -> loader.load(List.of(dir)));
    List<String> problems = e.problems().stream().map(ContentProblem::toString).toList();
    assertHas(problems, "PlanDefinition-broken.json @ PlanDefinition.action[0].condition[0].expression.expression",
        "does not parse");
    assertHas(problems, "PlanDefinition.action[1].definitionCanonical", "does not resolve");
    assertHas(problems, "PlanDefinition.action[2].condition[0].expression.language", "text/fhirpath expressions only");
    assertHas(problems, "PlanDefinition.action[3].condition[0].expression", "unknown variable %nosuch");
    assertHas(problems, "PlanDefinition.action[4].relatedAction[0].actionId", "nowhere");
    assertHas(problems, "PlanDefinition-dup.json", "duplicate canonical");
    // Plan-level variables are parsed and checked like every other expression.
    assertHas(problems, "PlanDefinition.extension[0].valueExpression.expression", "does not parse");
    assertHas(problems, "PlanDefinition.extension[1].valueExpression.language", "text/fhirpath expressions only");
    assertHas(problems, "PlanDefinition.extension[2].valueExpression", "unknown variable %elsewhere");
  }

  @Test
  void expressionNamingALinkIdTheQuestionnaireLacksIsRejected() throws IOException {
    write("Questionnaire-q.json", """
        {"resourceType": "Questionnaire", "id": "q", "url": "http://example.test/Questionnaire/q", "version": "1",
         "status": "draft", "item": [{"linkId": "known", "text": "Known?", "type": "boolean"}]}""");
    write("PlanDefinition-uses-q.json", """
        {"resourceType": "PlanDefinition", "id": "uses-q", "url": "http://example.test/PlanDefinition/uses-q",
         "version": "1", "status": "draft",
         "action": [
           {"id": "screen", "definitionCanonical": "http://example.test/Questionnaire/q|1"},
           {"id": "ok", "condition": [{"kind": "applicability", "expression": {"language": "text/fhirpath",
              "expression": "%screening.repeat(item).where(linkId = 'known').answer.value = true"}}]},
           {"id": "bad", "condition": [{"kind": "applicability", "expression": {"language": "text/fhirpath",
              "expression": "%screening.repeat(item).where(linkId = 'unknown').answer.value = true"}}]}
         ]}""");
    ContentException e = assertThrows(ContentException.class, () -> loader.load(List.of(dir)));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertHas(List.of(e.problems().get(0).toString()), "PlanDefinition.action[2].condition[0].expression",
        "linkId 'unknown'");
  }

  @Test
  void aQuestionNoRuleReadsIsRejectedUnlessMarkedInformational() throws IOException {
    write("Questionnaire-q.json", """
        {"resourceType": "Questionnaire", "id": "q", "url": "http://example.test/Questionnaire/q", "version": "1",
         "status": "draft", "item": [
           {"linkId": "read", "text": "Read?", "type": "boolean"},
           {"linkId": "unread", "text": "Unread?", "type": "boolean"},
           {"linkId": "note", "text": "Anything else?", "type": "string", "extension": [{"url":
             "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-informational-item",
             "valueString": "free text passed to the team"}]}]}""");
    write("PlanDefinition-uses-q.json", """
        {"resourceType": "PlanDefinition", "id": "uses-q", "url": "http://example.test/PlanDefinition/uses-q",
         "version": "1", "status": "draft",
         "action": [
           {"id": "screen", "definitionCanonical": "http://example.test/Questionnaire/q|1"},
           {"id": "ok", "condition": [{"kind": "applicability", "expression": {"language": "text/fhirpath",
              "expression": "%screening.repeat(item).where(linkId = 'read').answer.value = true"}}]}
         ]}""");
    ContentException e = assertThrows(ContentException.class, () -> loader.load(List.of(dir)));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertHas(List.of(e.problems().get(0).toString()), "Questionnaire-q.json @ Questionnaire.item[1]",
        "item 'unread' is asked on uses-q but no rule or output of that pathway reads it");
  }

  @Test
  void anItemARuleDecidesOnMustBeRequiredUnlessItSaysWhyABlankIsSafe() throws IOException {
    write("Questionnaire-q.json", """
        {"resourceType": "Questionnaire", "id": "q", "url": "http://example.test/Questionnaire/q", "version": "1",
         "status": "draft", "item": [
           {"linkId": "blank-unsafe", "text": "Unsafe?", "type": "boolean"},
           {"linkId": "blank-safe", "text": "Date?", "type": "date", "extension": [{"url":
             "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-optional-item",
             "valueString": "a blank date is acted on"}]}]}""");
    write("PlanDefinition-uses-q.json", """
        {"resourceType": "PlanDefinition", "id": "uses-q", "url": "http://example.test/PlanDefinition/uses-q",
         "version": "1", "status": "draft",
         "extension": [{"url": "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-variable",
           "valueExpression": {"name": "unsafe", "language": "text/fhirpath",
             "expression": "%screening.repeat(item).where(linkId = 'blank-unsafe').answer.value = true"}}],
         "action": [
           {"id": "screen", "definitionCanonical": "http://example.test/Questionnaire/q|1"},
           {"id": "rule", "extension": [{"url":
              "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-decision-effect", "valueCode": "postpone"}],
            "condition": [{"kind": "applicability", "expression": {"language": "text/fhirpath",
              "expression": "%unsafe or %screening.repeat(item).where(linkId = 'blank-safe').answer.empty()"}}]}
         ]}""");
    ContentException e = assertThrows(ContentException.class, () -> loader.load(List.of(dir)));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertHas(List.of(e.problems().get(0).toString()), "Questionnaire-q.json @ Questionnaire.item[0]",
        "item 'blank-unsafe' decides a rule of uses-q but is not required");
  }

  @Test
  void nestedPlanCycleIsRejected() throws IOException {
    write("PlanDefinition-x.json", nesting("x", "y"));
    write("PlanDefinition-y.json", nesting("y", "x"));
    ContentException e = assertThrows(ContentException.class, () -> loader.load(List.of(dir)));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
  }

  private static void assertHas(List<String> problems, String where, String what) {
    assertTrue(problems.stream().anyMatch(p -> p.contains(where) && p.contains(what)),
        "expected a problem at " + where + " about '" + what + "' in " + problems);
  }

  private void write(String name, String json) throws IOException {
    Files.writeString(dir.resolve(name), json);
  }

  private static String plan(String id, String version) {
    return """
        {"resourceType": "PlanDefinition", "id": "%s", "url": "http://example.test/PlanDefinition/p",
         "version": "%s", "status": "draft"}""".formatted(id, version);
  }

  private static String nesting(String id, String other) {
    return """
        {"resourceType": "PlanDefinition", "id": "%s", "url": "http://example.test/PlanDefinition/%s",
         "version": "1", "status": "draft",
         "action": [{"id": "n", "definitionCanonical": "http://example.test/PlanDefinition/%s"}]}"""
        .formatted(id, id, other);
  }

}
