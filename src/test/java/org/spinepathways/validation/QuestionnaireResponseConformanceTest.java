package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinepathways.PathwayModule;
import org.spinepathways.TestModule;
import org.spinepathways.content.Canonicals;

/**
 * The quick conformance check of screening responses must never pass a response that HAPI's validator finds an error
 * in: it is held to the validator over every scenario and rejection response and several thousand mutations of the
 * scenario responses (items removed, reordered, moved or invented; answers of the wrong type, repeated, flipped,
 * out of range, not among the options; dates that do not exist; texts, extensions and elements a plain response does
 * not carry). The check may send a valid response to the validator ("not sure"); it may not wave an invalid one
 * through. It must also pass the plain responses the scenarios send, or the speed-up is lost.
 */
class QuestionnaireResponseConformanceTest {

  private static PathwayModule module;
  private static final Map<String, QuestionnaireResponseConformance> CHECKS = new LinkedHashMap<>();

  @BeforeAll
  static void compileChecks() {
    module = TestModule.get();
    for (Questionnaire q : module.store().all(Questionnaire.class)) {
      QuestionnaireResponseConformance.compile(q, module.store(), module.validator().valueSetExpander())
          .ifPresent(c -> CHECKS.put(q.getUrl(), c));
    }
  }

  @Test
  void everyPathwayFormIsCompiled() {
    // A form the check cannot model is always validated in full: correct, but the speed-up would be lost silently.
    for (Questionnaire q : module.store().all(Questionnaire.class)) {
      assertTrue(CHECKS.containsKey(q.getUrl()), "the quick check does not model " + q.getUrl());
    }
  }

  @Test
  void theScenarioResponsesPassQuicklyAndTheValidatorAgrees() throws IOException {
    int quick = 0;
    List<QuestionnaireResponse> responses = scenarioResponses("/scenarios");
    assertFalse(responses.isEmpty());
    for (QuestionnaireResponse qr : responses) {
      List<String> errors = errors(qr);
      boolean passes = check(qr).certainlyConforms(qr);
      assertAgrees(passes, errors, qr, "scenario response");
      if (errors.isEmpty()) {
        assertTrue(passes, "a scenario response the validator passes must pass the quick check: "
            + module.fhirContext().newJsonParser().encodeResourceToString(qr));
        quick++;
      }
    }
    assertTrue(quick > 100, "too few scenario responses checked: " + quick);
  }

  @Test
  void theRejectedResponsesNeverPassQuickly() throws IOException {
    for (QuestionnaireResponse qr : scenarioResponses("/rejections")) {
      QuestionnaireResponseConformance check = CHECKS.get(Canonicals.url(qr.getQuestionnaire()));
      if (check != null) {
        assertAgrees(check.certainlyConforms(qr), errors(qr), qr, "rejection");
      }
    }
  }

  @Test
  void noMutationPassesQuicklyThatTheValidatorRejects() throws IOException {
    int passedQuickly = 0;
    int rejected = 0;
    int cases = 0;
    for (QuestionnaireResponse base : bases()) {
      for (QuestionnaireResponse mutant : mutations(base)) {
        List<String> errors = errors(mutant);
        boolean passes = check(mutant).certainlyConforms(mutant);
        assertAgrees(passes, errors, mutant, "mutation");
        passedQuickly += passes ? 1 : 0;
        rejected += errors.isEmpty() ? 0 : 1;
        cases++;
      }
    }
    // The corpus must exercise both sides: valid mutations the check passes, and invalid ones it must catch.
    assertTrue(cases > 1000, "too few mutations: " + cases);
    assertTrue(passedQuickly > 50, "too few mutations passed quickly: " + passedQuickly);
    assertTrue(rejected > cases / 3, "too few mutations rejected: " + rejected + " of " + cases);
  }

  private static void assertAgrees(boolean passes, List<String> errors, QuestionnaireResponse qr, String what) {
    if (passes && !errors.isEmpty()) {
      throw new AssertionError("the quick check passed a " + what + " the validator rejects: " + errors + "\n"
          + module.fhirContext().newJsonParser().setPrettyPrint(true).encodeResourceToString(qr));
    }
  }

  private static QuestionnaireResponseConformance check(QuestionnaireResponse qr) {
    QuestionnaireResponseConformance check = CHECKS.get(Canonicals.url(qr.getQuestionnaire()));
    assertTrue(check != null, "no quick check for " + qr.getQuestionnaire());
    return check;
  }

