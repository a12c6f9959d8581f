package org.spinepathways.content;

import static org.spinepathways.content.PathwayVocabulary.ENGINE_CONSTANTS;
import static org.spinepathways.content.PathwayVocabulary.INPUT_VARIABLES;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Load-time checks that make a broken library fail at start-up instead of at the bedside: canonicals resolve,
 * variables and linkIds exist, related actions point at real actions, nested plans do not loop, rule actions do not
 * depend on the decision they feed.
 */
final class ContentLinter {

  /** Activity kinds the engine can produce. */
  static final Set<String> SUPPORTED_KINDS = Set.of("ServiceRequest", "CommunicationRequest", "Task");

  private final KnowledgeStore store;
  private final PlanGraph graph;
  private final List<ContentProblem> problems = new ArrayList<>();

  ContentLinter(KnowledgeStore store) {
    this.store = store;
    this.graph = new PlanGraph(store);
  }

  List<ContentProblem> lint() {
    for (PlanDefinition plan : store.all(PlanDefinition.class)) {
      lintPlan(plan);
    }
    Set<String> allLinkIds = new HashSet<>();
    store.all(Questionnaire.class).forEach(q -> allLinkIds.addAll(Questionnaires.linkIds(q)));
    for (ActivityDefinition activity : store.all(ActivityDefinition.class)) {
      lintActivity(activity, allLinkIds);
    }
    for (Library library : store.all(Library.class)) {
      String file = store.fileOf(library);
      Scope inputs = new Scope(file, allLinkIds, new LinkedHashSet<>(INPUT_VARIABLES));
      declared(library.getExtension(), "Library", inputs.variables, file, inputs);
    }
    return problems;
  }

  private void lintPlan(PlanDefinition plan) {
    String file = store.fileOf(plan);
    graph.screeningQuestionnaire(plan).ifPresent(form -> {
      lintQuestionsActedOn(plan, form);
      lintRuleItemsRequired(plan, form);
    });
    graph.cycleFrom(plan).ifPresent(cycle -> problem(plan, "PlanDefinition.action",
        "nested PlanDefinitions form a cycle: " + cycle));
    Set<String> linkIds = new HashSet<>();
    Set<Questionnaire> screenings = graph.screeningQuestionnaires(plan);
    screenings.forEach(q -> linkIds.addAll(Questionnaires.linkIds(q)));
    // relatedAction may name an action of this plan or of a plan that includes it (a building block timed
    // against the pathway's procedure, for example).
    Set<String> actionIds = new HashSet<>();
    collectActionIds(plan.getAction(), actionIds);
    graph.includingPlans(plan).forEach(outer -> collectActionIds(outer.getAction(), actionIds));
    Scope inputs = new Scope(file, screenings.isEmpty() ? null : linkIds, new LinkedHashSet<>(INPUT_VARIABLES));
    Set<String> visible = new LinkedHashSet<>(inputs.variables);
    for (int i = 0; i < plan.getLibrary().size(); i++) {
      String canonical = plan.getLibrary().get(i).getValue();
      Optional<Library> library = store.byCanonical(Library.class, canonical);
      if (library.isEmpty()) {
        problem(plan, "PlanDefinition.library[" + i + "]", "does not resolve to a Library: " + canonical);
      } else {
        library.get().getExtension().stream().filter(e -> PathwayVocabulary.isVariable(e.getUrl()))
            .filter(e -> e.getValue() instanceof Expression x && x.hasName())
            .forEach(e -> visible.add(((Expression) e.getValue()).getName()));
      }
    }
    Scope scope = inputs.with(declared(plan.getExtension(), "PlanDefinition", visible, file, inputs));
    lintActions(plan, plan.getAction(), "PlanDefinition", scope, actionIds);
  }

