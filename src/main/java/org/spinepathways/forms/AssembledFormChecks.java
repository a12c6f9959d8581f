package org.spinepathways.forms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.spinepathways.content.ContentProblem;

/**
 * Checks an assembled form as a whole: every linkId present and unique (SDC: a duplicate after assembly is an error),
 * every enableWhen naming an item that is still in the form (an override may have excluded it).
 */
final class AssembledFormChecks {

  private AssembledFormChecks() {}

  static void check(Questionnaire form, String rootFile, Collection<ContentProblem> problems) {
    Map<String, List<String>> origins = new LinkedHashMap<>();
    List<QuestionnaireItemComponent> all = new ArrayList<>();
    collect(form.getItem(), all);
    for (QuestionnaireItemComponent item : all) {
      if (!item.hasLinkId()) {
        problems.add(at(item, rootFile, "an item has no linkId"));
      } else {
        origins.computeIfAbsent(item.getLinkId(), k -> new ArrayList<>()).add(origin(item));
      }
    }
    origins.forEach((linkId, where) -> {
      if (where.size() > 1) {
        problems.add(new ContentProblem(rootFile, "Questionnaire.item", "linkId '" + linkId + "' appears "
            + where.size() + " times in the assembled form, authored at: " + String.join("; ", where)));
      }
    });
    for (QuestionnaireItemComponent item : all) {
      for (QuestionnaireItemEnableWhenComponent condition : item.getEnableWhen()) {
        if (!origins.containsKey(condition.getQuestion())) {
          problems.add(at(item, rootFile, "enableWhen of '" + item.getLinkId() + "' names '"
              + condition.getQuestion() + "', which is not in the form (excluded by an override? remove the "
              + "enableWhen too)"));
        }
      }
    }
  }

  private static void collect(List<QuestionnaireItemComponent> items, List<QuestionnaireItemComponent> into) {
    for (QuestionnaireItemComponent item : items) {
      into.add(item);
      collect(item.getItem(), into);
    }
  }

  private static String origin(QuestionnaireItemComponent item) {
    Object origin = item.getUserData(ModuleExpansion.ORIGIN);
    return origin == null ? "Questionnaire.item" : origin.toString();
  }

  /** A problem placed where the item was authored, naming the form it was found in. */
  private static ContentProblem at(QuestionnaireItemComponent item, String rootFile, String message) {
    if (item.getUserData(ModuleExpansion.ORIGIN) instanceof ModuleExpansion.Origin origin) {
      String in = origin.file().equals(rootFile) ? "" : " (in the form assembled from " + rootFile + ")";
      return new ContentProblem(origin.file(), origin.path(), message + in);
    }
    return new ContentProblem(rootFile, "Questionnaire.item", message);
  }
}
