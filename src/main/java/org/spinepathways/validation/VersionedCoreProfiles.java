package org.spinepathways.validation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Resolves the FHIR R4 specification's version-specific canonicals of its own definitions, such as
 * {@code http://hl7.org/fhir/4.0/StructureDefinition/QuestionnaireResponse}, which form renderers (LHC-Forms among
 * them) put in {@code meta.profile}, to the base definition. Claiming the base resource of the version the server
 * validates against is not an error; a profile that no part of the chain knows still is.
 */
final class VersionedCoreProfiles implements IValidationSupport {

  private static final Pattern VERSIONED = Pattern.compile(
      "http://hl7\\.org/fhir/(?:4\\.0|4\\.0\\.1|R4)/StructureDefinition/([A-Za-z][A-Za-z0-9-]*)");
  private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

  private final IValidationSupport core;

  VersionedCoreProfiles(IValidationSupport core) {
    this.core = core;
  }

  @Override
  public FhirContext getFhirContext() {
    return core.getFhirContext();
  }

  @Override
  public String getName() {
    return "FHIR R4 version-specific canonicals of the base definitions";
  }

  /** The base definition's URL for a version-specific canonical, or null when the URL is not one. */
  static String baseUrl(String url) {
    Matcher m = url == null ? null : VERSIONED.matcher(url);
    return m != null && m.matches() ? CORE + m.group(1) : null;
  }

  @Override
  public IBaseResource fetchStructureDefinition(String url) {
    String base = baseUrl(url);
    if (base == null) {
      return null;
    }
    IBaseResource found = core.fetchStructureDefinition(base);
    if (!(found instanceof StructureDefinition sd)) {
      return null;
    }
    // A copy under the URL that was asked for, so caches keyed by URL stay consistent.
    StructureDefinition copy = sd.copy();
    copy.setUrl(url);
    return copy;
  }

  @Override
  public <T extends IBaseResource> T fetchResource(Class<T> type, String uri) {
    if (type != null && !type.isAssignableFrom(StructureDefinition.class)) {
      return null;
    }
    IBaseResource found = fetchStructureDefinition(uri);
    return found == null || type == null ? null : type.cast(found);
  }
}
