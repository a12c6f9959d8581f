package org.spinepathways.provider;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.spinepathways.apply.ApplyProcessor;
import org.spinepathways.apply.ApplyRequest;
import org.spinepathways.apply.ApplyRequest.PlanSelector;
import org.spinepathways.apply.ApplyRequest.UserContext;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.transaction.TransactionBundleBuilder;

/**
 * {@code PlanDefinition/$apply}, instance and type level. Adapts the operation's parameters to an
 * {@link ApplyRequest} and hands it to the engine; nothing clinical happens here. {@code output} chooses the form of
 * the result: the CarePlan (default) or a transaction Bundle for an EHR to import.
 */
public final class PlanDefinitionApplyProvider {

  private final ApplyProcessor processor;
  private final TransactionBundleBuilder bundles;

  public PlanDefinitionApplyProvider(ApplyProcessor processor, FhirContext fhirContext) {
    this.processor = processor;
    this.bundles = new TransactionBundleBuilder(fhirContext);
  }

  @Operation(name = "$apply", idempotent = false, type = PlanDefinition.class)
  public Resource applyInstance(@IdParam IdType id,
      @OperationParam(name = "subject", min = 1, max = 1) StringType subject,
      @OperationParam(name = "encounter", max = 1) StringType encounter,
      @OperationParam(name = "practitioner", max = 1) StringType practitioner,
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "userType", max = 1) CodeableConcept userType,
      @OperationParam(name = "userLanguage", max = 1) CodeableConcept userLanguage,
      @OperationParam(name = "userTaskContext", max = 1) CodeableConcept userTaskContext,
      @OperationParam(name = "setting", max = 1) CodeableConcept setting,
      @OperationParam(name = "settingContext", max = 1) CodeableConcept settingContext,
      @OperationParam(name = "data", max = 1) Bundle data,
      @OperationParam(name = "questionnaireResponse", max = 1) QuestionnaireResponse questionnaireResponse,
      @OperationParam(name = "output", max = 1) CodeType output) {
    ApplyOutput form = ApplyOutput.of(output);
    return form.render(processor, new ApplyRequest(PlanSelector.byId(id.getIdPart()), text(subject),
        text(encounter), text(practitioner), text(organization),
        new UserContext(userType, userLanguage, userTaskContext, setting, settingContext), data,
        questionnaireResponse), bundles);
  }

  @Operation(name = "$apply", idempotent = false, type = PlanDefinition.class)
  public Resource applyType(
      @OperationParam(name = "planDefinition", max = 1) PlanDefinition planDefinition,
      @OperationParam(name = "url", max = 1) UriType url,
      @OperationParam(name = "version", max = 1) StringType version,
      @OperationParam(name = "subject", min = 1, max = 1) StringType subject,
      @OperationParam(name = "encounter", max = 1) StringType encounter,
      @OperationParam(name = "practitioner", max = 1) StringType practitioner,
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "userType", max = 1) CodeableConcept userType,
      @OperationParam(name = "userLanguage", max = 1) CodeableConcept userLanguage,
      @OperationParam(name = "userTaskContext", max = 1) CodeableConcept userTaskContext,
      @OperationParam(name = "setting", max = 1) CodeableConcept setting,
      @OperationParam(name = "settingContext", max = 1) CodeableConcept settingContext,
      @OperationParam(name = "data", max = 1) Bundle data,
      @OperationParam(name = "questionnaireResponse", max = 1) QuestionnaireResponse questionnaireResponse,
      @OperationParam(name = "output", max = 1) CodeType output) {
    ApplyOutput form = ApplyOutput.of(output);
    PlanSelector selector;
    if (planDefinition != null && url != null) {
      throw new InputRejectedException(InputRejectedException.Kind.INVALID,
          "Give either 'url' or 'planDefinition', not both", "planDefinition");
    } else if (planDefinition != null) {
      selector = PlanSelector.inline(planDefinition);
    } else if (url != null && url.hasValue()) {
      selector = PlanSelector.byCanonical(url.getValue(), text(version));
    } else {
      throw new InputRejectedException(InputRejectedException.Kind.INVALID,
          "At type level, name the PlanDefinition with 'url' (and optionally 'version') or send it inline as "
              + "'planDefinition'", "url");
    }
    return form.render(processor, new ApplyRequest(selector, text(subject), text(encounter), text(practitioner),
        text(organization), new UserContext(userType, userLanguage, userTaskContext, setting, settingContext),
        data, questionnaireResponse), bundles);
  }

  private static String text(StringType value) {
    return value == null || value.isEmpty() ? null : value.getValue();
  }
}
