package org.spinepathways.provider;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.spinepathways.apply.ApplyProcessor;
import org.spinepathways.apply.ApplyRequest;
import org.spinepathways.apply.ApplyRequest.PlanSelector;
import org.spinepathways.apply.ApplyRequest.UserContext;
import org.spinepathways.apply.InputRejectedException;

/**
 * {@code PlanDefinition/$apply}, instance and type level. Adapts the operation's parameters to an
 * {@link ApplyRequest} and hands it to the engine; nothing clinical happens here.
 */
public final class PlanDefinitionApplyProvider {

  private final ApplyProcessor processor;

  public PlanDefinitionApplyProvider(ApplyProcessor processor) {
    this.processor = processor;
  }

  @Operation(name = "$apply", idempotent = false, type = PlanDefinition.class)
  public CarePlan applyInstance(@IdParam IdType id,
      @OperationParam(name = "subject", max = 1) StringType subject,
      @OperationParam(name = "encounter", max = 1) StringType encounter,
      @OperationParam(name = "practitioner", max = 1) StringType practitioner,
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "userType", max = 1) CodeableConcept userType,
      @OperationParam(name = "userLanguage", max = 1) CodeableConcept userLanguage,
      @OperationParam(name = "userTaskContext", max = 1) CodeableConcept userTaskContext,
      @OperationParam(name = "setting", max = 1) CodeableConcept setting,
      @OperationParam(name = "settingContext", max = 1) CodeableConcept settingContext,
      @OperationParam(name = "data", max = 1) Bundle data,
      @OperationParam(name = "questionnaireResponse", max = 1) QuestionnaireResponse questionnaireResponse) {
    return processor.apply(new ApplyRequest(PlanSelector.byId(id.getIdPart()), text(subject), text(encounter),
        text(practitioner), text(organization),
        new UserContext(userType, userLanguage, userTaskContext, setting, settingContext), data,
        questionnaireResponse));
  }

  @Operation(name = "$apply", idempotent = false, type = PlanDefinition.class)
  public CarePlan applyType(
      @OperationParam(name = "planDefinition", max = 1) PlanDefinition planDefinition,
      @OperationParam(name = "url", max = 1) UriType url,
      @OperationParam(name = "version", max = 1) StringType version,
      @OperationParam(name = "subject", max = 1) StringType subject,
      @OperationParam(name = "encounter", max = 1) StringType encounter,
      @OperationParam(name = "practitioner", max = 1) StringType practitioner,
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "userType", max = 1) CodeableConcept userType,
      @OperationParam(name = "userLanguage", max = 1) CodeableConcept userLanguage,
      @OperationParam(name = "userTaskContext", max = 1) CodeableConcept userTaskContext,
      @OperationParam(name = "setting", max = 1) CodeableConcept setting,
      @OperationParam(name = "settingContext", max = 1) CodeableConcept settingContext,
      @OperationParam(name = "data", max = 1) Bundle data,
      @OperationParam(name = "questionnaireResponse", max = 1) QuestionnaireResponse questionnaireResponse) {
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
    return processor.apply(new ApplyRequest(selector, text(subject), text(encounter), text(practitioner),
        text(organization), new UserContext(userType, userLanguage, userTaskContext, setting, settingContext),
        data, questionnaireResponse));
  }

  private static String text(StringType value) {
    return value == null || value.isEmpty() ? null : value.getValue();
  }
}
