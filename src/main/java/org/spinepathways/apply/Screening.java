package org.spinepathways.apply;

import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * The plan's screening: its Questionnaire and, when the caller sent one, the validated response.
 *
 * @param questionnaire the screening Questionnaire of the plan, or null when the plan has none
 * @param response the response answering it, or null when none was sent
 * @param reference how the output refers to the response: its own {@code QuestionnaireResponse/<id>}, or a
 *     contained copy when it has no id
 */
record Screening(Questionnaire questionnaire, QuestionnaireResponse response, String reference) {

  static final String CONTAINED_ID = "screening-response";

  boolean missing() {
    return questionnaire != null && response == null;
  }

  boolean containedCopy() {
    return response != null && reference.startsWith("#");
  }
}
