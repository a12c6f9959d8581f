package org.spinepathways.apply;

import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UriType;

/**
 * Personalises a Consent template: status proposed, the patient, today's date, the organization and the clinician
 * when given, and the screening response as its source. What the patient agrees to (procedure, benefits,
 * alternatives, risks, in the template's
 * narrative) stays as the template states it.
 */
final class ConsentFactory {

  static final String INSTANTIATES_URI = "http://hl7.org/fhir/StructureDefinition/workflow-instantiatesUri";

  private ConsentFactory() {}

  static Consent create(Consent template, String id, OutputContext ctx) {
    Consent consent = template.copy();
    consent.setId(id);
    consent.setMeta(null);
    consent.getIdentifier().clear();
    consent.setStatus(Consent.ConsentState.PROPOSED);
    consent.setPatient(ctx.subjectRef());
    consent.setDateTime(ctx.now());
    consent.getPerformer().clear();
    if (ctx.practitioner() != null) {
      consent.addPerformer(new Reference(ctx.practitioner()));
    }
    consent.getOrganization().clear();
    if (ctx.organization() != null) {
      consent.addOrganization(new Reference(ctx.organization()));
    }
    if (ctx.screening() != null && ctx.screening().response() != null) {
      consent.setSource(new Reference(ctx.screening().reference()));
    }
    consent.addExtension(INSTANTIATES_URI, new UriType("Consent/" + template.getIdPart()));
    return consent;
  }
}
