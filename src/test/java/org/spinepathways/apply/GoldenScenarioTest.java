package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinepathways.TestModule;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Golden clinical scenarios: each folder under {@code scenarios/<plan>/<name>/} holds the POST-able
 * {@code request.json}, a {@code scenario.json} with the clinical intent and the expected outcome (decision,
 * procedure status, issues raised, activities present or absent), and {@code expected-careplan.json}. The outcome is
 * asserted first; then the whole CarePlan must equal the golden file, after blanking the id and timestamps. Run with
 * {@code -Dgolden.update=true} to rewrite the golden files (then review the diff).
 */
class GoldenScenarioTest {

  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<Path> scenarios() throws IOException, URISyntaxException {
    Path root = Path.of(GoldenScenarioTest.class.getResource("/scenarios").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().equals("scenario.json")).map(Path::getParent).sorted()
          .toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(Path dir) throws IOException {
    IParser parser = TestModule.get().fhirContext().newJsonParser().setPrettyPrint(true);
    Scenario scenario = Scenario.read(dir.resolve("scenario.json"));
    Parameters parameters = parser.parseResource(Parameters.class, Files.readString(dir.resolve("request.json")));
    CarePlan carePlan = TestModule.get().processor().apply(requestFrom(scenario.plan(), parameters));

    assertOutcome(scenario, carePlan);
    assertEquals(Set.of(), EngineFixture.referenceProblems(carePlan), "references in " + dir);

    String actual = GoldenFiles.normalised(parser, carePlan);
    Path golden = sourceFolder(dir).resolve("expected-careplan.json");
    if (UPDATE) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(dir.resolve("expected-careplan.json"))) {
      fail("no expected-careplan.json in " + dir + "; run with -Dgolden.update=true and review it");
    }
    CarePlan expected = parser.parseResource(CarePlan.class, Files.readString(dir.resolve("expected-careplan.json")));
    assertEquals(GoldenFiles.normalised(parser, expected), actual, "CarePlan differs from the golden file in " + dir);
  }

  private static void assertOutcome(Scenario s, CarePlan carePlan) {
    CodeableConcept decision = (CodeableConcept) carePlan.getExtensionByUrl(PathwayVocabulary.EXT_PATHWAY_DECISION)
        .getValue();
    assertEquals(s.decision(), decision.getCodingFirstRep().getCode(), "decision");
    ServiceRequest procedure = EngineFixture.containedById(carePlan, "sr-procedure");
    if ("not-raised".equals(s.procedure())) {
      assertTrue(procedure == null || procedure.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED,
          "the procedure must not be raised");
    } else {
      assertNotNull(procedure, "procedure request");
      assertEquals(s.procedure(), procedure.getStatus().toCode(), "procedure status");
    }
    Set<String> issues = new TreeSet<>();
    EngineFixture.contained(carePlan, DetectedIssue.class)
        .forEach(i -> issues.add(i.getIdPart().substring("issue-".length())));
    assertEquals(new TreeSet<>(s.issues()), issues, "issues raised");
    for (String id : s.present()) {
      assertNotNull(EngineFixture.containedById(carePlan, id), "expected " + id + " in the care plan");
    }
    for (String id : s.absent()) {
      assertNull(EngineFixture.containedById(carePlan, id), "did not expect " + id + " in the care plan");
    }
    assertHoldsHold(decision.getCodingFirstRep().getCode(), carePlan);
  }

  /**
   * No CarePlan both approves and contradicts itself: when the procedure does not go ahead, every instruction that
   * depends on it is on hold, the consent signature is not requested, the patient gets a message saying so, and a
   * contraindication gives the clinic a task to discuss alternatives; when it goes ahead, there is no such message.
   */
  static void assertHoldsHold(String decision, CarePlan carePlan) {
    boolean proceeds = decision.equals("eligible") || decision.equals("eligible-with-precautions");
    boolean told = false;
    for (CommunicationRequest cr : EngineFixture.contained(carePlan, CommunicationRequest.class)) {
      boolean message = cr.getCategory().stream().anyMatch(c -> c.hasCoding("http://spinal-injection-pathways.org/fhir/"
          + "CodeSystem/sip-pathway-activity", "decision-message"));
      told |= message;
      if (message) {
        assertTrue(!proceeds, "a plan that goes ahead carries a hold message: " + cr.getIdPart());
      } else if (!proceeds) {
        assertTrue(cr.getStatus() != CommunicationRequest.CommunicationRequestStatus.ACTIVE,
            "a held plan carries an active instruction: " + cr.getIdPart());
      }
    }
    for (Task task : EngineFixture.contained(carePlan, Task.class)) {
      if (!proceeds && task.getIdPart().equals("task-consent")) {
        assertTrue(task.getStatus() != Task.TaskStatus.REQUESTED, "a held plan requests the consent signature");
      }
    }
    if (!proceeds) {
      assertTrue(told, "a held plan must tell the patient in plain words");
    }
    if (decision.equals("contraindicated")) {
      assertNotNull(EngineFixture.containedById(carePlan, "task-discuss-alternatives"),
          "a contraindication gives the clinic a task to discuss alternatives");
    }
  }

  static ApplyRequest requestFrom(String plan, Parameters p) {
    return ScenarioRequests.from(plan, p);
  }

  /** Golden files are written to the source tree, not to target/. */
  private static Path sourceFolder(Path dir) {
    String s = dir.toString().replace("target/test-classes", "src/test/resources");
    return Path.of(s);
  }

  /**
   * @param evidence where the scenario's fact comes from ({@code answer} or {@code ehr}), when it says
   * @param silent rules the scenario shows to be deliberately silent on this pathway (the fact is there, the pathway's
   *     parameters make the rule not apply: no contrast on an ultrasound pathway, for example)
   */
  record Scenario(String plan, String decision, String procedure, List<String> issues, List<String> present,
      List<String> absent, String evidence, List<String> silent) {

    static Scenario read(Path file) throws IOException {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      JsonNode e = root.get("expect");
      return new Scenario(root.get("plan").asText(), e.get("decision").asText(), e.get("procedure").asText(),
          strings(e, "issues"), strings(e, "present"), strings(e, "absent"),
          root.has("evidence") ? root.get("evidence").asText() : "answer", strings(root, "silent"));
    }

    private static List<String> strings(JsonNode o, String name) {
      List<String> out = new java.util.ArrayList<>();
      if (o.has(name)) {
        o.get(name).forEach(n -> out.add(n.asText()));
      }
      return out;
    }
  }
}
