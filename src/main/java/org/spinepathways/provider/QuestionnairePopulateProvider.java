package org.spinepathways.provider;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UriType;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.populate.PopulateRequest;
import org.spinepathways.populate.QuestionnairePopulator;
import org.spinepathways.populate.QuestionnairePopulator.PopulateResult;

/**
 * {@code Questionnaire/$populate} (SDC), instance and type level: {@code subject} (a Reference to
 * {@code Patient/<id>}), {@code data} (a Bundle of the patient's records), and at type level
 * {@code canonical} or an inline {@code questionnaire}. Returns a Parameters with {@code response} and {@code issues}.
 */
public final class QuestionnairePopulateProvider {

  private final QuestionnairePopulator populator;

  public QuestionnairePopulateProvider(QuestionnairePopulator populator) {
    this.populator = populator;
  }

  @Operation(name = "$populate", idempotent = false, type = Questionnaire.class)
  public Parameters populateInstance(@IdParam IdType id,
      @OperationParam(name = "subject", max = 1, typeName = "Reference") Reference subject,
      @OperationParam(name = "data", max = 1) Bundle data) {
    return answer(populator.populate(new PopulateRequest(id.getIdPart(), null, null, subject(subject), data)));
  }

  @Operation(name = "$populate", idempotent = false, type = Questionnaire.class)
  public Parameters populateType(
      @OperationParam(name = "canonical", max = 1) UriType canonical,
      @OperationParam(name = "questionnaire", max = 1) Questionnaire questionnaire,
      @OperationParam(name = "subject", max = 1, typeName = "Reference") Reference subject,
      @OperationParam(name = "data", max = 1) Bundle data) {
    if (canonical != null && canonical.hasValue() && questionnaire != null) {
      throw new InputRejectedException(InputRejectedException.Kind.INVALID,
          "Give either 'canonical' or 'questionnaire', not both", "canonical");
    }
    String url = canonical == null || !canonical.hasValue() ? null : canonical.getValue();
    return answer(populator.populate(new PopulateRequest(null, url, questionnaire, subject(subject), data)));
  }

  private static String subject(Reference subject) {
    return subject == null || !subject.hasReference() ? null : subject.getReference();
  }

  private static Parameters answer(PopulateResult result) {
    Parameters out = new Parameters();
    out.addParameter().setName("response").setResource(result.response());
    out.addParameter().setName("issues").setResource(result.issues());
    return out;
  }
}
