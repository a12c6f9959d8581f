package org.spinepathways.apply;

import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.spinepathways.content.ElementWalker;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.validation.QuestionnaireResponseConformance;
import org.spinepathways.validation.ResourceValidator;

/**
 * Checks a screening response against its Questionnaire with HAPI's validator (unknown linkIds, answer types,
 * required answers, answers to disabled items, answer options). Every error names the linkId it concerns; no message
 * repeats an answer. A plain, well-formed response passes a quick check compiled from its Questionnaire instead
 * (see {@link QuestionnaireResponseConformance}); the validator's wording is kept for every rejection.
 */
final class ScreeningValidator {

  /** Validator messages whose text names only linkIds and types, never an answer value. */
  private static final Set<String> SAFE_MESSAGES = Set.of("questionnaire_qr_item_missing",
      "questionnaire_qr_item_notfound", "questionnaire_qr_item_notenabled2", "questionnaire_qr_item_nolinkid",
      "questionnaire_qr_item_onlyonea", "questionnaire_qr_item_order", "questionnaire_qr_item_text",
      "questionnaire_qr_item_wrongtype", "questionnaire_qr_item_wrongtype2", "questionnaire_qr_item_group",
      "questionnaire_qr_item_display_no_value", "questionnaire_qr_item_group_required");

  /** The validator reports a missing required answer without a message id; its text names only the linkId. */
  private static final java.util.regex.Pattern REQUIRED_MISSING =
      java.util.regex.Pattern.compile("No response answer found for required item '[^']*'");

  private final ResourceValidator validator;
  private final KnowledgeStore store;
  /** Each screening Questionnaire's quick check, compiled once by {@link #prepare()}; read without a lock after. */
  private volatile Map<Questionnaire, QuestionnaireResponseConformance> quickChecks = Map.of();

  ScreeningValidator(ResourceValidator validator, KnowledgeStore store) {
    this.validator = validator;
    this.store = store;
  }

  /**
   * Compiles the quick check of every Questionnaire in the library (its value sets expanded once), with the
   * validator's warm-up; until then, and for a form the check does not model, every response is validated in full.
   */
  void prepare() {
    Map<Questionnaire, QuestionnaireResponseConformance> compiled = new IdentityHashMap<>();
    for (Questionnaire q : store.all(Questionnaire.class)) {
      QuestionnaireResponseConformance.compile(q, store, validator.valueSetExpander())
          .ifPresent(check -> compiled.put(q, check));
    }
    quickChecks = compiled;
  }

  /**
   * Rejects a response that does not conform to its Questionnaire. A response the quick check passes is one the
   * validator would pass; any other is validated in full, and the validator's messages are what is reported.
   */
  void check(Questionnaire questionnaire, QuestionnaireResponse response, String parameter) {
    QuestionnaireResponseConformance quick = questionnaire == null ? null : quickChecks.get(questionnaire);
    if (quick != null && quick.certainlyConforms(response)) {
      return;
    }
    ValidationResult result = validator.validate(response);
    Map<String, String> linkIdsByPath = new HashMap<>();
    ElementWalker.forEach(response, QuestionnaireResponseItemComponent.class,
        (path, item) -> linkIdsByPath.put(path, item.getLinkId()));
    List<InputRejectedException.Issue> issues = new ArrayList<>();
    for (SingleValidationMessage m : result.getMessages()) {
      if (m.getSeverity().ordinal() < ResultSeverityEnum.ERROR.ordinal()) {
        continue;
      }
      String location = m.getLocationString() == null ? "QuestionnaireResponse" : m.getLocationString();
      String linkId = linkIdAt(location, linkIdsByPath);
      issues.add(new InputRejectedException.Issue(location, describe(m, linkId)));
    }
    if (!issues.isEmpty()) {
      throw new InputRejectedException(UNPROCESSABLE, "The screening QuestionnaireResponse is not valid against "
          + "its Questionnaire (" + issues.size() + " problem(s)); see the issues for each linkId", issues);
    }
  }

  private static String describe(SingleValidationMessage m, String linkId) {
    String id = m.getMessageId() == null ? "" : m.getMessageId().toLowerCase(Locale.ROOT);
    String where = linkId == null ? "" : "Item '" + linkId + "': ";
    if (id.isEmpty() && m.getMessage() != null && REQUIRED_MISSING.matcher(m.getMessage()).matches()) {
      return m.getMessage();
    }
    if (id.equals("validation_val_profile_unknown") || id.equals("validation_val_profile_unknown_not_policy")) {
      // The message names the profile (a canonical URL from meta.profile, not an answer): say which one.
      return "meta.profile names a profile this server does not know: " + m.getMessage();
    }
    if (SAFE_MESSAGES.contains(id)) {
      return where + m.getMessage();
    }
    if (id.startsWith("questionnaire_qr_item_no") || id.contains("badoption") || id.contains("coding")) {
      return where + "the answer is not one of the options the Questionnaire allows";
    }
    if (id.startsWith("questionnaire_qr")) {
      return where + "the answer does not meet the Questionnaire's constraints (" + m.getMessageId() + ")";
    }
    return where + "the response is not valid FHIR here (" + m.getMessageId() + ")";
  }

  /** The linkId of the innermost item whose path starts the location. */
  private static String linkIdAt(String location, Map<String, String> linkIdsByPath) {
    String best = null;
    int bestLength = -1;
    for (Map.Entry<String, String> e : linkIdsByPath.entrySet()) {
      String path = e.getKey();
      if ((location.equals(path) || location.startsWith(path + ".") || location.startsWith(path + "["))
          && path.length() > bestLength) {
        best = e.getValue();
        bestLength = path.length();
      }
    }
    return best;
  }
}
