package org.spinepathways.populate;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.spinepathways.apply.ExpressionEvaluator;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.apply.ExpressionException;
import org.spinepathways.apply.Scope;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Fills one response's items: walks the Questionnaire's items, evaluates initialExpression, itemPopulationContext and
 * the records each answer came from, and collects the issues. One per $populate call.
 */
final class ItemFiller {

  private final ExpressionEvaluator evaluator;
  private final Bundle data;
  private final OperationOutcome issues = new OperationOutcome();
  private int prefilled;

  ItemFiller(ExpressionEvaluator evaluator, Bundle data) {
    this.evaluator = evaluator;
    this.data = data;
  }

  /** The response items for these Questionnaire items: only those with an answer, and groups holding one. */
  List<QuestionnaireResponseItemComponent> fill(List<QuestionnaireItemComponent> items, Scope scope, String path) {
    List<QuestionnaireResponseItemComponent> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      QuestionnaireItemComponent item = items.get(i);
      String itemPath = path + ".item[" + i + "]";
      Scope local = scope.child();
      QuestionnairePopulator.declareVariables(item.getExtension(), local);
      if (item.getType() == QuestionnaireItemType.GROUP) {
        out.addAll(group(item, local, itemPath));
      } else if (item.getType() != QuestionnaireItemType.DISPLAY) {
        QuestionnaireResponseItemComponent answered = question(item, local, itemPath);
        if (answered != null) {
          out.add(answered);
        }
      }
    }
    return out;
  }

  private List<QuestionnaireResponseItemComponent> group(QuestionnaireItemComponent item, Scope scope, String path) {
    Expression context = expression(item, PathwayVocabulary.EXT_SDC_ITEM_POPULATION_CONTEXT);
    List<Scope> scopes = new ArrayList<>();
    if (context == null) {
      scopes.add(scope);
    } else {
      List<Base> contexts = evaluate(context, scope, item, path);
      List<Base> used = item.getRepeats() || contexts.size() <= 1 ? contexts : contexts.subList(0, 1);
      if (used.size() < contexts.size()) {
        warn(item, path, "the population context gives " + contexts.size() + " items but the group does not "
            + "repeat; the first was used");
      }
      for (Base c : used) {
        scopes.add(context.hasName() ? scope.child().put(context.getName(), c) : scope.child());
      }
    }
    List<QuestionnaireResponseItemComponent> groups = new ArrayList<>();
    for (Scope s : scopes) {
      List<QuestionnaireResponseItemComponent> children = fill(item.getItem(), s, path);
      if (!children.isEmpty()) {
        QuestionnaireResponseItemComponent group = new QuestionnaireResponseItemComponent().setLinkId(item.getLinkId());
        group.setText(item.getText());
        group.getItem().addAll(children);
        groups.add(group);
      }
    }
    return groups;
  }

  private QuestionnaireResponseItemComponent question(QuestionnaireItemComponent item, Scope scope, String path) {
    QuestionnaireResponseItemComponent out = new QuestionnaireResponseItemComponent().setLinkId(item.getLinkId());
    out.setText(item.getText());
    Expression initial = expression(item, PathwayVocabulary.EXT_SDC_INITIAL_EXPRESSION);
    if (initial != null) {
      List<Type> answers = answers(item, evaluate(initial, scope, item, path), path);
      answers.forEach(a -> out.addAnswer().setValue(a));
      if (!answers.isEmpty()) {
        out.addExtension(origin(item, answers, scope, path));
        prefilled++;
      }
    } else {
      item.getInitial().forEach(v -> out.addAnswer().setValue(v.getValue().copy()));
    }
    List<QuestionnaireResponseItemComponent> children = fill(item.getItem(), scope, path);
    if (!out.hasAnswer()) {
      return null;
    }
    out.getAnswerFirstRep().getItem().addAll(children);
    return out;
  }

  private List<Type> answers(QuestionnaireItemComponent item, List<Base> values, String path) {
    List<Type> answers = new ArrayList<>();
    for (Base value : values) {
      Type answer = AnswerValues.toAnswer(item.getType(), value);
      if (answer == null) {
        warn(item, path, "the initialExpression gave a " + value.fhirType() + ", which cannot answer a "
            + item.getType().toCode() + " item; left unanswered");
        return List.of();
      }
      answers.add(answer);
    }
    if (answers.size() > 1 && !item.getRepeats()) {
      warn(item, path, "the initialExpression gave " + answers.size() + " values for an item that does not "
          + "repeat; the first was used");
      return answers.subList(0, 1);
    }
    return answers;
  }

  /** Where a pre-filled answer came from: auto-filled, each record named, and the value as pre-filled. */
  private Extension origin(QuestionnaireItemComponent item, List<Type> answers, Scope scope, String path) {
    Extension origin = new Extension(PathwayVocabulary.EXT_ANSWER_ORIGIN);
    origin.addExtension("source", new CodeType("auto"));
    Expression source = expression(item, PathwayVocabulary.EXT_POPULATE_SOURCE);
    if (source != null) {
      for (Base record : evaluate(source, scope, item, path)) {
        Reference reference = referenceTo(record);
        if (reference != null) {
          origin.addExtension("record", reference);
        }
      }
    }
    answers.forEach(a -> origin.addExtension("value", a.copy()));
    return origin;
  }

  /** A reference to a record of the data: {@code Type/id}, else the entry's fullUrl. */
  private Reference referenceTo(Base record) {
    if (!(record instanceof Resource r)) {
      return null;
    }
    if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
      return new Reference(r.fhirType() + "/" + r.getIdElement().getIdPart());
    }
    for (Bundle.BundleEntryComponent entry : data.getEntry()) {
      if (entry.getResource() == r && entry.hasFullUrl()) {
        return new Reference(entry.getFullUrl());
      }
    }
    return null;
  }

  private List<Base> evaluate(Expression expression, Scope scope, QuestionnaireItemComponent item, String path) {
    try {
      return evaluator.evaluate(expression, scope);
    } catch (ExpressionException e) {
      issues.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.PROCESSING)
          .setDiagnostics("Item '" + item.getLinkId() + "': its expression could not be evaluated, so it is left "
              + "unanswered: " + e.getMessage())
          .addExpression(path);
      return List.of();
    }
  }

  private void warn(QuestionnaireItemComponent item, String path, String message) {
    issues.addIssue().setSeverity(IssueSeverity.WARNING).setCode(IssueType.PROCESSING)
        .setDiagnostics("Item '" + item.getLinkId() + "': " + message).addExpression(path);
  }

  private static Expression expression(QuestionnaireItemComponent item, String url) {
    List<Extension> found = item.getExtensionsByUrl(url);
    if (found.size() > 1) {
      throw new InputRejectedException(InputRejectedException.Kind.UNPROCESSABLE, "Item '" + item.getLinkId()
          + "' carries " + found.size() + " " + url.substring(url.lastIndexOf('/') + 1) + " extensions; SDC allows one",
          "Questionnaire.item.where(linkId = '" + item.getLinkId() + "')");
    }
    return !found.isEmpty() && found.get(0).getValue() instanceof Expression x ? x : null;
  }

  /** The issues, with a first line saying how many answers were pre-filled. */
  OperationOutcome issues(Questionnaire questionnaire) {
    OperationOutcome out = new OperationOutcome();
    out.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
        .setDiagnostics(prefilled + " answer(s) of " + questionnaire.getUrl() + " pre-filled from the records given");
    out.getIssue().addAll(issues.getIssue());
    return out;
  }
}
