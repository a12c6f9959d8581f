package org.spinepathways.apply;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.VariableHostServices;

/**
 * Evaluates content expressions with HAPI's R4 FHIRPath engine. Expressions come pre-parsed from the knowledge store;
 * {@code %variables} resolve through the request's {@link Scope}. The focus of every expression is the subject
 * Patient. Public for the other operations on the library ({@code Questionnaire/$populate}).
 */
public final class ExpressionEvaluator {

  /** The most items one evaluation may give; more is an expression error (reported, and the plan is reviewed). */
  static final int MAX_RESULT_ITEMS = 10_000;

  private final KnowledgeStore store;
  private final FhirPathCompiler compiler;
  private final ThreadLocal<FHIRPathEngine> engines;
  private final Base focus;
  /** Expressions of an inline PlanDefinition, parsed at most once in this request. */
  private final Map<Expression, ExpressionNode> inlineParsed = new IdentityHashMap<>();

  public ExpressionEvaluator(KnowledgeStore store, FhirPathCompiler compiler, ThreadLocal<FHIRPathEngine> engines,
      Base focus) {
    this.store = store;
    this.compiler = compiler;
    this.engines = engines;
    this.focus = focus;
  }

  /** One engine per thread, resolving variables from the scope passed as the application context. */
  public static ThreadLocal<FHIRPathEngine> enginesFor(FhirPathCompiler compiler, KnowledgeStore store) {
    return ThreadLocal.withInitial(() -> compiler.newEngine(new ScopeHostServices(store)));
  }

  public List<Base> evaluate(Expression expression, Scope scope) {
    ExpressionNode node = store.compiled(expression);
    if (node == null) {
      // Only an inline PlanDefinition sent with the request reaches here; library content is parsed at load time.
      node = inlineParsed.computeIfAbsent(expression, e -> compiler.parse(e.getExpression()));
    }
    try {
      Resource focusResource = focus instanceof Resource r ? r : null;
      List<Base> result = engines.get().evaluate(scope, focusResource, focusResource, focus, node);
      if (result.size() > MAX_RESULT_ITEMS) {
        throw new ExpressionException("the expression gave " + result.size() + " items; at most " + MAX_RESULT_ITEMS
            + " are accepted", null);
      }
      return result;
    } catch (ExpressionException e) {
      throw e;
    } catch (FHIRException | IllegalArgumentException | UnsupportedOperationException | ClassCastException e) {
      throw new ExpressionException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
  }

  /** Evaluates a condition: empty is false, a single boolean is itself, anything else is an error. */
  boolean test(Expression expression, Scope scope) {
    List<Base> result = evaluate(expression, scope);
    if (result.isEmpty()) {
      return false;
    }
    if (result.size() == 1 && result.get(0) instanceof BooleanType b && b.getValue() != null) {
      return b.getValue();
    }
    throw new ExpressionException("condition must give a single boolean, got "
        + (result.size() == 1 ? "a " + result.get(0).fhirType() : result.size() + " items"));
  }

  /**
   * Host services: variables come from the Scope given as application context, and {@code resolve()} finds what a
   * reference names in the request's own data (see {@link DataReferences}), {@code memberOf()} the library's
   * ValueSets; nothing else is extended.
   */
  private static final class ScopeHostServices extends VariableHostServices {
    private final KnowledgeStore store;

    ScopeHostServices(KnowledgeStore store) {
      this.store = store;
    }

    /** {@code memberOf()} names the library's ValueSets; the engine asks here before its terminology. */
    @Override
    public ValueSet resolveValueSet(FHIRPathEngine engine, Object appContext, String url) {
      return store.byCanonical(ValueSet.class, url).orElse(null);
    }

    @Override
    protected List<Base> variable(Object appContext, String name) {
      return ((Scope) appContext).resolve(name);
    }

    @Override
    public Base resolveReference(FHIRPathEngine engine, Object appContext, String url, Base refContext) {
      List<Base> data = ((Scope) appContext).resolve("data");
      return data.isEmpty() || !(data.get(0) instanceof Bundle bundle) ? null
          : DataReferences.resolve(bundle, url);
    }
  }
}
