package org.spinepathways.content;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.Questionnaire;

/** How PlanDefinitions nest through {@code definitionCanonical}, and which screening Questionnaire each one uses. */
public final class PlanGraph {

  private final KnowledgeStore store;

  public PlanGraph(KnowledgeStore store) {
    this.store = store;
  }

  /** The PlanDefinitions a plan's actions name directly, in action order. */
  public List<PlanDefinition> nestedPlans(PlanDefinition plan) {
    List<PlanDefinition> out = new ArrayList<>();
    forEachDefinition(plan.getAction(), canonical ->
        store.byCanonical(PlanDefinition.class, canonical).ifPresent(out::add));
    return out;
  }

  /**
   * The plan's screening Questionnaire: the first action, depth first and through nested plans, whose
   * {@code definitionCanonical} is a Questionnaire.
   */
  public Optional<Questionnaire> screeningQuestionnaire(PlanDefinition plan) {
    return screening(plan, new LinkedHashSet<>());
  }

  /** A cycle through nested plans starting at this plan, written as {@code a -> b -> a}, if there is one. */
  public Optional<String> cycleFrom(PlanDefinition plan) {
    Deque<PlanDefinition> path = new ArrayDeque<>();
    return cycle(plan, plan, path);
  }

  /**
   * Screening Questionnaires whose linkIds a plan's expressions may name: its own, or, for a building block with none,
   * those of every plan that includes it.
   */
  Set<Questionnaire> screeningQuestionnaires(PlanDefinition plan) {
    Set<Questionnaire> out = new LinkedHashSet<>();
    screeningQuestionnaire(plan).ifPresent(out::add);
    if (out.isEmpty()) {
      includingPlans(plan).forEach(other -> screeningQuestionnaire(other).ifPresent(out::add));
    }
    return out;
  }

  /**
   * The plan, every plan it includes (transitively), the ActivityDefinitions their actions name and the Consent
   * templates they use: everything whose expressions run when the plan is applied.
   */
  public Set<Resource> reachableFrom(PlanDefinition plan) {
    Set<Resource> out = new LinkedHashSet<>();
    Deque<PlanDefinition> todo = new ArrayDeque<>(List.of(plan));
    while (!todo.isEmpty()) {
      PlanDefinition p = todo.pop();
      if (!out.add(p)) {
        continue;
      }
      p.getLibrary().forEach(l -> store.byCanonical(Library.class, l.getValue()).ifPresent(out::add));
      ElementWalker.forEach(p, PlanDefinition.PlanDefinitionActionComponent.class, (path, action) -> {
        if (action.hasDefinitionCanonicalType()) {
          store.byCanonical(action.getDefinitionCanonicalType().getValue()).ifPresent(target -> {
            if (target instanceof PlanDefinition nested) {
              todo.push(nested);
            } else if (target instanceof ActivityDefinition) {
              out.add(target);
            }
          });
        }
        Extension consent = action.getExtensionByUrl(PathwayVocabulary.EXT_CONSENT_TEMPLATE);
        if (consent != null && consent.getValue() instanceof Reference ref && ref.hasReference()
            && ref.getReference().startsWith("Consent/")) {
          store.byId(Consent.class, ref.getReference().substring("Consent/".length())).ifPresent(out::add);
        }
      });
    }
    return out;
  }

  /** Every plan that includes this one, directly or through other nested plans. */
  public Set<PlanDefinition> includingPlans(PlanDefinition plan) {
    Set<PlanDefinition> out = new LinkedHashSet<>();
    for (PlanDefinition other : store.all(PlanDefinition.class)) {
      if (other != plan && includes(other, plan, new LinkedHashSet<>())) {
        out.add(other);
      }
    }
    return out;
  }

  private boolean includes(PlanDefinition outer, PlanDefinition inner, Set<PlanDefinition> seen) {
    if (!seen.add(outer)) {
      return false;
    }
    for (PlanDefinition child : nestedPlans(outer)) {
      if (child == inner || includes(child, inner, seen)) {
        return true;
      }
    }
    return false;
  }

  private Optional<Questionnaire> screening(PlanDefinition plan, Set<PlanDefinition> seen) {
    if (!seen.add(plan)) {
      return Optional.empty();
    }
    return firstScreening(plan.getAction(), seen);
  }

  private Optional<Questionnaire> firstScreening(List<PlanDefinitionActionComponent> actions,
      Set<PlanDefinition> seen) {
    for (PlanDefinitionActionComponent action : actions) {
      if (action.hasDefinitionCanonicalType()) {
        String canonical = action.getDefinitionCanonicalType().getValue();
        Optional<Questionnaire> q = store.byCanonical(Questionnaire.class, canonical);
        if (q.isPresent()) {
          return q;
        }
        Optional<PlanDefinition> nested = store.byCanonical(PlanDefinition.class, canonical);
        if (nested.isPresent()) {
          Optional<Questionnaire> found = screening(nested.get(), seen);
          if (found.isPresent()) {
            return found;
          }
        }
      }
      Optional<Questionnaire> inner = firstScreening(action.getAction(), seen);
      if (inner.isPresent()) {
        return inner;
      }
    }
    return Optional.empty();
  }

  private Optional<String> cycle(PlanDefinition start, PlanDefinition current, Deque<PlanDefinition> path) {
    path.addLast(current);
    for (PlanDefinition child : nestedPlans(current)) {
      if (child == start) {
        StringBuilder sb = new StringBuilder();
        path.forEach(p -> sb.append(p.getIdPart()).append(" -> "));
        return Optional.of(sb.append(start.getIdPart()).toString());
      }
      if (!path.contains(child)) {
        Optional<String> found = cycle(start, child, path);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    path.removeLast();
    return Optional.empty();
  }

  private static void forEachDefinition(List<PlanDefinitionActionComponent> actions,
      java.util.function.Consumer<String> consumer) {
    for (PlanDefinitionActionComponent action : actions) {
      if (action.hasDefinitionCanonicalType()) {
        consumer.accept(action.getDefinitionCanonicalType().getValue());
      }
      forEachDefinition(action.getAction(), consumer);
    }
  }
}
