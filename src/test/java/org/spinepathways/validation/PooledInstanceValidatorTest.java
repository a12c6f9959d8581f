package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinepathways.TestModule;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeLoader;
import org.spinepathways.content.KnowledgeStore;

/**
 * The pooled validator must say exactly what HAPI's own FhirInstanceValidator says, however often a core validator is
 * reused and from however many threads.
 */
class PooledInstanceValidatorTest {

  private static FhirValidator pooled;
  private static FhirValidator hapi;
  private static List<String> inputs;

  @BeforeAll
  static void setUp() throws IOException {
    FhirContext ctx = TestModule.get().fhirContext();
    pooled = validatorWith(ResourceValidator.configure(
        new PooledInstanceValidator(ResourceValidator.supportChain(ctx, TestModule.get().store()), 2)));
    hapi = validatorWith(ResourceValidator.configure(
        new FhirInstanceValidator(ResourceValidator.supportChain(ctx, TestModule.get().store()))));
    // Valid and invalid resources of every kind a client sends: screening responses, consents, plans, care plans.
    try (Stream<Path> files = Files.list(Path.of("examples/validate"))) {
      inputs = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        inputs.add(Files.readString(f));
      }
    }
    inputs.add(Files.readString(Path.of("examples/careplan-infection.json")));
  }

  @Test
  void coreValidatorsAreReusedWithThisHapiVersion() {
    assertTrue(PooledInstanceValidator.reuses(), "the core validator's per-call collections were not found: "
        + "check PooledInstanceValidator against this HAPI version");
  }

  @Test
  void reusedValidatorsGiveHapisMessagesEveryTime() {
    for (String input : inputs) {
      List<String> expected = messages(hapi.validateWithResult(input));
      for (int round = 0; round < 3; round++) {
        assertEquals(expected, messages(pooled.validateWithResult(input)), "round " + round + " of " + head(input));
      }
    }
  }

  /**
   * The core validator notes a retired definition once per instance; a reused one must still report it every time.
   */
  @Test
  void aRetiredDefinitionIsReportedOnEveryValidation(@TempDir Path dir) throws IOException {
    String url = "http://example.test/StructureDefinition/retired-note";
    Files.writeString(dir.resolve("StructureDefinition-retired-note.json"), """
        {"resourceType": "StructureDefinition", "id": "retired-note", "url": "%s", "version": "1",
         "name": "RetiredNote", "status": "retired", "fhirVersion": "4.0.1", "kind": "complex-type",
         "abstract": false, "type": "Extension", "derivation": "constraint",
         "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
         "context": [{"type": "fhirpath", "expression": "Patient"}],
         "differential": {"element": [
           {"id": "Extension", "path": "Extension"},
           {"id": "Extension.url", "path": "Extension.url", "fixedUri": "%s"},
           {"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "string"}]}]}}
        """.formatted(url, url));
    FhirContext ctx = TestModule.get().fhirContext();
    KnowledgeStore store = new KnowledgeLoader(ctx, new FhirPathCompiler(ctx)).load(List.of(dir));
    FhirValidator reused = validatorWith(ResourceValidator.configure(
        new PooledInstanceValidator(ResourceValidator.supportChain(ctx, store), 1)));
    String patient = """
        {"resourceType": "Patient", "extension": [{"url": "%s", "valueString": "x"}]}""".formatted(url);
    for (int round = 0; round < 3; round++) {
      List<String> messages = messages(reused.validateWithResult(patient));
      assertTrue(messages.stream().anyMatch(m -> m.contains("MSG_DEPENDS_ON_RETIRED")), "round " + round + ": "
          + messages);
    }
  }

  @Test
  void concurrentValidationsGiveTheSameMessagesAsOneAtATime() throws Exception {
    List<List<String>> expected = new ArrayList<>();
    for (String input : inputs) {
      expected.add(messages(hapi.validateWithResult(input)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        results.add(threads.submit(() -> {
          for (int i = 0; i < inputs.size(); i++) {
            int k = (i + offset) % inputs.size();
            assertEquals(expected.get(k), messages(pooled.validateWithResult(inputs.get(k))), head(inputs.get(k)));
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static FhirValidator validatorWith(FhirInstanceValidator module) {
    return TestModule.get().fhirContext().newValidator().registerValidatorModule(module);
  }

  private static List<String> messages(ValidationResult result) {
    List<String> out = new ArrayList<>();
    for (SingleValidationMessage m : result.getMessages()) {
      out.add(m.getSeverity() + " " + m.getLocationString() + " " + m.getMessageId() + " " + m.getMessage());
    }
    return out;
  }

  private static String head(String input) {
    return input.substring(0, Math.min(120, input.length())).replace('\n', ' ');
  }

  /** The worker context keeps what it found, and asks again for what it did not find (that set is the caller's). */
  @Test
  void foundDefinitionsAreRememberedAndMissingOnesAreNot() {
    FhirContext ctx = TestModule.get().fhirContext();
    org.hl7.fhir.r4.model.CodeSystem system = new org.hl7.fhir.r4.model.CodeSystem();
    system.setUrl("http://example.org/CodeSystem/remembered").setStatus(
        org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport counting =
        new org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport(ctx) {
          @Override
          public <T extends org.hl7.fhir.instance.model.api.IBaseResource> T fetchResource(Class<T> type, String url) {
            asked.incrementAndGet();
            return super.fetchResource(type, url);
          }
        };
    counting.addCodeSystem(system);
    PooledInstanceValidator.RememberingWorkerContext worker = new PooledInstanceValidator.RememberingWorkerContext(
        counting);
    org.hl7.fhir.r5.model.CodeSystem first = worker.fetchResource(org.hl7.fhir.r5.model.CodeSystem.class,
        system.getUrl());
    org.hl7.fhir.r5.model.CodeSystem second = worker.fetchResource(org.hl7.fhir.r5.model.CodeSystem.class,
        system.getUrl());
    assertEquals(system.getUrl(), first.getUrl());
    assertTrue(first == second, "the same definition object");
    assertEquals(1, asked.get());
    worker.fetchResource(org.hl7.fhir.r5.model.CodeSystem.class, "http://example.org/CodeSystem/absent");
    worker.fetchResource(org.hl7.fhir.r5.model.CodeSystem.class, "http://example.org/CodeSystem/absent");
    assertEquals(3, asked.get());
  }
}
