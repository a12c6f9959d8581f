package org.spinepathways.apply;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Expression;

/**
 * The variables an expression can see: fixed inputs ({@code %subject}, {@code %screening}, ...) and named expressions
 * declared with the {@code variable} extension, which are evaluated lazily on first use and memoised. Each scope
 * sees its parent's variables. One scope tree per request; not shared across threads.
 */
public final class Scope {

  private final Scope parent;
  private final ExpressionEvaluator evaluator;
  private final Map<String, List<Base>> values = new HashMap<>();
  private final Map<String, Expression> pending = new HashMap<>();
  private final Map<String, String> unavailable = new HashMap<>();
  private final Set<String> evaluating = new HashSet<>();

  public Scope(Scope parent, ExpressionEvaluator evaluator) {
    this.parent = parent;
    this.evaluator = evaluator;
  }

  public Scope child() {
    return new Scope(this, evaluator);
  }

  public Scope put(String name, List<Base> value) {
    values.put(name, value);
    unavailable.remove(name);
    return this;
  }

  public Scope put(String name, Base value) {
    return put(name, value == null ? List.of() : List.of(value));
  }

  /** Declares a variable that cannot be read yet; reading it fails with the given reason. */
  Scope unavailable(String name, String reason) {
    unavailable.put(name, reason);
    return this;
  }

  /** Declares a named expression, evaluated in this scope the first time it is read. */
  public Scope declare(String name, Expression expression) {
    pending.put(name, expression);
    return this;
  }

  /** The value of a variable, evaluating a declared expression on first use. */
  public List<Base> resolve(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      List<Base> value = s.local(name);
      if (value != null) {
        return value;
      }
    }
    throw new ExpressionException("unknown variable %" + name);
  }

  private List<Base> local(String name) {
    List<Base> value = values.get(name);
    if (value != null) {
      return value;
    }
    String reason = unavailable.get(name);
    if (reason != null) {
      throw new ExpressionException("%" + name + " " + reason);
    }
    Expression expression = pending.get(name);
    if (expression == null) {
      return null;
    }
    if (!evaluating.add(name)) {
      throw new ExpressionException("variable %" + name + " refers to itself");
    }
    try {
      List<Base> result = evaluator.evaluate(expression, this);
      values.put(name, result);
      return result;
    } finally {
      evaluating.remove(name);
    }
  }
}
