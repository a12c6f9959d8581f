package org.spinepathways.apply;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition.ActionConditionKind;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionConditionComponent;
import org.hl7.fhir.r4.model.StringType;
import org.spinepathways.apply.ActionOutcome.Status;
import org.spinepathways.content.Decision;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Decides which actions apply. Pass 1 evaluates every applicability condition that does not read {@code %decision}
 * and folds the effects of the rule actions that apply into the pathway decision. Pass 2 makes {@code %decision}
 * available, evaluates the remaining conditions and applies selection behaviour. Every action ends with an
 * {@link ActionOutcome}; an expression error skips that action, is recorded, and lifts the decision to clinician
 * review.
 */
final class ActionSelector {

  private final ExpressionEvaluator evaluator;
  private final Map<ActionNode, Scope> scopes = new LinkedHashMap<>();
  private final Map<ActionNode, ActionOutcome> outcomes = new LinkedHashMap<>();
  private final Map<ActionNode, String> errors = new LinkedHashMap<>();

  ActionSelector(ExpressionEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  /** The result: the decision, every action's outcome (depth-first order), and the expression errors met. */
  record Selection(Decision decision, Map<ActionNode, ActionOutcome> outcomes, Map<ActionNode, String> errors,
      Map<ActionNode, Scope> scopes) {}

  Selection select(PlanTree tree, Scope planScope, Decision floor) {
    planScope.unavailable("decision", "is not known while the rules that decide it are evaluated");
    planScope.unavailable("proceeds", "is not known while the rules that decide it are evaluated");
    planScope.unavailable("reasons", "is not known while the rules are evaluated");
    Map<ActionNode, Boolean> firstPass = new LinkedHashMap<>();
    evaluateRules(tree.roots(), planScope, true, firstPass);
    Decision decision = floor;
    for (Map.Entry<ActionNode, Boolean> e : firstPass.entrySet()) {
      if (e.getKey().isRule() && Boolean.TRUE.equals(e.getValue())) {
        decision = decision.and(e.getKey().effect());
      }
    }
    if (!errors.isEmpty()) {
      decision = decision.and(Decision.CLINICIAN_REVIEW);
    }
    planScope.put("decision", new StringType(decision.code()));
    planScope.put("proceeds", new BooleanType(decision.proceeds()));
    planScope.put("reasons", reasonsFor(firstPass));
    decideAll(tree.roots(), planScope, null, firstPass);
    return new Selection(decision, outcomes, errors, scopes);
  }

  /**
   * The patient-facing reason of every rule that fired, in plan order, each once: the rule's
   * {@code sip-patient-reason} text, else its title.
   */
  private static List<Base> reasonsFor(Map<ActionNode, Boolean> firstPass) {
    Set<String> reasons = new LinkedHashSet<>();
    firstPass.forEach((node, applies) -> {
      if (node.isRule() && Boolean.TRUE.equals(applies)) {
        Extension ext = node.action().getExtensionByUrl(PathwayVocabulary.EXT_PATIENT_REASON);
        reasons.add(ext != null && ext.getValue() != null ? ext.getValue().primitiveValue() : node.title());
      }
    });
    return reasons.stream().map(r -> (Base) new StringType(r)).toList();
  }

  /** Pass 1: conditions that do not need the decision, for every action whose enclosing actions apply. */
  private void evaluateRules(List<ActionNode> nodes, Scope parent, boolean parentApplies,
      Map<ActionNode, Boolean> results) {
    for (ActionNode node : nodes) {
      Scope scope = scopeOf(node, parent);
      Boolean applies = null;
      if (parentApplies && !node.readsDecision()) {
        applies = conditionsHold(node, scope);
        results.put(node, applies);
      }
      boolean childrenMayApply = applies == null ? !errors.containsKey(node) : applies;
      evaluateRules(node.children(), scope, parentApplies && childrenMayApply, results);
    }
  }

  /** Pass 2: remaining conditions, then the outcome of every action. */
  private void decideAll(List<ActionNode> nodes, Scope parent, ActionNode parentNode,
      Map<ActionNode, Boolean> firstPass) {
    for (ActionNode node : nodes) {
      Scope scope = scopeOf(node, parent);
      ActionOutcome outcome;
      if (parentNode != null && !outcomes.get(parentNode).included()) {
        outcome = new ActionOutcome(node, Status.SKIPPED, null,
            "the enclosing action '" + parentNode.title() + "' was not included");
      } else {
        Boolean applies = firstPass.containsKey(node) ? firstPass.get(node) : conditionsHold(node, scope);
        outcome = outcomeOf(node, applies);
      }
      outcomes.put(node, outcome);
      decideAll(node.children(), scope, node, firstPass);
      applySelectionBehavior(node);
    }
  }

  private ActionOutcome outcomeOf(ActionNode node, Boolean applies) {
    if (errors.containsKey(node)) {
      return new ActionOutcome(node, Status.ERROR, null, "condition could not be evaluated: " + errors.get(node));
    }
    String conditions = conditionText(node);
    if (conditions.isEmpty()) {
      return new ActionOutcome(node, Status.INCLUDED, null, "the action has no applicability condition");
    }
    return Boolean.TRUE.equals(applies)
        ? new ActionOutcome(node, Status.INCLUDED, true, "applicability condition is true: " + conditions)
        : new ActionOutcome(node, Status.SKIPPED, false, "applicability condition is false: " + conditions);
  }

  /** Returns true when every applicability condition holds; null when one could not be evaluated. */
  private Boolean conditionsHold(ActionNode node, Scope scope) {
    try {
      for (PlanDefinitionActionConditionComponent c : node.action().getCondition()) {
        if (c.getKind() == ActionConditionKind.APPLICABILITY && c.hasExpression()
            && !evaluator.test(c.getExpression(), scope)) {
          return false;
        }
      }
      return true;
    } catch (ExpressionException e) {
      errors.put(node, e.getMessage());
      return null;
    }
  }

  private void applySelectionBehavior(ActionNode node) {
    if (!node.action().hasSelectionBehavior() || !outcomes.get(node).included()) {
      return;
    }
    List<ActionNode> included = node.children().stream().filter(c -> outcomes.get(c).included()).toList();
    switch (node.action().getSelectionBehavior()) {
      case ATMOSTONE, EXACTLYONE -> included.stream().skip(1).forEach(c -> outcomes.put(c, new ActionOutcome(c,
          Status.NOT_SELECTED, outcomes.get(c).conditionResult(),
          "not selected: the group allows one action and '" + included.get(0).title() + "' came first")));
      case ALLORNONE -> {
        if (included.size() != node.children().size()) {
          included.forEach(c -> outcomes.put(c, new ActionOutcome(c, Status.NOT_SELECTED,
              outcomes.get(c).conditionResult(), "not selected: the group is all-or-none and not every action "
              + "applies")));
        }
      }
      default -> { }
    }
  }

  private Scope scopeOf(ActionNode node, Scope parent) {
    return scopes.computeIfAbsent(node, n -> {
      if (n.variables().isEmpty()) {
        return parent;
      }
      Scope scope = parent.child();
      for (Expression v : n.variables()) {
        scope.declare(v.getName(), v);
      }
      return scope;
    });
  }

  private static String conditionText(ActionNode node) {
    StringBuilder sb = new StringBuilder();
    for (PlanDefinitionActionConditionComponent c : node.action().getCondition()) {
      if (c.getKind() == ActionConditionKind.APPLICABILITY && c.hasExpression()) {
        sb.append(sb.isEmpty() ? "" : " and ").append(c.getExpression().getExpression());
      }
    }
    return sb.toString();
  }
}
