package org.spinepathways.letter;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.CommunicationRequest.CommunicationRequestPayloadComponent;
import org.hl7.fhir.r4.model.CommunicationRequest.CommunicationRequestStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.apply.InputRejectedException.Kind;
import org.spinepathways.content.Decision;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Turns a CarePlan produced by $apply into a {@link PatientLetter}. Only active CommunicationRequests addressed to
 * the patient are instructions; each goes to the section its category's {@code letter-section} names. When the plan
 * is held (clinician review, postpone, contraindicated, or the procedure request not active) the sections that only
 * make sense with the procedure are left out. Thread-safe.
 */
final class PatientLetterBuilder {

  /** The concept of {@link SectionMap#CODE_SYSTEM} that marks the patient's message about the decision. */
  static final String DECISION_MESSAGE = "decision-message";
  private static final String PROCEDURE_PROFILE = PathwayVocabulary.BASE
      + "/StructureDefinition/sip-procedure-servicerequest";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

  private final SectionMap sections;

  PatientLetterBuilder(SectionMap sections) {
    this.sections = sections;
  }

  PatientLetter build(CarePlan carePlan) {
    Decision decision = decisionOf(carePlan);
    Optional<ServiceRequest> procedure = procedureOf(carePlan);
    boolean held = decision.compareTo(Decision.CLINICIAN_REVIEW) >= 0 || procedure.isEmpty()
        || procedure.get().getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE;
    List<PatientLetter.Item> messages = new ArrayList<>();
    Map<LetterSection, List<PatientLetter.Item>> bySection = new EnumMap<>(LetterSection.class);
    for (CommunicationRequest cr : instructions(carePlan)) {
      PatientLetter.Item item = new PatientLetter.Item(text(cr), when(cr));
      List<Coding> codings = cr.getCategory().stream().flatMap(c -> c.getCoding().stream()).toList();
      if (codings.stream().anyMatch(c -> SectionMap.CODE_SYSTEM.equals(c.getSystem())
          && DECISION_MESSAGE.equals(c.getCode()))) {
        messages.add(item);
        continue;
      }
      LetterSection section = sections.sectionOf(codings);
      if (!(held && section.dependsOnProcedure())) {
        bySection.computeIfAbsent(section, s -> new ArrayList<>()).add(item);
      }
    }
    List<PatientLetter.Section> printed = new ArrayList<>();
    for (LetterSection s : LetterSection.values()) {
      if (bySection.containsKey(s) && s != LetterSection.DECISION) {
        printed.add(new PatientLetter.Section(s.code(), List.copyOf(bySection.get(s))));
      }
    }
    messages.addAll(bySection.getOrDefault(LetterSection.DECISION, List.of()));
    return new PatientLetter(carePlan.getTitle(), subject(carePlan.getSubject()),
        carePlan.hasCreated() ? date(carePlan.getCreatedElement()) : null, decision.code(), held,
        procedure.map(PatientLetterBuilder::procedure).orElse(null), List.copyOf(messages), List.copyOf(printed));
  }

  /** The decision from the CarePlan's extension; a CarePlan without one is not ours. */
  private static Decision decisionOf(CarePlan carePlan) {
    if (!carePlan.getMeta().hasProfile(PathwayVocabulary.PROFILE_CAREPLAN)) {
      throw new InputRejectedException(Kind.INVALID, "The CarePlan is not one produced by this server's $apply: "
          + "meta.profile must include " + PathwayVocabulary.PROFILE_CAREPLAN, "CarePlan.meta.profile");
    }
    Extension ext = carePlan.getExtensionByUrl(PathwayVocabulary.EXT_PATHWAY_DECISION);
    if (ext != null && ext.getValue() instanceof CodeableConcept cc) {
      for (Coding c : cc.getCoding()) {
        for (Decision d : Decision.values()) {
          if (PathwayVocabulary.CS_PATHWAY_DECISION.equals(c.getSystem()) && d.code().equals(c.getCode())) {
            return d;
          }
        }
      }
    }
    throw new InputRejectedException(Kind.INVALID, "The CarePlan has no pathway decision: the extension "
        + PathwayVocabulary.EXT_PATHWAY_DECISION + " must carry a code from " + PathwayVocabulary.CS_PATHWAY_DECISION,
        "CarePlan.extension");
  }

  /** The procedure request, when it was raised. */
  private static Optional<ServiceRequest> procedureOf(CarePlan carePlan) {
    return carePlan.getContained().stream().filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast)
        .filter(sr -> sr.getMeta().hasProfile(PROCEDURE_PROFILE)).findFirst();
  }

  private static PatientLetter.Procedure procedure(ServiceRequest sr) {
    String name = sr.getCode().hasText() ? sr.getCode().getText() : sr.getCode().getCodingFirstRep().getDisplay();
    String date = sr.hasOccurrenceDateTimeType() ? date(sr.getOccurrenceDateTimeType()) : null;
    return new PatientLetter.Procedure(name, date, sr.getPatientInstruction());
  }

  /** Active CommunicationRequests to the patient, in the order of the CarePlan's activities. */
  private static List<CommunicationRequest> instructions(CarePlan carePlan) {
    List<CommunicationRequest> found = new ArrayList<>();
    for (CarePlan.CarePlanActivityComponent activity : carePlan.getActivity()) {
      Resource r = contained(carePlan, activity.getReference());
      if (r instanceof CommunicationRequest cr && cr.getStatus() == CommunicationRequestStatus.ACTIVE
          && toPatient(cr)) {
        found.add(cr);
      }
    }
    return found;
  }

  private static Resource contained(CarePlan carePlan, Reference reference) {
    String ref = reference.getReference();
    if (ref == null || !ref.startsWith("#")) {
      return null;
    }
    String id = ref.substring(1);
    return carePlan.getContained().stream().filter(r -> id.equals(r.getIdPart())).findFirst().orElse(null);
  }

  /** Addressed to the patient: no recipient named, or a Patient among them. */
  private static boolean toPatient(CommunicationRequest cr) {
    return !cr.hasRecipient() || cr.getRecipient().stream()
        .anyMatch(r -> r.getReference() != null && r.getReference().startsWith("Patient/"));
  }

  private static String text(CommunicationRequest cr) {
    List<String> parts = new ArrayList<>();
    for (CommunicationRequestPayloadComponent p : cr.getPayload()) {
      if (p.hasContentStringType()) {
        parts.add(p.getContentStringType().getValue());
      } else if (p.hasContentAttachment() && p.getContentAttachment().hasTitle()) {
        parts.add(p.getContentAttachment().getTitle());
      }
    }
    return String.join(" ", parts);
  }

  private static String when(CommunicationRequest cr) {
    if (cr.hasOccurrenceDateTimeType()) {
      return "On " + date(cr.getOccurrenceDateTimeType());
    }
    if (cr.hasOccurrencePeriod()) {
      Period p = cr.getOccurrencePeriod();
      if (p.hasStart() && p.hasEnd()) {
        return "From " + date(p.getStartElement()) + " to " + date(p.getEndElement());
      }
      return p.hasStart() ? "From " + date(p.getStartElement()) : "Until " + date(p.getEndElement());
    }
    return null;
  }

  private static String subject(Reference subject) {
    return subject.hasDisplay() ? subject.getDisplay() : subject.getReference();
  }

  /** A date as a patient reads it ("15 March 2027"); a year or month alone stays as given. */
  private static String date(BaseDateTimeType value) {
    if (value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
      return value.getValueAsString();
    }
    return DAY.format(java.time.LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay()));
  }
}
