package org.spinepathways.apply;

import static org.spinepathways.apply.InputRejectedException.Kind.INVALID;
import static org.spinepathways.apply.InputRejectedException.Kind.NOT_FOUND;
import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.spinepathways.content.ElementWalker;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeStore;

/** Finds the PlanDefinition a request names: by id, by canonical ({@code url}, {@code url|version}) or inline. */
final class PlanResolver {

  static final int MAX_INLINE_EXPRESSIONS = 500;
  static final int MAX_EXPRESSION_LENGTH = 2000;

  private final KnowledgeStore store;
  private final FhirPathCompiler compiler;

  PlanResolver(KnowledgeStore store, FhirPathCompiler compiler) {
    this.store = store;
    this.compiler = compiler;
  }

  PlanDefinition resolve(ApplyRequest.PlanSelector selector) {
    if (selector == null) {
      throw new InputRejectedException(INVALID, "Name the PlanDefinition: by id, by url (and version) or inline",
          "planDefinition");
    }
    if (selector.id() != null) {
      return store.byId(PlanDefinition.class, selector.id()).orElseThrow(() -> new InputRejectedException(
          NOT_FOUND, "No PlanDefinition with id '" + selector.id() + "'", "PlanDefinition/" + selector.id()));
    }
    if (selector.canonical() != null) {
      return store.byCanonical(PlanDefinition.class, selector.canonical()).orElseThrow(() ->
          new InputRejectedException(NOT_FOUND, "No PlanDefinition with canonical " + selector.canonical(), "url"));
    }
    return checkedInline(selector.inline());
  }

  /**
   * An inline plan is not part of the library, so it is checked here: its expressions must parse (they are parsed
   * for this request only) and its definitions must resolve in the library.
   */
  private PlanDefinition checkedInline(PlanDefinition plan) {
    List<InputRejectedException.Issue> issues = new ArrayList<>();
    int[] count = {0};
    ElementWalker.forEach(plan, Expression.class, (path, e) -> {
      if (++count[0] > MAX_INLINE_EXPRESSIONS) {
        if (count[0] == MAX_INLINE_EXPRESSIONS + 1) {
          issues.add(new InputRejectedException.Issue(path, "more than " + MAX_INLINE_EXPRESSIONS
              + " expressions in an inline plan"));
        }
      } else if (e.hasExpression() && e.getExpression().length() > MAX_EXPRESSION_LENGTH) {
        issues.add(new InputRejectedException.Issue(path, "expression longer than " + MAX_EXPRESSION_LENGTH
            + " characters"));
      } else if (!"text/fhirpath".equals(e.getLanguage())) {
        issues.add(new InputRejectedException.Issue(path, "only text/fhirpath expressions are supported"));
      } else {
        try {
          compiler.parse(e.getExpression());
        } catch (IllegalArgumentException ex) {
          issues.add(new InputRejectedException.Issue(path, "does not parse as FHIRPath: " + ex.getMessage()));
        }
      }
    });
    if (!issues.isEmpty()) {
      throw new InputRejectedException(INVALID, "The inline PlanDefinition has invalid expressions", issues);
    }
    ElementWalker.forEach(plan, org.hl7.fhir.r4.model.CanonicalType.class, (path, c) -> {
      if (path.endsWith(".definition") && store.byCanonical(c.getValue()).isEmpty()) {
        issues.add(new InputRejectedException.Issue(path, "definition does not resolve: " + c.getValue()));
      }
    });
    if (!issues.isEmpty()) {
      throw new InputRejectedException(UNPROCESSABLE, "The inline PlanDefinition names unknown definitions",
          issues);
    }
    return plan;
  }
}
