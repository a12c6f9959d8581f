package org.spinepathways.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * seeds/clinical-safety-decisions.json: content a pathway's own source does not give (a warning sign, a consent
 * risk) is there only as a recorded clinical safety decision. Every CSD mark in the content (an ActivityDefinition
 * relatedArtifact label, a consent statement's source) has a record; every record names its rationale and the
 * sibling sources it draws on, and points at elements that exist and carry its mark.
 */
class ClinicalSafetyDecisionsTest {

  private static final Path REGISTER = Path.of("seeds", "clinical-safety-decisions.json");
  private static final Set<String> SOURCES = Set.of("000", "001", "002", "003", "004");

  @Test
  void everyDecisionIsCompleteAndResolves() throws IOException {
    List<String> problems = new ArrayList<>();
    for (JsonNode d : decisions()) {
      String id = d.path("id").asText();
      for (String field : List.of("pathway", "decision", "rationale", "status")) {
        if (d.path(field).asText().isBlank()) {
          problems.add(id + " has no " + field);
        }
      }
      d.path("siblingSources").forEach(s -> {
        if (!SOURCES.contains(s.asText())) {
          problems.add(id + " names unknown source " + s);
        }
      });
      if (d.path("siblingSources").isEmpty() && d.path("noSiblingSource").asText().isBlank()) {
        problems.add(id + " names no sibling source and does not say why (noSiblingSource)");
      }
      if (d.path("implementedBy").isEmpty()) {
        problems.add(id + " names no element");
      }
      for (JsonNode ref : d.path("implementedBy")) {
        resolve(ref).ifPresent(p -> problems.add(id + ": " + p));
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyMarkInTheContentHasADecisionAndEveryDecisionIsUsed() throws IOException {
    Set<String> recorded = new TreeSet<>();
    decisions().forEach(d -> recorded.add(d.path("id").asText()));
    Set<String> marked = new TreeSet<>();
    KnowledgeStore store = TestModule.get().store();
    for (Class<? extends Resource> type : List.of(ActivityDefinition.class, PlanDefinition.class, Library.class,
        Questionnaire.class)) {
      for (Resource r : store.all(type)) {
        ElementWalker.forEach(r, RelatedArtifact.class, (path, ra) -> {
          if (ra.hasLabel() && ra.getLabel().startsWith("CSD-")) {
            marked.add(ra.getLabel());
            assertTrue(ra.getDisplay().startsWith("Clinical safety decision"),
                r.getIdPart() + ": a CSD reference must say so in its display: " + ra.getDisplay());
          }
        });
      }
    }
    for (Consent consent : store.all(Consent.class)) {
      for (Extension s : consent.getExtensionsByUrl(PathwayVocabulary.EXT_CONSENT_STATEMENT)) {
        Extension source = s.getExtensionByUrl("source");
        if (source != null && source.getValue().primitiveValue().startsWith("CSD-")) {
          marked.add(source.getValue().primitiveValue());
        }
      }
    }
    assertFalse(marked.isEmpty(), "no CSD marks found in the content");
    Set<String> unrecorded = new TreeSet<>(marked);
    unrecorded.removeAll(recorded);
    assertEquals(Set.of(), unrecorded, "CSD marks in the content with no record in " + REGISTER);
    Set<String> unused = new TreeSet<>(recorded);
    unused.removeAll(marked);
    assertEquals(Set.of(), unused, "decisions in " + REGISTER + " that no content carries");
  }

  private static Optional<String> resolve(JsonNode ref) {
    String[] typeAndId = ref.path("resource").asText().split("/");
    KnowledgeStore store = TestModule.get().store();
    Optional<? extends Resource> resource = switch (typeAndId[0]) {
      case "ActivityDefinition" -> store.byId(ActivityDefinition.class, typeAndId[1]);
      case "Consent" -> store.byId(Consent.class, typeAndId[1]);
      case "PlanDefinition" -> store.byId(PlanDefinition.class, typeAndId[1]);
      case "Library" -> store.byId(Library.class, typeAndId[1]);
      default -> Optional.empty();
    };
    if (resource.isEmpty()) {
      return Optional.of("no resource " + ref.path("resource").asText());
    }
    if (!ref.hasNonNull("path")) {
      return Optional.of("a reference needs a path");
    }
    List<Base> found = TestModule.get().fhirContext().newFhirPath()
        .evaluate(resource.get(), ref.path("path").asText(), Base.class);
    return found.isEmpty() ? Optional.of("path finds nothing in " + ref.path("resource").asText() + ": "
        + ref.path("path").asText()) : Optional.empty();
  }

  private static List<JsonNode> decisions() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper().readTree(REGISTER.toFile()).path("decisions").forEach(out::add);
    assertFalse(out.isEmpty(), "no decisions in " + REGISTER);
    return out;
  }
}
