package org.spinepathways.provider;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.ValidationModeEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ResourceType;
import org.spinepathways.validation.ResourceValidator;

/**
 * Type-level {@code $validate} for the resource types the module produces or consumes but does not store:
 * CarePlan, QuestionnaireResponse, the requests, DetectedIssue, the patient data types, and the rest of R4.
 */
public final class ValidationOnlyProvider implements IResourceProvider {

  private final Class<? extends IBaseResource> type;
  private final ResourceValidation validation;

  private ValidationOnlyProvider(Class<? extends IBaseResource> type, ResourceValidation validation) {
    this.type = type;
    this.validation = validation;
  }

  /** One provider for every R4 resource type that has no knowledge provider. */
  public static List<IResourceProvider> forOtherTypes(FhirContext fhirContext, ResourceValidator validator) {
    List<IResourceProvider> providers = new ArrayList<>();
    for (ResourceType t : ResourceType.values()) {
      String name = t.name();
      boolean knowledge = KnowledgeResourceProvider.KNOWLEDGE_TYPES.stream()
          .anyMatch(k -> k.getSimpleName().equals(name));
      if (!knowledge) {
        providers.add(new ValidationOnlyProvider(fhirContext.getResourceDefinition(name).getImplementingClass(),
            new ResourceValidation(fhirContext, validator, name)));
      }
    }
    return providers;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return type;
  }

  @Validate
  public MethodOutcome validate(@ResourceParam String body, @ResourceParam EncodingEnum encoding,
      @Validate.Mode ValidationModeEnum mode, @Validate.Profile String profile) {
    return validation.validate(body, encoding, mode, profile, null);
  }
}
