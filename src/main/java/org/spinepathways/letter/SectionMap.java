package org.spinepathways.letter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.hl7.fhir.r4.model.Coding;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Which letter section each activity code belongs to, read once from the {@code letter-section} property of the
 * CodeSystem {@code sip-pathway-activity}. Immutable and thread-safe.
 */
public final class SectionMap {

  /** The code system whose concepts categorise the pathway's requests. */
  public static final String CODE_SYSTEM = PathwayVocabulary.BASE + "/CodeSystem/sip-pathway-activity";
  /** The concept property naming a concept's letter section. */
  public static final String PROPERTY = "letter-section";

  private final Map<String, LetterSection> sectionByCode;

  private SectionMap(Map<String, LetterSection> sectionByCode) {
    this.sectionByCode = Collections.unmodifiableMap(sectionByCode);
  }

  /**
   * Reads the map from the library.
   *
   * @throws IllegalStateException when the code system is missing or a concept names a section that does not exist
   *     (a content error, found at start-up)
   */
  public static SectionMap from(KnowledgeStore store) {
    CodeSystem codeSystem = store.byCanonical(CodeSystem.class, CODE_SYSTEM)
        .orElseThrow(() -> new IllegalStateException("CodeSystem " + CODE_SYSTEM + " is not in the library"));
    return from(codeSystem);
  }

  static SectionMap from(CodeSystem codeSystem) {
    Map<String, LetterSection> map = new HashMap<>();
    List<String> problems = new ArrayList<>();
    collect(codeSystem.getConcept(), map, problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("CodeSystem " + CODE_SYSTEM + ": " + String.join("; ", problems));
    }
    return new SectionMap(map);
  }

  private static void collect(List<ConceptDefinitionComponent> concepts, Map<String, LetterSection> map,
      List<String> problems) {
    for (ConceptDefinitionComponent concept : concepts) {
      for (ConceptPropertyComponent p : concept.getProperty()) {
        if (PROPERTY.equals(p.getCode())) {
          String value = p.hasValue() ? p.getValue().primitiveValue() : null;
          LetterSection.ofCode(value).ifPresentOrElse(s -> map.put(concept.getCode(), s),
              () -> problems.add("concept " + concept.getCode() + " has an unknown " + PROPERTY + " '" + value + "'"));
        }
      }
      collect(concept.getConcept(), map, problems);
    }
  }

  /** The section of the first coding from our code system that has one; {@link LetterSection#OTHER} otherwise. */
  public LetterSection sectionOf(List<Coding> codings) {
    for (Coding c : codings) {
      if (CODE_SYSTEM.equals(c.getSystem()) && sectionByCode.containsKey(c.getCode())) {
        return sectionByCode.get(c.getCode());
      }
    }
    return LetterSection.OTHER;
  }
}