  private void lintActions(PlanDefinition plan, List<PlanDefinitionActionComponent> actions, String parentPath,
      Scope scope, Set<String> actionIds) {
    for (int i = 0; i < actions.size(); i++) {
      PlanDefinitionActionComponent action = actions.get(i);
      String path = parentPath + ".action[" + i + "]";
      Scope local = scope.with(declared(action.getExtension(), path, scope.variables, scope.file, scope));
      boolean rule = action.hasExtension(PathwayVocabulary.EXT_DECISION_EFFECT);
      if (rule) {
        lintRule(action, path, scope.file);
      }
      for (int c = 0; c < action.getCondition().size(); c++) {
        Expression e = action.getCondition().get(c).getExpression();
        String cpath = path + ".condition[" + c + "].expression";
        lintExpression(e, cpath, local);
        if (rule && (uses(e, "decision") || uses(e, "proceeds") || uses(e, "reasons"))) {
          problems.add(new ContentProblem(scope.file, cpath,
              "a rule action (decision-effect) cannot read %decision or %proceeds: rules decide them"));
        }
      }
      for (int d = 0; d < action.getDynamicValue().size(); d++) {
        var dv = action.getDynamicValue().get(d);
        String dpath = path + ".dynamicValue[" + d + "]";
        if (!dv.hasPath()) {
          problems.add(new ContentProblem(scope.file, dpath + ".path", "dynamicValue needs a path"));
        }
        lintExpression(dv.getExpression(), dpath + ".expression", local);
      }
      Extension evidence = action.getExtensionByUrl(PathwayVocabulary.EXT_ISSUE_EVIDENCE);
      if (evidence != null && evidence.getValue() instanceof Expression e) {
        lintExpression(e, path + ".extension(evidence).value", local);
      }
      for (int r = 0; r < action.getRelatedAction().size(); r++) {
        String target = action.getRelatedAction().get(r).getActionId();
        if (!actionIds.contains(target)) {
          problems.add(new ContentProblem(scope.file, path + ".relatedAction[" + r + "].actionId",
              "no action with id '" + target + "' in this PlanDefinition or a plan that includes it"));
        }
      }
      lintDefinition(action, path, scope.file);
      lintOverrides(action, path, scope.file);
      lintConsentTemplate(action, path, scope.file);
      lintActions(plan, action.getAction(), path, local, actionIds);
    }
  }

  private void lintRule(PlanDefinitionActionComponent action, String path, String file) {
    Extension effect = action.getExtensionByUrl(PathwayVocabulary.EXT_DECISION_EFFECT);
    String code = effect.getValue() == null ? null : effect.getValue().primitiveValue();
    if (code == null || Decision.fromEffect(code).isEmpty()) {
      problems.add(new ContentProblem(file, path + ".extension(decision-effect)",
          "unknown decision effect '" + code + "'; use one of " + Decision.EFFECT_CODES));
    }
    if (!action.hasCondition()) {
      problems.add(new ContentProblem(file, path, "a rule action needs an applicability condition"));
    }
    if (!action.hasId()) {
      problems.add(new ContentProblem(file, path + ".id", "a rule action needs an id"));
    }
  }

  private void lintDefinition(PlanDefinitionActionComponent action, String path, String file) {
    if (!action.hasDefinitionCanonicalType()) {
      return;
    }
    String canonical = action.getDefinitionCanonicalType().getValue();
    Optional<MetadataResource> target = store.byCanonical(canonical);
    if (target.isEmpty()) {
      problems.add(new ContentProblem(file, path + ".definitionCanonical", "does not resolve: " + canonical));
    } else if (!(target.get() instanceof ActivityDefinition || target.get() instanceof PlanDefinition
        || target.get() instanceof Questionnaire)) {
      problems.add(new ContentProblem(file, path + ".definitionCanonical", canonical + " is a "
          + target.get().fhirType() + "; expected ActivityDefinition, PlanDefinition or Questionnaire"));
    }
  }

  /**
   * Every question a pathway's form asks is read by a rule or an output of that pathway (its own actions, the
   * building blocks it includes, their ActivityDefinitions and consent templates), unless the item is marked
   * informational with a reason. A question nobody reads is an answer the patient gives for nothing.
   */
  private void lintQuestionsActedOn(PlanDefinition plan, Questionnaire form) {
    Set<String> read = new HashSet<>();
    for (Resource r : graph.reachableFrom(plan)) {
      ElementWalker.forEach(r, Expression.class, (path, e) -> {
        ExpressionNode node = store.compiled(e);
        if (node != null) {
          read.addAll(FhirPathCompiler.linkIdsOf(node));
        }
      });
    }
    ElementWalker.forEach(form, Questionnaire.QuestionnaireItemComponent.class, (path, item) -> {
      boolean question = item.getType() != Questionnaire.QuestionnaireItemType.GROUP
          && item.getType() != Questionnaire.QuestionnaireItemType.DISPLAY;
      Extension informational = item.getExtensionByUrl(PathwayVocabulary.EXT_INFORMATIONAL_ITEM);
      if (informational != null && (informational.getValue() == null
          || informational.getValue().primitiveValue() == null || informational.getValue().primitiveValue().isBlank())) {
        problem(form, path + ".extension(informational-item)", "an informational item must give its reason");
      } else if (question && informational == null && !read.contains(item.getLinkId())) {
        problem(form, path, "item '" + item.getLinkId() + "' is asked on " + plan.getIdPart()
            + " but no rule or output of that pathway reads it (mark it informational with a reason, or act on it)");
      }
    });
  }

