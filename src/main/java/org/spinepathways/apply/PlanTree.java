package org.spinepathways.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Library;
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
    return new PlanTree(plan, planVariables(plan, store),
        compileActions(plan, plan.getAction(), "PlanDefinition", new Context(chain, Map.of(), store, keys)));
  }

  /** What compiling one level needs: the enclosing plans, the effect overrides in force, the store, used keys. */
  private record Context(List<PlanDefinition> chain, Map<String, Decision> overrides, KnowledgeStore store,
      Set<String> keys) {}

  private static List<ActionNode> compileActions(PlanDefinition owner, List<PlanDefinitionActionComponent> actions,
      String parentPath, Context ctx) {
    List<ActionNode> nodes = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      PlanDefinitionActionComponent action = actions.get(i);
      String path = parentPath + ".action[" + i + "]";
      MetadataResource definition = action.hasDefinitionCanonicalType()
          ? ctx.store().byCanonical(action.getDefinitionCanonicalType().getValue()).orElse(null) : null;
      List<Expression> variables = new ArrayList<>();
      List<ActionNode> children;
      if (definition instanceof PlanDefinition nested && !ctx.chain().contains(nested)) {
        List<PlanDefinition> deeper = new ArrayList<>();
        deeper.add(nested);
        deeper.addAll(ctx.chain());
        // The building block's own variables are defaults: the including action's variables, declared after them,
        // take their place (a pathway says, for example, whether it uses contrast).
        variables.addAll(planVariables(nested, ctx.store()));
        variables.addAll(variablesOf(action.getExtension()));
        Map<String, Decision> overrides = new HashMap<>(overridesOf(action));
        overrides.putAll(ctx.overrides());
        List<ActionNode> nestedNodes = compileActions(nested, nested.getAction(), "PlanDefinition",
            new Context(List.copyOf(deeper), Map.copyOf(overrides), ctx.store(), ctx.keys()));
        children = new ArrayList<>(nestedNodes);
        children.addAll(compileActions(owner, action.getAction(), path, ctx));
      } else {
        variables.addAll(variablesOf(action.getExtension()));
        children = compileActions(owner, action.getAction(), path, ctx);
      }
      Decision effect = effectOf(action);
      if (effect != null && action.hasId() && ctx.overrides().containsKey(action.getId())) {
        effect = ctx.overrides().get(action.getId());
      }
      nodes.add(new ActionNode(uniqueKey(action, owner, i, ctx.keys()), path, owner, action, definition,
          List.copyOf(variables), effect, List.copyOf(children), ctx.chain(),
          readsDecision(action, ctx.store())));
    }
    return nodes;
  }

  /** The rule effects an including action overrides for the building block it names, by rule id. */
  static Map<String, Decision> overridesOf(PlanDefinitionActionComponent action) {
    Map<String, Decision> out = new HashMap<>();
    for (Extension ext : action.getExtensionsByUrl(PathwayVocabulary.EXT_RULE_EFFECT_OVERRIDE)) {
      Extension rule = ext.getExtensionByUrl("rule");
      Extension effect = ext.getExtensionByUrl("effect");
      if (rule != null && effect != null && rule.getValue() != null && effect.getValue() != null) {
        Decision.fromEffect(effect.getValue().primitiveValue())
            .ifPresent(d -> out.put(rule.getValue().primitiveValue(), d));
      }
    }
    return out;
  }

  private static boolean readsDecision(PlanDefinitionActionComponent action, KnowledgeStore store) {
    for (var condition : action.getCondition()) {
      if (condition.hasExpression() && condition.getExpression().hasExpression()) {
        ExpressionNode node = store.compiled(condition.getExpression());
        String text = condition.getExpression().getExpression();
        boolean reads = node != null
            ? FhirPathCompiler.variablesOf(node).stream().anyMatch(PlanTree::decidedByRules)
            : text.contains("%decision") || text.contains("%proceeds") || text.contains("%reasons");
        if (reads) {
          return true;
        }
      }
    }
    return false;
  }

  /** Variables known only once the rules have decided: conditions reading them wait for the second pass. */
  static boolean decidedByRules(String variable) {
    return variable.equals("decision") || variable.equals("proceeds") || variable.equals("reasons");
  }

  private static Decision effectOf(PlanDefinitionActionComponent action) {
    Extension ext = action.getExtensionByUrl(PathwayVocabulary.EXT_DECISION_EFFECT);
    return ext == null || ext.getValue() == null ? null
        : Decision.fromEffect(ext.getValue().primitiveValue()).orElse(null);
  }

  /**
   * A plan's own named expressions, after those of the Libraries it names in {@code library} (shared facts such as
   * the patient's blood-thinner records), so a plan may redefine a library name.
   */
  static List<Expression> planVariables(PlanDefinition plan, KnowledgeStore store) {
    List<Expression> out = new ArrayList<>();
    for (var canonical : plan.getLibrary()) {
      store.byCanonical(Library.class, canonical.getValue()).ifPresent(l -> out.addAll(variablesOf(l.getExtension())));
    }
    out.addAll(variablesOf(plan.getExtension()));
    return out;
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
