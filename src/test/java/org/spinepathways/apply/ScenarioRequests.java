package org.spinepathways.apply;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Type;

/** A scenario's Parameters as an apply request, as the REST provider would build it. */
public final class ScenarioRequests {

  private ScenarioRequests() {}

  public static ApplyRequest from(String plan, Parameters p) {
    String subject = null;
    Bundle data = null;
    QuestionnaireResponse qr = null;
    for (Parameters.ParametersParameterComponent param : p.getParameter()) {
      switch (param.getName()) {
        case "subject" -> subject = ((Type) param.getValue()).primitiveValue();
        case "data" -> data = (Bundle) param.getResource();
        case "questionnaireResponse" -> qr = (QuestionnaireResponse) param.getResource();
        default -> throw new IllegalArgumentException("scenario uses an unsupported parameter " + param.getName());
      }
    }
    return new ApplyRequest(ApplyRequest.PlanSelector.byId(plan), subject, null, null, null,
        ApplyRequest.UserContext.NONE, data, qr);
  }
}
