package org.spinepathways.letter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.CommunicationRequest.CommunicationRequestStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.content.PathwayVocabulary;

/** What the patient letter says for real CarePlans from $apply, and for the edge cases a clinic could send. */
class PatientLetterTest {

  private final PatientLetters letters = LetterFixture.letters();

  @Test
  void allClearLetterHasEverySectionInOrderAndEveryActiveInstruction() {
    CarePlan carePlan = LetterFixture.apply("sip-drg-block", "all-clear");
    PatientLetter letter = letters.letter(carePlan);
    assertFalse(letter.held());
    assertEquals("eligible", letter.decision());
    assertEquals(List.of("preparation", "day", "aftercare", "red-flags", "follow-up"),
        letter.sections().stream().map(PatientLetter.Section::code).toList());
    assertEquals("15 March 2027", letter.procedure().date());

    String html = letters.html(carePlan);
    assertTrue(html.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\""), html);
    assertTrue(html.contains("Your procedure can go ahead as planned."), html);
    assertInOrder(html, "Is your procedure going ahead?", "Getting ready", "On the day", "After the procedure",
        "Warning signs: when to get help", "Follow-up");
    for (CommunicationRequest cr : activeInstructions(carePlan)) {
      assertTrue(html.contains(escaped(cr.getPayloadFirstRep().getContentStringType().getValue())), cr.getId());
    }
  }

  @Test
  void postponedLetterSaysSoFirstAndPrintsNoDayOfInstructions() {
    CarePlan carePlan = LetterFixture.apply("sip-lumbar-nrb-sedation", "fever");
    PatientLetter letter = letters.letter(carePlan);
    assertTrue(letter.held());
    assertEquals("postpone", letter.decision());
    assertTrue(letter.sections().stream().noneMatch(s -> LetterSection.ofCode(s.code())
        .map(LetterSection::dependsOnProcedure).orElse(false)), letter.sections().toString());

    String html = letters.html(carePlan);
    // The pathway's own message to the patient comes first, with the reason in plain words.
    assertTrue(html.contains("Your injection cannot go ahead for now because you told us you have a fever"), html);
    assertFalse(html.contains("Getting ready"), html);
    assertFalse(html.contains("On the day</"), html);
    assertFalse(html.contains("15 March 2027"), "no procedure date on a postponed plan");
    for (CommunicationRequest cr : activeInstructions(carePlan)) {
      boolean message = cr.getCategory().stream().anyMatch(c -> c.hasCoding(SectionMap.CODE_SYSTEM,
          PatientLetterBuilder.DECISION_MESSAGE));
      assertTrue(message, cr.getId() + " is active on a postponed plan, and only the decision message may be");
    }
  }

  @Test
  void decisionMessageIsShownFirstInsteadOfTheDerivedSentence() {
    CarePlan carePlan = LetterFixture.apply("sip-drg-block", "infection");
    CommunicationRequest message = instruction("cr-decision-message", PatientLetterBuilder.DECISION_MESSAGE,
        "Your injection is postponed until the infection has cleared. Call the clinic when you are well.");
    carePlan.getContained().add(message);
    carePlan.getActivity().add(0, new CarePlan.CarePlanActivityComponent().setReference(new Reference("#"
        + message.getIdPart())));

    String html = letters.html(carePlan);
    assertInOrder(html, "Is your procedure going ahead?", "Your injection is postponed until the infection",
        "Planned procedure: ");
    assertFalse(html.contains("Your procedure has been postponed"), "the message replaces the derived sentence");
  }

  @Test
  void unknownCategoriesGoToOtherInformationAndInactiveRequestsAreLeftOut() {
    CarePlan carePlan = LetterFixture.apply("sip-drg-block", "all-clear");
    add(carePlan, instruction("cr-unknown", "not-a-known-code", "Bring your reading glasses."));
    CommunicationRequest held = instruction("cr-held", "aftercare", "This aftercare instruction is on hold.");
    held.setStatus(CommunicationRequestStatus.ONHOLD);
    add(carePlan, held);

    PatientLetter letter = letters.letter(carePlan);
    PatientLetter.Section last = letter.sections().get(letter.sections().size() - 1);
    assertEquals("other", last.code());
    assertEquals("Bring your reading glasses.", last.items().get(0).text());
    String html = letters.html(carePlan);
    assertTrue(html.contains("Other information"), html);
    assertFalse(html.contains("This aftercare instruction is on hold."), html);
  }

  @Test
  void patientTextIsEscaped() {
    CarePlan carePlan = LetterFixture.apply("sip-drg-block", "all-clear");
    add(carePlan, instruction("cr-markup", "aftercare", "Rest <script>alert(1)</script> & relax"));
    String html = letters.html(carePlan);
    assertTrue(html.contains("Rest &lt;script&gt;alert(1)&lt;/script&gt; &amp; relax"), html);
    assertFalse(html.contains("<script>"), html);
  }

  @Test
  void aCarePlanNotFromApplyIsRejectedNamingWhatIsMissing() {
    InputRejectedException noProfile = assertThrows(InputRejectedException.class,
        () -> letters.html(new CarePlan()));
    assertEquals(InputRejectedException.Kind.INVALID, noProfile.kind());
    assertEquals("CarePlan.meta.profile", noProfile.issues().get(0).location());

    CarePlan noDecision = LetterFixture.apply("sip-drg-block", "all-clear");
    noDecision.getExtension().removeIf(e -> e.getUrl().equals(PathwayVocabulary.EXT_PATHWAY_DECISION));
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> letters.html(noDecision));
    assertEquals("CarePlan.extension", e.issues().get(0).location());
  }

  static List<CommunicationRequest> activeInstructions(CarePlan carePlan) {
    return carePlan.getContained().stream().filter(CommunicationRequest.class::isInstance)
        .map(CommunicationRequest.class::cast).filter(cr -> cr.getStatus() == CommunicationRequestStatus.ACTIVE)
        .toList();
  }

  static CommunicationRequest instruction(String id, String code, String text) {
    CommunicationRequest cr = new CommunicationRequest().setStatus(CommunicationRequestStatus.ACTIVE);
    cr.setId(id);
    cr.addCategory().addCoding().setSystem(SectionMap.CODE_SYSTEM).setCode(code);
    cr.addRecipient(new Reference("Patient/example"));
    cr.addPayload().setContent(new StringType(text));
    return cr;
  }

  private static void add(CarePlan carePlan, CommunicationRequest cr) {
    carePlan.getContained().add(cr);
    carePlan.addActivity().setReference(new Reference("#" + cr.getIdPart()));
  }

  static String escaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static void assertInOrder(String text, String... parts) {
    int from = 0;
    for (String part : parts) {
      int at = text.indexOf(part, from);
      assertTrue(at >= 0, "'" + part + "' missing or out of order");
      from = at + part.length();
    }
  }
}
