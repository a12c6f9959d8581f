package org.spinepathways.apply;

import java.util.List;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.Questionnaire;
import org.spinepathways.content.Decision;

/**
 * One action of a compiled plan tree: the action, the plan that owns it, what its definition resolved to, and its
 * children (its own sub-actions, or the actions of the nested PlanDefinition it names). Built once per plan.
 *
 * @param key unique within the tree; also the stem of the ids of what the action produces
 * @param path where the action sits in its own PlanDefinition ({@code PlanDefinition.action[2].action[0]})
 * @param owner the PlanDefinition the action belongs to
 * @param definition what {@code definitionCanonical} resolved to, or null
 * @param variables named expressions declared on the action (and, for a nested plan, on that plan)
 * @param effect the decision this action forces when it applies (rule actions only), or null
 * @param ancestors the plans enclosing this action, nearest first, for relatedAction look-up
 * @param readsDecision whether an applicability condition reads {@code %decision} (evaluated in the second pass)
 */
record ActionNode(String key, String path, PlanDefinition owner, PlanDefinitionActionComponent action,
    MetadataResource definition, List<Expression> variables, Decision effect, List<ActionNode> children,
    List<PlanDefinition> ancestors, boolean readsDecision) {

  /**
   * Identity: a node is built once per plan tree and used as a map key on every apply; a record's own hashCode would
   * walk the node's whole subtree each time (15% of an $apply's server time, in JFR).
   */
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  boolean isRule() {
    return effect != null;
  }

  ActivityDefinition activity() {
    return definition instanceof ActivityDefinition a ? a : null;
  }

  PlanDefinition nestedPlan() {
    return definition instanceof PlanDefinition p ? p : null;
  }

  Questionnaire questionnaire() {
    return definition instanceof Questionnaire q ? q : null;
  }

  String title() {
    if (action.hasTitle()) {
      return action.getTitle();
    }
    if (definition != null && definition.hasTitle()) {
      return definition.getTitle();
    }
    return action.hasId() ? action.getId() : key;
  }
}
