package org.spinepathways.forms;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.spinepathways.content.ContentProblem;

/**
 * One {@code sip-module-override} on a subQuestionnaire display item: how one included item is adapted for the
 * including form.
 *
 * @param file the file holding the display item
 * @param path the element path of the override extension in that file
 * @param linkId the included item it adapts (at any depth)
 * @param required the new required flag, or null to leave it
 * @param exclude whether the item (and its children) is left out
 * @param answerValueSet the new answerValueSet, or null to leave it
 * @param removeEnableWhen whether the item's enableWhen and enableBehavior are removed
 */
record ModuleOverride(String file, String path, String linkId, Boolean required, boolean exclude,
    String answerValueSet, boolean removeEnableWhen) {

  /** Reads one override extension; adds a problem and returns empty when it is malformed or changes nothing. */
  static Optional<ModuleOverride> read(Extension extension, String file, String path,
      Collection<ContentProblem> problems) {
    String linkId = null;
    Boolean required = null;
    boolean exclude = false;
    String valueSet = null;
    boolean removeEnableWhen = false;
    int before = problems.size();
    for (Extension part : extension.getExtension()) {
      Type value = part.getValue();
      switch (part.getUrl()) {
        case "linkId" -> linkId = value(value, StringType.class, part, file, path, problems);
        case "required" -> required = value(value, BooleanType.class, part, file, path, problems);
        case "exclude" -> exclude = Boolean.TRUE.equals(value(value, BooleanType.class, part, file, path, problems));
        case "answerValueSet" -> valueSet = value(value, CanonicalType.class, part, file, path, problems);
        case "removeEnableWhen" -> removeEnableWhen =
            Boolean.TRUE.equals(value(value, BooleanType.class, part, file, path, problems));
        default -> problems.add(new ContentProblem(file, path, "unknown part '" + part.getUrl()
            + "' (known: linkId, required, exclude, answerValueSet, removeEnableWhen)"));
      }
    }
    if (linkId == null) {
      problems.add(new ContentProblem(file, path, "an override needs a linkId"));
    } else if (exclude && (required != null || valueSet != null || removeEnableWhen)) {
      problems.add(new ContentProblem(file, path, "'" + linkId + "' is excluded: no other change can apply to it"));
    } else if (!exclude && required == null && valueSet == null && !removeEnableWhen) {
      problems.add(new ContentProblem(file, path, "the override of '" + linkId + "' changes nothing"));
    }
    return problems.size() == before ? Optional.of(new ModuleOverride(file, path, linkId, required, exclude,
        valueSet, removeEnableWhen)) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static <T> T value(Type value, Class<? extends PrimitiveType<T>> expected, Extension part, String file,
      String path, Collection<ContentProblem> problems) {
    if (!expected.isInstance(value) || ((PrimitiveType<T>) value).getValue() == null) {
      problems.add(new ContentProblem(file, path, "'" + part.getUrl() + "' needs a value"
          + expected.getSimpleName().replace("Type", "")));
      return null;
    }
    return ((PrimitiveType<T>) value).getValue();
  }

  /** Applies this override to the included items (searched at any depth); adds a problem when it cannot apply. */
  void apply(List<QuestionnaireItemComponent> included, String module, Collection<ContentProblem> problems) {
    List<QuestionnaireItemComponent> siblings = parentListOf(included);
    if (siblings == null) {
      problems.add(new ContentProblem(file, path, "module " + module + " has no item with linkId '" + linkId + "'"));
      return;
    }
    QuestionnaireItemComponent item = siblings.stream().filter(i -> linkId.equals(i.getLinkId())).findFirst()
        .orElseThrow();
    if (exclude) {
      siblings.remove(item);
      return;
    }
    if (required != null) {
      applyRequired(item, problems);
    }
    if (answerValueSet != null) {
      applyValueSet(item, problems);
    }
    if (removeEnableWhen) {
      applyRemoveEnableWhen(item, problems);
    }
  }

  private void applyRequired(QuestionnaireItemComponent item, Collection<ContentProblem> problems) {
    if (item.getType() == QuestionnaireItemType.DISPLAY) {
      problems.add(new ContentProblem(file, path, "'" + linkId + "' is a display item: it cannot be required"));
    } else {
      item.setRequired(required);
    }
  }

  private void applyValueSet(QuestionnaireItemComponent item, Collection<ContentProblem> problems) {
    if (!item.hasAnswerValueSet()) {
      problems.add(new ContentProblem(file, path, "'" + linkId + "' has no answerValueSet to replace"
          + (item.hasAnswerOption() ? " (it lists answerOption)" : "")));
    } else {
      item.setAnswerValueSet(answerValueSet);
    }
  }

  private void applyRemoveEnableWhen(QuestionnaireItemComponent item, Collection<ContentProblem> problems) {
    if (!item.hasEnableWhen()) {
      problems.add(new ContentProblem(file, path, "'" + linkId + "' has no enableWhen to remove"));
    } else {
      item.getEnableWhen().clear();
      item.setEnableBehavior(null);
    }
  }

  /** The list holding the item with this override's linkId, searched depth-first, or null. */
  private List<QuestionnaireItemComponent> parentListOf(List<QuestionnaireItemComponent> items) {
    for (QuestionnaireItemComponent item : items) {
      if (linkId.equals(item.getLinkId())) {
        return items;
      }
      List<QuestionnaireItemComponent> found = parentListOf(item.getItem());
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
