package org.spinepathways.apply;

import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.spinepathways.content.Canonicals;

/**
 * Finds the response that answers the plan's screening Questionnaire (matched by canonical) and checks it belongs to
 * the subject and is complete and valid. The {@code questionnaireResponse} parameter wins over a response carried in
 * {@code data}.
 */
final class ScreeningResolver {

  private final ScreeningValidator validator;

  ScreeningResolver(ScreeningValidator validator) {
    this.validator = validator;
  }

  Screening resolve(Questionnaire questionnaire, QuestionnaireResponse explicit, Bundle data, String subject,
      Date today) {
    QuestionnaireResponse chosen = explicit != null ? explicit : fromData(questionnaire, data);
    if (chosen == null) {
      return new Screening(questionnaire, null, null);
    }
    String location = explicit != null ? "questionnaireResponse" : "data";
    if (questionnaire == null) {
      throw new InputRejectedException(UNPROCESSABLE,
          "This PlanDefinition has no screening Questionnaire, so it takes no QuestionnaireResponse", location);
    }
    if (!answers(chosen, questionnaire)) {
      String answered = chosen.hasQuestionnaire() ? chosen.getQuestionnaire() : "no Questionnaire";
      String retired = Canonicals.url(answered).endsWith("/Questionnaire/sip-screening")
          ? " (the shared form sip-screening was retired in favour of one form per pathway)" : "";
      throw new InputRejectedException(UNPROCESSABLE, "The QuestionnaireResponse answers " + answered + retired
          + ", not this plan's screening Questionnaire: answer " + canonicalOf(questionnaire) + " instead",
          location + ".questionnaire");
    }
    if (!chosen.hasSubject() || !chosen.getSubject().hasReference()) {
      throw new InputRejectedException(UNPROCESSABLE, "The screening QuestionnaireResponse has no subject: it must "
          + "name the patient the plan is applied to", location + ".subject");
    }
    if (!subject.equals(chosen.getSubject().getReference())) {
      throw new InputRejectedException(UNPROCESSABLE,
          "The QuestionnaireResponse is about a different subject than the one the plan is applied to",
          location + ".subject");
    }
    QuestionnaireResponse.QuestionnaireResponseStatus status = chosen.getStatus();
    if (status != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
        && status != QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED) {
      throw new InputRejectedException(UNPROCESSABLE, "The screening QuestionnaireResponse must be completed "
          + "(status completed or amended) before the plan can decide; its status is "
          + (status == null ? "missing" : status.toCode()), location + ".status");
    }
    InputCaps.checkResponse(chosen, location);
    validator.check(questionnaire, chosen, location);
    PastEventDates.check(questionnaire, chosen, today, location);
    String reference = chosen.hasIdElement() && chosen.getIdElement().hasIdPart()
        ? "QuestionnaireResponse/" + chosen.getIdElement().getIdPart() : "#" + Screening.CONTAINED_ID;
    return new Screening(questionnaire, chosen, reference);
  }

  /**
   * The screening response among the data: the most recently authored one that answers the Questionnaire. If data
   * holds responses but none answers it, that is the caller's mistake and is rejected.
   */
  private static QuestionnaireResponse fromData(Questionnaire questionnaire, Bundle data) {
    if (data == null) {
      return null;
    }
    List<QuestionnaireResponse> responses = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : data.getEntry()) {
      if (entry.getResource() instanceof QuestionnaireResponse qr) {
        responses.add(qr);
      }
    }
    if (responses.isEmpty()) {
      return null;
    }
    return responses.stream()
        .filter(qr -> questionnaire == null || answers(qr, questionnaire))
        .max(Comparator.comparing(qr -> qr.hasAuthored() ? qr.getAuthored().getTime() : Long.MIN_VALUE))
        .orElse(responses.get(0));
  }

  private static boolean answers(QuestionnaireResponse response, Questionnaire questionnaire) {
    if (!response.hasQuestionnaire()) {
      return false;
    }
    String canonical = response.getQuestionnaire();
    String version = Canonicals.version(canonical);
    return questionnaire.getUrl().equals(Canonicals.url(canonical))
        && (version == null || version.equals(questionnaire.getVersion()));
  }

  private static String canonicalOf(Questionnaire q) {
    return Canonicals.of(q.getUrl(), q.getVersion());
  }
}
