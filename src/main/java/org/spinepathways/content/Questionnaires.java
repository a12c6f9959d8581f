package org.spinepathways.content;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;

/** Small helpers over Questionnaire item trees. */
public final class Questionnaires {

  private Questionnaires() {}

  /** Every linkId in the Questionnaire, at any depth. */
  public static Set<String> linkIds(Questionnaire questionnaire) {
    Set<String> out = new LinkedHashSet<>();
    collect(questionnaire.getItem(), out);
    return out;
  }

  private static void collect(List<QuestionnaireItemComponent> items, Set<String> out) {
    for (QuestionnaireItemComponent item : items) {
      out.add(item.getLinkId());
      collect(item.getItem(), out);
    }
  }
}
