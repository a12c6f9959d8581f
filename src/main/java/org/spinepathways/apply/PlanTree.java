package org.spinepathways.apply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.spinepathways.content.Decision;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PathwayVocabulary;

/** A PlanDefinition compiled into a tree of {@link ActionNode}s, with nested plans resolved. Immutable. */
record PlanTree(PlanDefinition plan, List<Expression> variables, List<ActionNode> roots) {

  /** Every node, depth first. */
  List<ActionNode> nodes() {
    List<ActionNode> out = new ArrayList<>();
    collect(roots, out);
    return out;
  }

  private static void collect(List<ActionNode> nodes, List<ActionNode> out) {
    for (ActionNode node : nodes) {
      out.add(node);
      collect(node.children(), out);
    }
  }

  static PlanTree compile(PlanDefinition plan, KnowledgeStore store) {
    Set<String> keys = new HashSet<>();
    List<PlanDefinition> chain = List.of(plan);
    return new PlanTree(plan, variablesOf(plan.getExtension()),
        compileActions(plan, plan.getAction(), "PlanDefinition", chain, store, keys));
  }

  private static List<ActionNode> compileActions(PlanDefinition owner, List<PlanDefinitionActionComponent> actions,
      String parentPath, List<PlanDefinition> chain, KnowledgeStore store, Set<String> keys) {
    List<ActionNode> nodes = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      PlanDefinitionActionComponent action = actions.get(i);
      String path = parentPath + ".action[" + i + "]";
      MetadataResource definition = action.hasDefinitionCanonicalType()
          ? store.byCanonical(action.getDefinitionCanonicalType().getValue()).orElse(null) : null;
      List<Expression> variables = new ArrayList<>(variablesOf(action.getExtension()));
      List<ActionNode> children;
      if (definition instanceof PlanDefinition nested && !chain.contains(nested)) {
        List<PlanDefinition> deeper = new ArrayList<>();
        deeper.add(nested);
        deeper.addAll(chain);
        variables.addAll(variablesOf(nested.getExtension()));
        List<ActionNode> nestedNodes =
            compileActions(nested, nested.getAction(), "PlanDefinition", List.copyOf(deeper), store, keys);
        children = new ArrayList<>(nestedNodes);
        children.addAll(compileActions(owner, action.getAction(), path, chain, store, keys));
      } else {
        children = compileActions(owner, action.getAction(), path, chain, store, keys);
      }
      nodes.add(new ActionNode(uniqueKey(action, owner, i, keys), path, owner, action, definition,
          List.copyOf(variables), effectOf(action), List.copyOf(children), chain, readsDecision(action, store)));
    }
    return nodes;
  }

  private static boolean readsDecision(PlanDefinitionActionComponent action, KnowledgeStore store) {
    for (var condition : action.getCondition()) {
      if (condition.hasExpression() && condition.getExpression().hasExpression()) {
        ExpressionNode node = store.compiled(condition.getExpression());
        String text = condition.getExpression().getExpression();
        if (node != null ? FhirPathCompiler.variablesOf(node).contains("decision") : text.contains("%decision")) {
          return true;
        }
      }
    }
    return false;
  }

  private static Decision effectOf(PlanDefinitionActionComponent action) {
    Extension ext = action.getExtensionByUrl(PathwayVocabulary.EXT_DECISION_EFFECT);
    return ext == null || ext.getValue() == null ? null
        : Decision.fromEffect(ext.getValue().primitiveValue()).orElse(null);
  }

  static List<Expression> variablesOf(List<Extension> extensions) {
    List<Expression> out = new ArrayList<>();
    for (Extension ext : extensions) {
      if (PathwayVocabulary.isVariable(ext.getUrl()) && ext.getValue() instanceof Expression e
          && e.hasName()) {
        out.add(e);
      }
    }
    return out;
  }

  private static String uniqueKey(PlanDefinitionActionComponent action, PlanDefinition owner, int index,
      Set<String> keys) {
    String base = action.hasId() ? action.getId() : owner.getIdPart() + "-" + (index + 1);
    String key = base;
    for (int n = 2; !keys.add(key); n++) {
      key = base + "-" + n;
    }
    return key;
  }
}
