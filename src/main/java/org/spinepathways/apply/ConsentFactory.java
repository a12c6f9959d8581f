package org.spinepathways.apply;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Personalises a Consent template: status proposed, the patient, today's date, the organization and the clinician
 * when given, and the screening response as its source. What the patient agrees to (procedure, benefits,
 * alternatives, risks) stays as the template's statements say, less those that do not apply to this patient; the
 * narrative is regenerated from them.
 */
final class ConsentFactory {

  private ConsentFactory() {}

  /**
   * Personalises the template. Consent statements whose {@code appliesWhen} is false for this patient (a thoracic
   * risk for a lumbar injection, say) are left out; the caller evaluates the conditions.
   */
  static Consent create(Consent template, String id, OutputContext ctx,
      java.util.function.Predicate<Extension> statementApplies) {
    Consent consent = template.copy();
    // Decide on the template's own statements (their expressions are the ones compiled at load); keep the copies.
    List<Extension> kept = new ArrayList<>();
    for (int i = 0; i < template.getExtension().size(); i++) {
      Extension e = template.getExtension().get(i);
      if (!PathwayVocabulary.EXT_CONSENT_STATEMENT.equals(e.getUrl()) || statementApplies.test(e)) {
        kept.add(consent.getExtension().get(i));
      }
    }
    consent.setExtension(kept);
    consent.setId(id);
    consent.setMeta(null);
    consent.getMeta().addProfile(PathwayVocabulary.PROFILE_CONSENT);
    consent.setText(null);
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
    consent.addExtension(PathwayVocabulary.EXT_CONSENT_TEMPLATE, templateReference(template));
    return consent;
  }

  /**
   * The template by its business identifier (a logical reference), not {@code Consent/<id>}: an EHR importing the
   * Consent does not hold the knowledge library's templates.
   */
  private static Reference templateReference(Consent template) {
    Identifier identifier = template.hasIdentifier() ? template.getIdentifierFirstRep().copy()
        : new Identifier().setSystem(PathwayVocabulary.BASE + "/consent-template").setValue(template.getIdPart());
    return new Reference().setIdentifier(identifier).setDisplay("Consent template " + template.getIdPart());
  }
}
