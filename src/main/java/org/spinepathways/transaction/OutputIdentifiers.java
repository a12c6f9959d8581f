package org.spinepathways.transaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Business identifiers for the resources of one {@code $apply} result, derived from the plan, the patient, the
 * screening response, the other patient records sent in {@code data}, and the resource's place in the result. The same screening applied again gives the same
 * identifiers, so an EHR that creates them conditionally ({@code ifNoneExist}) stores them once.
 */
public final class OutputIdentifiers {

  /** Identifier system of every resource the transaction Bundle creates. */
  public static final String SYSTEM = PathwayVocabulary.BASE + "/NamingSystem/sip-apply-output";

  private final String scope;

  private OutputIdentifiers(String scope) {
    this.scope = scope;
  }

  /**
   * @param planCanonical the applied plan's {@code url|version}
   * @param subject the patient reference
   * @param screening the screening response used, or null when there was none
   * @param data the request's patient data, or null
   */
  static OutputIdentifiers of(FhirContext fhirContext, String planCanonical, String subject,
      QuestionnaireResponse screening, Bundle data) {
    return new OutputIdentifiers(planCanonical + "\n" + subject + "\n" + screeningKey(fhirContext, screening) + "\n"
        + dataKey(fhirContext, data, screening));
  }

  /**
   * The EHR records the plan was applied to also decide the result (an active anticoagulant, say): a digest of each
   * record in {@code data} other than the screening response, in a fixed order. No data: empty.
   */
  private static String dataKey(FhirContext fhirContext, Bundle data, QuestionnaireResponse screening) {
    if (data == null || !data.hasEntry()) {
      return "";
    }
    List<String> records = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : data.getEntry()) {
      Resource r = e.getResource();
      if (r != null && !(r instanceof QuestionnaireResponse)) {
        records.add(digest(contentOf(fhirContext, r)));
      }
    }
    Collections.sort(records);
    return String.join(",", records);
  }

  private static String contentOf(FhirContext fhirContext, Resource resource) {
    Resource content = resource.copy();
    content.setMeta(null);
    if (content instanceof DomainResource d) {
      d.setText(null);
    }
    return fhirContext.newJsonParser().encodeResourceToString(content);
  }

  private static String digest(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The identifier of the resource known in the result as {@code localName} (for example {@code Task/sr-3}). */
  Identifier identifierFor(String localName) {
    return new Identifier().setSystem(SYSTEM).setValue(uuidFor(localName).toString());
  }

  /** A name-based UUID, stable for the same plan, patient, screening and resource. */
  UUID uuidFor(String localName) {
    return UUID.nameUUIDFromBytes((scope + "\n" + localName).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The screening response's own identifier when it has one; otherwise a digest of its content (what the patient
   * answered, when, about whom), leaving out the id, meta and narrative, which a store may change.
   */
  private static String screeningKey(FhirContext fhirContext, QuestionnaireResponse screening) {
    if (screening == null) {
      return "no-screening";
    }
    if (screening.hasIdentifier() && screening.getIdentifier().hasValue()) {
      return "identifier " + screening.getIdentifier().getSystem() + "|" + screening.getIdentifier().getValue();
    }
    QuestionnaireResponse content = screening.copy();
    content.setIdElement(null);
    return "content " + digest(contentOf(fhirContext, content));
  }
}