  private static List<String> errors(QuestionnaireResponse qr) {
    try {
      return errorMessages(qr);
    } catch (ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException e) {
      // the validator gives up on some responses (an enableWhen question answered with another type): a rejection
      return List.of(e.getMessage());
    }
  }

  private static List<String> errorMessages(QuestionnaireResponse qr) {
    return module.validator().validate(qr).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
  }

  /** The screening responses of every request under a test resource folder (parameter or data entry). */
  private static List<QuestionnaireResponse> scenarioResponses(String folder) throws IOException {
    Path root;
    try {
      root = Path.of(QuestionnaireResponseConformanceTest.class.getResource(folder).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<QuestionnaireResponse> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path request : files.filter(p -> p.getFileName().toString().equals("request.json")).sorted().toList()) {
        Parameters parameters = module.fhirContext().newJsonParser()
            .parseResource(Parameters.class, Files.readString(request));
        for (Parameters.ParametersParameterComponent p : parameters.getParameter()) {
          if (p.getResource() instanceof QuestionnaireResponse qr) {
            out.add(qr);
          } else if (p.getResource() instanceof Bundle b) {
            b.getEntry().stream().filter(e -> e.getResource() instanceof QuestionnaireResponse)
                .forEach(e -> out.add((QuestionnaireResponse) e.getResource()));
          }
        }
      }
    }
    return out;
  }

  /** One all-clear response per pathway, and the scenarios whose answers open the items behind enableWhen. */
  private static List<QuestionnaireResponse> bases() throws IOException {
    List<QuestionnaireResponse> all = scenarioResponses("/scenarios");
    Map<String, List<QuestionnaireResponse>> byForm = new LinkedHashMap<>();
    for (QuestionnaireResponse qr : all) {
      if (errors(qr).isEmpty()) {
        byForm.computeIfAbsent(qr.getQuestionnaire(), k -> new ArrayList<>()).add(qr);
      }
    }
    List<QuestionnaireResponse> bases = new ArrayList<>();
    for (List<QuestionnaireResponse> form : byForm.values()) {
      // the first, and the one with the most items (the one opening most enableWhen items)
      bases.add(form.get(0));
      form.stream().max(java.util.Comparator.comparingInt(r -> flatten(r.getItem()).size())).ifPresent(bases::add);
    }
    return bases;
  }

  private static List<QuestionnaireResponseItemComponent> flatten(List<QuestionnaireResponseItemComponent> items) {
    List<QuestionnaireResponseItemComponent> out = new ArrayList<>();
    for (QuestionnaireResponseItemComponent item : items) {
      out.add(item);
      out.addAll(flatten(item.getItem()));
    }
    return out;
  }

  /** The parent list holding an item of a copy, to remove, move or duplicate it. */
  private static List<QuestionnaireResponseItemComponent> siblingsOf(QuestionnaireResponse qr,
      QuestionnaireResponseItemComponent item) {
    if (qr.getItem().contains(item)) {
      return qr.getItem();
    }
    for (QuestionnaireResponseItemComponent parent : flatten(qr.getItem())) {
      if (parent.getItem().contains(item)) {
        return parent.getItem();
      }
    }
    throw new IllegalStateException("item not found");
  }