  /**
   * Every item a rule of the pathway decides on (directly, or through the named expressions it reads) is required on
   * the pathway's form, unless the item says why it may stay blank ({@code sip-optional-item}: its absence is itself
   * acted on, for example). A blank safety answer must never read as a reassuring one.
   */
  private void lintRuleItemsRequired(PlanDefinition plan, Questionnaire form) {
    Map<String, Set<String>> variableLinkIds = new HashMap<>();
    Map<String, Set<String>> variableUses = new HashMap<>();
    List<Expression> ruleConditions = new ArrayList<>();
    for (Resource r : graph.reachableFrom(plan)) {
      ElementWalker.forEach(r, Extension.class, (path, ext) -> {
        if (PathwayVocabulary.isVariable(ext.getUrl()) && ext.getValue() instanceof Expression e && e.hasName()
            && store.compiled(e) != null) {
          variableLinkIds.computeIfAbsent(e.getName(), k -> new HashSet<>())
              .addAll(FhirPathCompiler.linkIdsOf(store.compiled(e)));
          variableUses.computeIfAbsent(e.getName(), k -> new HashSet<>())
              .addAll(FhirPathCompiler.variablesOf(store.compiled(e)));
        }
      });
      ElementWalker.forEach(r, PlanDefinitionActionComponent.class, (path, a) -> {
        if (a.hasExtension(PathwayVocabulary.EXT_DECISION_EFFECT)) {
          a.getCondition().forEach(c -> ruleConditions.add(c.getExpression()));
        }
      });
    }
    Set<String> decided = new HashSet<>();
    for (Expression e : ruleConditions) {
      ExpressionNode node = store.compiled(e);
      if (node == null) {
        continue;
      }
      decided.addAll(FhirPathCompiler.linkIdsOf(node));
      Deque<String> todo = new ArrayDeque<>(FhirPathCompiler.variablesOf(node));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String v = todo.pop();
        if (seen.add(v)) {
          decided.addAll(variableLinkIds.getOrDefault(v, Set.of()));
          todo.addAll(variableUses.getOrDefault(v, Set.of()));
        }
      }
    }
    ElementWalker.forEach(form, Questionnaire.QuestionnaireItemComponent.class, (path, item) -> {
      Extension optional = item.getExtensionByUrl(PathwayVocabulary.EXT_OPTIONAL_ITEM);
      if (decided.contains(item.getLinkId()) && !item.getRequired() && optional == null) {
        problem(form, path, "item '" + item.getLinkId() + "' decides a rule of " + plan.getIdPart()
            + " but is not required (make it required, or mark it sip-optional-item with why a blank is safe)");
      }
    });
  }

  /** An effect override must name a rule of the building block the action includes, and a known effect. */
  private void lintOverrides(PlanDefinitionActionComponent action, String path, String file) {
    List<Extension> overrides = action.getExtensionsByUrl(PathwayVocabulary.EXT_RULE_EFFECT_OVERRIDE);
    if (overrides.isEmpty()) {
      return;
    }
    MetadataResource target = action.hasDefinitionCanonicalType()
        ? store.byCanonical(action.getDefinitionCanonicalType().getValue()).orElse(null) : null;
    Set<String> rules = new HashSet<>();
    if (target instanceof PlanDefinition nested) {
      collectRuleIds(nested, rules, new HashSet<>());
    }
    for (int i = 0; i < overrides.size(); i++) {
      Extension ext = overrides.get(i);
      String epath = path + ".extension(rule-effect-override)[" + i + "]";
      Extension rule = ext.getExtensionByUrl("rule");
      Extension effect = ext.getExtensionByUrl("effect");
      String ruleId = rule == null || rule.getValue() == null ? null : rule.getValue().primitiveValue();
      String code = effect == null || effect.getValue() == null ? null : effect.getValue().primitiveValue();
      if (ruleId == null || !rules.contains(ruleId)) {
        problems.add(new ContentProblem(file, epath, "names no rule of the included building block: " + ruleId));
      }
      if (code == null || Decision.fromEffect(code).isEmpty()) {
        problems.add(new ContentProblem(file, epath, "unknown decision effect '" + code + "'"));
      }
      if (ext.getExtensionByUrl("source") == null) {
        problems.add(new ContentProblem(file, epath, "an effect override must say why (source)"));
      }
    }
  }

  private void collectRuleIds(PlanDefinition plan, Set<String> ids, Set<PlanDefinition> seen) {
    if (!seen.add(plan)) {
      return;
    }
    List<PlanDefinitionActionComponent> stack = new ArrayList<>(plan.getAction());
    while (!stack.isEmpty()) {
      PlanDefinitionActionComponent a = stack.remove(stack.size() - 1);
      if (a.hasExtension(PathwayVocabulary.EXT_DECISION_EFFECT) && a.hasId()) {
        ids.add(a.getId());
      }
      if (a.hasDefinitionCanonicalType()
          && store.byCanonical(a.getDefinitionCanonicalType().getValue()).orElse(null) instanceof PlanDefinition p) {
        collectRuleIds(p, ids, seen);
      }
      stack.addAll(a.getAction());
    }
  }

  private void lintConsentTemplate(PlanDefinitionActionComponent action, String path, String file) {
    Extension ext = action.getExtensionByUrl(PathwayVocabulary.EXT_CONSENT_TEMPLATE);
    if (ext == null) {
      return;
    }
    String ref = ext.getValue() instanceof Reference r ? r.getReference() : null;
    String id = ref != null && ref.startsWith("Consent/") ? ref.substring("Consent/".length()) : null;
    if (id == null || store.byId(Consent.class, id).isEmpty()) {
      problems.add(new ContentProblem(file, path + ".extension(consent-template)",
          "does not resolve to a Consent template in the library: " + ref));
    }
  }

  private void lintActivity(ActivityDefinition activity, Set<String> linkIds) {
    String file = store.fileOf(activity);
    if (!activity.hasKind() || !SUPPORTED_KINDS.contains(activity.getKind().toCode())) {
      problem(activity, "ActivityDefinition.kind", "kind must be one of " + SUPPORTED_KINDS);
    }
    Scope scope = new Scope(file, linkIds, new LinkedHashSet<>(INPUT_VARIABLES));
    for (int d = 0; d < activity.getDynamicValue().size(); d++) {
      var dv = activity.getDynamicValue().get(d);
      String dpath = "ActivityDefinition.dynamicValue[" + d + "]";
      if (!dv.hasPath()) {
        problems.add(new ContentProblem(file, dpath + ".path", "dynamicValue needs a path"));
      }
      // Activities run inside a plan's scope; plan-level variables are checked there, not here.
      lintExpression(dv.getExpression(), dpath + ".expression", scope.withAnyVariable());
    }
  }

  /** Adds the names declared by variable extensions to a copy of the visible set, checking each expression. */
  private Set<String> declared(List<Extension> extensions, String path, Set<String> visible, String file,
      Scope outer) {
    Set<String> names = new LinkedHashSet<>(visible);
    for (int i = 0; i < extensions.size(); i++) {
      Extension ext = extensions.get(i);
      if (!PathwayVocabulary.isVariable(ext.getUrl())) {
        continue;
      }
      String epath = path + ".extension[" + i + "].valueExpression";
      if (!(ext.getValue() instanceof Expression e) || !e.hasName()) {
        problems.add(new ContentProblem(file, epath, "a variable needs a valueExpression with a name"));
        continue;
      }
      Scope scope = new Scope(file, outer == null ? null : outer.linkIds, names);
      lintExpression(e, epath, scope);
      names.add(e.getName());
    }
    return names;
  }

  private void lintExpression(Expression expression, String path, Scope scope) {
    ExpressionNode node = store.compiled(expression);
    if (node == null) {
      return; // not FHIRPath or did not parse: already reported by the loader
    }
    if (!scope.anyVariable) {
      for (String name : FhirPathCompiler.variablesOf(node)) {
        if (!scope.variables.contains(name) && !ENGINE_CONSTANTS.contains(name) && !name.startsWith("`")) {
          problems.add(new ContentProblem(scope.file, path, "unknown variable %" + name));
        }
      }
    }
    for (String linkId : FhirPathCompiler.linkIdsOf(node)) {
      if (scope.linkIds == null) {
        problems.add(new ContentProblem(scope.file, path, "names linkId '" + linkId
            + "' but the plan has no screening Questionnaire (an action whose definitionCanonical is one)"));
      } else if (!scope.linkIds.contains(linkId)) {
        problems.add(new ContentProblem(scope.file, path, "names linkId '" + linkId
            + "', which the screening Questionnaire does not have"));
      }
    }
  }

  private boolean uses(Expression expression, String variable) {
    ExpressionNode node = store.compiled(expression);
    return node != null && FhirPathCompiler.variablesOf(node).contains(variable);
  }

  private void problem(Resource resource, String element, String message) {
    problems.add(new ContentProblem(store.fileOf(resource), element, message));
  }

  private static void collectActionIds(List<PlanDefinitionActionComponent> actions, Set<String> ids) {
    for (PlanDefinitionActionComponent action : actions) {
      if (action.hasId()) {
        ids.add(action.getId());
      }
      collectActionIds(action.getAction(), ids);
    }
  }

  /** What an expression may see: declared variables and the screening linkIds (null when there is no screening). */
  private record Scope(String file, Set<String> linkIds, Set<String> variables, boolean anyVariable) {
    Scope(String file, Set<String> linkIds, Set<String> variables) {
      this(file, linkIds, variables, false);
    }

    Scope with(Set<String> more) {
      return new Scope(file, linkIds, more, anyVariable);
    }

    Scope withAnyVariable() {
      return new Scope(file, linkIds, variables, true);
    }
  }
}
