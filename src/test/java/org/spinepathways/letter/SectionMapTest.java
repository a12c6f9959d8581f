package org.spinepathways.letter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.content.KnowledgeStore;

/** The letter's sections come from the CodeSystem, and every instruction the content can produce has one. */
class SectionMapTest {

  private final KnowledgeStore store = TestModule.get().store();
  private final SectionMap sections = SectionMap.from(store);

  @Test
  void everyConceptNamesExactlyOneKnownSection() {
    CodeSystem cs = store.byCanonical(CodeSystem.class, SectionMap.CODE_SYSTEM).orElseThrow();
    for (CodeSystem.ConceptDefinitionComponent c : cs.getConcept()) {
      List<CodeSystem.ConceptPropertyComponent> props = c.getProperty().stream()
          .filter(p -> p.getCode().equals(SectionMap.PROPERTY)).toList();
      assertEquals(1, props.size(), c.getCode());
      assertTrue(LetterSection.ofCode(props.get(0).getValueCodeType().getCode()).isPresent(), c.getCode());
    }
    assertEquals(LetterSection.DECISION, sections.sectionOf(List.of(coding("decision-message"))));
    assertEquals(LetterSection.RED_FLAGS, sections.sectionOf(List.of(coding("red-flags"))));
  }

  /** No CommunicationRequest the content defines would fall into "other information". */
  @Test
  void everyCommunicationRequestTheContentDefinesHasASection() {
    for (ActivityDefinition ad : store.all(ActivityDefinition.class)) {
      if (ad.getKind() == ActivityDefinition.ActivityDefinitionKind.COMMUNICATIONREQUEST) {
        assertNotEquals(LetterSection.OTHER, sections.sectionOf(ad.getCode().getCoding()), ad.getId());
      }
    }
  }

  @Test
  void unknownCodesAndOtherSystemsGoToOther() {
    assertEquals(LetterSection.OTHER, sections.sectionOf(List.of(coding("no-such-code"))));
    assertEquals(LetterSection.OTHER, sections.sectionOf(List.of(new Coding("http://example.org", "aftercare", null))));
    assertEquals(LetterSection.OTHER, sections.sectionOf(List.of()));
  }

  @Test
  void anUnknownSectionValueIsAContentError() {
    CodeSystem cs = new CodeSystem();
    cs.addConcept().setCode("x").addProperty().setCode(SectionMap.PROPERTY).setValue(new CodeType("lunch"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SectionMap.from(cs));
    assertTrue(e.getMessage().contains("concept x"), e.getMessage());
  }

  private static Coding coding(String code) {
    return new Coding(SectionMap.CODE_SYSTEM, code, null);
  }
}