  /** Mutations of one response: a copy per change, each change at every item it applies to. */
  private static List<QuestionnaireResponse> mutations(QuestionnaireResponse base) {
    List<QuestionnaireResponse> out = new ArrayList<>();
    int n = flatten(base.getItem()).size();
    List<ItemMutation> itemMutations = List.of(
        (qr, item) -> siblingsOf(qr, item).remove(item),
        (qr, item) -> item.getAnswer().clear(),
        (qr, item) -> {
          List<QuestionnaireResponseItemComponent> s = siblingsOf(qr, item);
          int i = s.indexOf(item);
          if (i + 1 < s.size()) {
            s.set(i, s.get(i + 1));
            s.set(i + 1, item);
          }
        },
        (qr, item) -> siblingsOf(qr, item).add(siblingsOf(qr, item).indexOf(item) + 1, item.copy()),
        (qr, item) -> qr.getItem().add(item.copy()),
        (qr, item) -> item.setLinkId(item.getLinkId() + "-x"),
        (qr, item) -> item.setText("Some other question"),
        (qr, item) -> item.addExtension(new Extension("http://example.org/x", new StringType("x"))),
        (qr, item) -> item.setId("i1"),
        (qr, item) -> item.addAnswer().setValue(new BooleanType(true)),
        (qr, item) -> item.addItem().setLinkId("nested-unknown").addAnswer().setValue(new BooleanType(true)),
        (qr, item) -> item.setDefinition("http://example.org/def"),
        (qr, item) -> answers(item, a -> a.setValue(a.getValue() instanceof BooleanType b
            ? new BooleanType(!b.booleanValue()) : a.getValue())),
        (qr, item) -> answers(item, a -> a.setValue(new StringType("true"))),
        (qr, item) -> answers(item, a -> a.setValue(new IntegerType(-1))),
        (qr, item) -> answers(item, a -> a.setValue(new IntegerType(4))),
        (qr, item) -> answers(item, a -> a.setValue(new BooleanType(false))),
        (qr, item) -> answers(item, a -> a.setValue(new DateType("2027"))),
        (qr, item) -> answers(item, a -> a.setValue(new DateType("2027-03"))),
        (qr, item) -> answers(item, a -> a.setValue(new StringType(" padded "))),
        (qr, item) -> answers(item, a -> a.setValue(new Coding("http://example.org/cs", "lumbar", null))),
        (qr, item) -> answers(item, a -> {
          if (a.getValue() instanceof Coding c) {
            c.setCode(c.getCode() + "-x");
          }
        }),
        (qr, item) -> answers(item, a -> {
          if (a.getValue() instanceof Coding c) {
            c.setDisplay("Something else");
          }
        }),
        (qr, item) -> answers(item, a -> {
          if (a.getValue() instanceof Coding c) {
            c.setDisplay(null);
          }
        }),
        (qr, item) -> answers(item, a -> a.getValue().addExtension(new Extension("http://example.org/x",
            new StringType("x")))),
        (qr, item) -> answers(item, a -> a.addItem().setLinkId("under-answer")),
        (qr, item) -> {
          // every reachable boolean flipped under this item's group: opens or closes the enableWhen items
          for (QuestionnaireResponseItemComponent i : flatten(List.of(item))) {
            answers(i, a -> a.setValue(a.getValue() instanceof BooleanType b ? new BooleanType(!b.booleanValue())
                : a.getValue()));
          }
        });
    for (int m = 0; m < itemMutations.size(); m++) {
      for (int i = 0; i < n; i++) {
        QuestionnaireResponse copy = base.copy();
        itemMutations.get(m).apply(copy, flatten(copy.getItem()).get(i));
        out.add(copy);
      }
    }
    List<Consumer<QuestionnaireResponse>> responseMutations = List.of(
        qr -> qr.setId("bad id!"),
        qr -> qr.getMeta().addProfile("http://hl7.org/fhir/4.0/StructureDefinition/QuestionnaireResponse"),
        qr -> qr.getAuthoredElement().setValueAsString("2027-01-05T10:00:00"),
        qr -> qr.getAuthoredElement().setValueAsString("2027-01-05"),
        qr -> qr.setAuthor(new Reference("Patient/example")),
        qr -> qr.setAuthor(new Reference("Location/l1")),
        qr -> qr.setSource(new Reference("Device/d1")),
        qr -> qr.setSource(new Reference("RelatedPerson/r1")),
        qr -> qr.setSubject(new Reference("Patient/example").setDisplay(" ")),
        qr -> qr.setLanguage("not a language"),
        qr -> qr.getIdentifier().setValue("x"),
        qr -> qr.addExtension(new Extension("http://example.org/x", new StringType("x"))),
        qr -> qr.getItem().add(0, qr.getItem().remove(qr.getItem().size() - 1)),
        qr -> qr.getItem().clear(),
        qr -> qr.addItem().setLinkId("unknown").addAnswer().setValue(new BooleanType(true)));
    for (Consumer<QuestionnaireResponse> mutation : responseMutations) {
      QuestionnaireResponse copy = base.copy();
      mutation.accept(copy);
      out.add(copy);
    }
    return out;
  }

  private static void answers(QuestionnaireResponseItemComponent item,
      Consumer<QuestionnaireResponseItemAnswerComponent> change) {
    item.getAnswer().forEach(change);
  }

  @FunctionalInterface
  private interface ItemMutation {
    void apply(QuestionnaireResponse qr, QuestionnaireResponseItemComponent item);
  }
}
