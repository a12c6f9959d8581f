package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.OperationOutcome;
import org.hl7.fhir.validation.ValidationEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.apply.ApplyRequest;
import org.spinepathways.apply.ScenarioRequests;
import org.spinepathways.npm.FhirPackageBuilder;
import org.spinepathways.transaction.TransactionBundleBuilder;

/**
 * The HL7 validation engine as an independent judge (see {@link Hl7ValidationEngine}), loaded with R4 core and the
 * project's FHIR NPM package: every artifact in the package, every example, and the CarePlan and transaction Bundle of
 * every example request validate with 0 errors. Only a reference to a resource outside the output (the patient, an
 * EHR record) may be unresolved.
 */
class Hl7EngineValidationTest {

  private static final FhirContext FHIR = TestModule.get().fhirContext();
  private static ValidationEngine engine;
  /** Examples that are invalid on purpose (examples/validation-index.csv). */
  private static final List<String> INVALID_EXAMPLES = List.of("apply-invalid-response.json");

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    Path tgz = Path.of("target/hl7-engine-test/package.tgz");
    new FhirPackageBuilder(Path.of(".")).write(tgz);
    engine = Hl7ValidationEngine.withPackage(tgz);
    System.out.printf("HL7 validation engine ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  void everyArtifactAndExampleFileValidates() throws Exception {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    int count = 0;
    for (String dir : List.of("profiles", "src/main/resources/content", "src/main/resources/conformance", "examples",
        "examples/validate")) {
      for (Path f : jsonFiles(Path.of(dir))) {
        if (f.getFileName().toString().startsWith("invalid-") || INVALID_EXAMPLES.contains(f.getFileName().toString())) {
          continue;
        }
        errors.put(f.toString(), errorsIn(Files.readAllBytes(f)));
        count++;
      }
    }
    errors.values().removeIf(List::isEmpty);
    System.out.printf("HL7 engine: %d files validated, %d with errors%n", count, errors.size());
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void everyExampleOutputValidatesAsCarePlanAndAsTransactionBundle() throws Exception {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    TransactionBundleBuilder bundles = new TransactionBundleBuilder(FHIR);
    int count = 0;
    for (String line : Files.readAllLines(Path.of("examples/index.csv")).subList(1, 14)) {
      String[] cells = line.split(",");
      if (!"200".equals(cells[2])) {
        continue;
      }
      Parameters p = (Parameters) FHIR.newJsonParser().parseResource(Files.readString(Path.of("examples", cells[0])));
      String plan = cells[1].startsWith("PlanDefinition/$") ? "sip-drg-block" : cells[1].split("/")[1];
      ApplyRequest request = ScenarioRequests.from(plan, withoutTypeLevelParameters(p));
      CarePlan carePlan = TestModule.get().processor().apply(request);
      Bundle bundle = bundles.build(carePlan, request);
      errors.put(cells[0] + " CarePlan", errorsIn(encode(carePlan)));
      errors.put(cells[0] + " Bundle", errorsIn(encode(bundle)));
      count++;
    }
    errors.values().removeIf(List::isEmpty);
    assertEquals(12, count, "example requests that succeed");
    assertTrue(errors.isEmpty(), errors.toString());
  }

  /** {@code url} and {@code version} name the plan at type level; the scenario helper takes the plan by id. */
  private static Parameters withoutTypeLevelParameters(Parameters p) {
    Parameters copy = p.copy();
    copy.getParameter().removeIf(x -> x.getName().equals("url") || x.getName().equals("version"));
    return copy;
  }

  private static byte[] encode(org.hl7.fhir.r4.model.Resource r) {
    return FHIR.newJsonParser().encodeResourceToString(r).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The engine's errors, except an unresolvable reference to something outside the resource, and an SDC extension
   * the engine cannot look up: the SDC implementation guide's package is on neither registry this build reaches, so
   * its definitions (modular assembly, initialExpression) are unknown offline. Every other extension is checked.
   */
  private static List<String> errorsIn(byte[] json) throws Exception {
    OperationOutcome oo = engine.validate(json, FhirFormat.JSON, List.of(), new ArrayList<>());
    List<String> out = new ArrayList<>();
    for (OperationOutcome.OperationOutcomeIssueComponent i : oo.getIssue()) {
      boolean error = i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
          || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL;
      String text = i.getDetails().getText();
      boolean outsideReference = text != null && (text.contains("Unable to resolve resource")
          || text.contains("could not be resolved") || text.contains("Unable to find a match for the reference"));
      boolean sdcDefinition = text != null && text.contains("http://hl7.org/fhir/uv/sdc/StructureDefinition/")
          && (text.contains("could not be found") || text.contains("No definition could be found"));
      if (error && !outsideReference && !sdcDefinition) {
        out.add(text + " @ " + i.getExpression());
      }
    }
    return out;
  }

  private static List<Path> jsonFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
