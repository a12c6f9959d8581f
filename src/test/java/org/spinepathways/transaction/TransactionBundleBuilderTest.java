package org.spinepathways.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinepathways.TestModule;
import org.spinepathways.apply.ApplyRequest;
import org.spinepathways.apply.ScenarioRequests;

/** The transaction Bundle for every golden scenario: self-consistent references, conditional creates, stable ids. */
class TransactionBundleBuilderTest {

  private static final FhirContext FHIR = TestModule.get().fhirContext();
  private static final TransactionBundleBuilder BUILDER = new TransactionBundleBuilder(FHIR);

  static List<Path> scenarios() throws Exception {
    try (Stream<Path> s = Files.walk(Path.of("src/test/resources/scenarios"))) {
      return s.filter(p -> p.getFileName().toString().equals("request.json")).map(Path::getParent).sorted().toList();
    }
  }

  private static ApplyRequest request(Path scenario) throws Exception {
    Parameters p = (Parameters) FHIR.newJsonParser().parseResource(Files.readString(scenario.resolve("request.json")));
    return ScenarioRequests.from(scenario.getParent().getFileName().toString(), p);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyReferenceResolvesInsideTheBundleOrToTheEhr(Path scenario) throws Exception {
    ApplyRequest request = request(scenario);
    CarePlan carePlan = TestModule.get().processor().apply(request);
    Bundle bundle = BUILDER.build(carePlan, request);

    assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType());
    Set<String> fullUrls = new HashSet<>();
    Set<String> identifiers = new HashSet<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      assertTrue(e.getFullUrl().startsWith("urn:uuid:"), e.getFullUrl());
      assertTrue(fullUrls.add(e.getFullUrl()), "duplicate fullUrl " + e.getFullUrl());
      assertEquals(Bundle.HTTPVerb.POST, e.getRequest().getMethod());
      assertEquals(e.getResource().fhirType(), e.getRequest().getUrl());
      assertTrue(e.getRequest().getIfNoneExist().startsWith("identifier="), e.getRequest().getIfNoneExist());
      assertTrue(identifiers.add(e.getRequest().getIfNoneExist()), "duplicate identifier");
      assertFalse(e.getResource().hasIdElement() && e.getResource().getIdElement().hasIdPart(), "entries carry no id");
    }
    assertEquals(1, bundle.getEntry().stream().filter(e -> e.getResource() instanceof CarePlan).count());
    assertTrue(bundle.getEntry().stream().anyMatch(e -> e.getResource().fhirType().equals("RequestGroup")));

    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      Resource r = e.getResource();
      List<Resource> scope = new ArrayList<>(List.of(r));
      if (r instanceof org.hl7.fhir.r4.model.DomainResource d) {
        scope.addAll(d.getContained());
      }
      for (Resource part : scope) {
        for (Reference ref : FHIR.newTerser().getAllPopulatedChildElementsOfType(part, Reference.class)) {
          if (!ref.hasReference()) {
            assertTrue(ref.hasIdentifier() || ref.hasDisplay(), "empty reference in " + r.fhirType());
            continue;
          }
          String target = ref.getReference();
          boolean ok = fullUrls.contains(target)
              || (target.startsWith("#") && r instanceof CarePlan cp
                  && cp.getContained().stream().anyMatch(c -> target.equals("#" + c.getIdPart())))
              || target.matches("(Patient|Encounter|Practitioner|Organization|MedicationStatement|MedicationRequest|"
                  + "Condition|Procedure|AllergyIntolerance|Observation)/[A-Za-z0-9\\-.]+");
          assertTrue(ok, scenario.getFileName() + ": " + r.fhirType() + " refers to " + target);
        }
      }
    }
  }

  @Test
  void theSameScreeningGivesTheSameIdentifiersAndAnotherOneDoesNot() throws Exception {
    Path infection = Path.of("src/test/resources/scenarios/sip-drg-block/infection");
    Path allClear = Path.of("src/test/resources/scenarios/sip-drg-block/all-clear");
    ApplyRequest a = request(infection);
    Bundle first = BUILDER.build(TestModule.get().processor().apply(a), a);
    Bundle second = BUILDER.build(TestModule.get().processor().apply(request(infection)), request(infection));
    assertEquals(conditions(first), conditions(second));
    ApplyRequest other = request(allClear);
    Bundle third = BUILDER.build(TestModule.get().processor().apply(other), other);
    assertNotEquals(conditions(first).get(conditions(first).size() - 1),
        conditions(third).get(conditions(third).size() - 1), "another screening, another CarePlan identifier");
  }

  @Test
  void theScreeningTaskNamesTheQuestionnaireByCanonical() throws Exception {
    ApplyRequest r = request(Path.of("src/test/resources/scenarios/sip-drg-block/no-screening"));
    Bundle bundle = BUILDER.build(TestModule.get().processor().apply(r), r);
    Task task = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(t -> t instanceof Task tk && tk.getCode().getCodingFirstRep().getCode().equals("complete-screening"))
        .map(Task.class::cast).findFirst().orElseThrow();
    assertFalse(task.hasFocus(), "no server-local reference to the Questionnaire");
    assertTrue(task.getInput().stream().anyMatch(i -> i.getValue() instanceof CanonicalType c
        && c.getValue().startsWith("http://spinal-injection-pathways.org/fhir/Questionnaire/sip-screening")));
  }

  private static List<String> conditions(Bundle b) {
    return b.getEntry().stream().map(e -> e.getRequest().getIfNoneExist()).toList();
  }
}
