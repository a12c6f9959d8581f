package org.spinepathways.populate;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Questionnaire;

/**
 * One {@code Questionnaire/$populate} call, free of HTTP.
 *
 * @param questionnaireId the library Questionnaire's id (instance level), or null
 * @param canonical its canonical {@code url[|version]} (type level), or null
 * @param inline a Questionnaire sent with the request (type level), or null
 * @param subject {@code Patient/<id>}, required
 * @param data the patient's records the answers are taken from, or null
 */
public record PopulateRequest(String questionnaireId, String canonical, Questionnaire inline, String subject,
    Bundle data) {}
