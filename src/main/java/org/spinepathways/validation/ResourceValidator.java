package org.spinepathways.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.PerformanceOptionsEnum;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.http.ManagedWebAccess;
import org.spinepathways.content.KnowledgeStore;

/**
 * Validates resources offline against the FHIR R4 base definitions and the project's own profiles, value sets,
 * code systems and Questionnaires. Nothing is ever fetched over the network. Built once; thread-safe.
 */
public final class ResourceValidator {

  static {
    // Belt and braces: the FHIR core libraries must never reach out to the network from this module.
    ManagedWebAccess.setAccessPolicy(ManagedWebAccess.WebAccessPolicy.PROHIBITED);
    // HAPI's validator keeps one R5 context, only to name the resource type of a class it fetches by; scanning the
    // whole R5 model for that held about 20 MB. Deferred scanning reads a type's children only when asked.
    WorkerContextValidationSupportAdapter.FHIR_CONTEXT_R5.setPerformanceOptions(
        PerformanceOptionsEnum.DEFERRED_MODEL_SCANNING);
  }

  private final FhirValidator validator;
  private final ValidationSupportChain chain;
  private final ValueSetExpander expander;

  public ResourceValidator(FhirContext fhirContext, KnowledgeStore store) {
    this(fhirContext, store, CoreDefinitions.of(fhirContext));
  }

  /** A validator over the given core definitions (tests compare the packaged ones with HAPI's own). */
  ResourceValidator(FhirContext fhirContext, KnowledgeStore store, IValidationSupport core) {
    this.chain = supportChain(fhirContext, store, core);
    // Core validators pooled rather than rebuilt per call; one per core keeps every core busy.
    FhirInstanceValidator module = configure(new PooledInstanceValidator(chain,
        Runtime.getRuntime().availableProcessors()));
    this.validator = fhirContext.newValidator().registerValidatorModule(module);
    this.validator.setConcurrentBundleValidation(false);
    this.expander = new ValueSetExpander(chain);
  }

  /** Expands value sets with the same offline terminology the validator uses. */
  public ValueSetExpander valueSetExpander() {
    return expander;
  }

  /** Everything the validator may know, all of it local. */
  static ValidationSupportChain supportChain(FhirContext fhirContext, KnowledgeStore store) {
    return supportChain(fhirContext, store, CoreDefinitions.of(fhirContext));
  }

  private static ValidationSupportChain supportChain(FhirContext fhirContext, KnowledgeStore store,
      IValidationSupport core) {
    return new ValidationSupportChain(
        // The context's own support (the trimmed core definitions, see CoreDefinitions), shared with FHIRPath.
        core,
        new KnowledgeValidationSupport(fhirContext, store),
        new VersionedCoreProfiles(core),
        new CommonCodeSystemsTerminologyService(fhirContext),
        new InMemoryTerminologyServerValidationSupport(fhirContext),
        new SnapshotGeneratingValidationSupport(fhirContext));
  }

  /** The settings this module validates with: any extension allowed, an unknown profile is an error. */
  static <T extends FhirInstanceValidator> T configure(T module) {
    module.setAnyExtensionsAllowed(true);
    module.setErrorForUnknownProfiles(true);
    return module;
  }

  /**
   * Validates one resource of each given kind so that the validator's lazy start-up work (loading and snapshotting
   * definitions) happens before the first request rather than during it.
   */
  public void warmUp(Iterable<? extends IBaseResource> samples) {
    for (IBaseResource sample : samples) {
      validate(sample);
    }
  }

  /** Validates against the base resource definition and any profiles the resource claims in meta.profile. */
  public ValidationResult validate(IBaseResource resource) {
    return validator.validateWithResult(resource);
  }

  /** Validates a resource given as JSON or XML text, so structural problems come back with line and column. */
  public ValidationResult validate(String resourceText, String profileCanonical) {
    ValidationOptions options = new ValidationOptions();
    if (profileCanonical != null) {
      options.addProfile(profileCanonical);
    }
    return validator.validateWithResult(resourceText, options);
  }

  /** Whether a profile is known: one of the project's or a FHIR R4 core definition. */
  /** The validation chain (library, core definitions, in-memory terminology), for FHIRPath {@code memberOf()}. */
  public IValidationSupport terminology() {
    return chain;
  }

  public boolean knowsProfile(String canonical) {
    return chain.fetchStructureDefinition(canonical) != null;
  }

  /** Validates against the named profile as well. */
  public ValidationResult validate(IBaseResource resource, String profileCanonical) {
    return validator.validateWithResult(resource, new ValidationOptions().addProfile(profileCanonical));
  }
}
