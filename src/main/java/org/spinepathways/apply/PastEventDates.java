package org.spinepathways.apply;

import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Type;
import org.spinepathways.content.ElementWalker;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Rejects a screening whose answer to a past-event date item (marked {@code sip-past-event-date}: the last MRI scan,
 * for example) lies after today: such an answer is a mistake in the screening, never a fact to decide on.
 */
final class PastEventDates {

  private PastEventDates() {}

  static void check(Questionnaire questionnaire, QuestionnaireResponse response, Date today, String location) {
    Set<String> pastEvents = new HashSet<>();
    ElementWalker.forEach(questionnaire, Questionnaire.QuestionnaireItemComponent.class, (path, item) -> {
      var ext = item.getExtensionByUrl(PathwayVocabulary.EXT_PAST_EVENT_DATE);
      if (ext != null && "true".equals(ext.getValue().primitiveValue())) {
        pastEvents.add(item.getLinkId());
      }
    });
    if (pastEvents.isEmpty()) {
      return;
    }
    LocalDate limit = today.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    check(response.getItem(), pastEvents, limit, location + ".item");
  }

  private static void check(List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items,
      Set<String> pastEvents, LocalDate limit, String path) {
    for (int i = 0; i < items.size(); i++) {
      var item = items.get(i);
      String here = path + "[" + i + "]";
      if (pastEvents.contains(item.getLinkId())) {
        for (var answer : item.getAnswer()) {
          LocalDate date = dateOf(answer.getValue());
          if (date != null && date.isAfter(limit)) {
            throw new InputRejectedException(UNPROCESSABLE, "The answer to '" + item.getLinkId()
                + "' is a date in the future, but it asks for the date of something that has already happened",
                here + ".answer");
          }
        }
      }
      check(item.getItem(), pastEvents, limit, here + ".item");
      for (var answer : item.getAnswer()) {
        check(answer.getItem(), pastEvents, limit, here + ".answer.item");
      }
    }
  }

  private static LocalDate dateOf(Type value) {
    if (value instanceof org.hl7.fhir.r4.model.BaseDateTimeType d && d.getValue() != null) {
      return LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay());
    }
    return null;
  }
}
