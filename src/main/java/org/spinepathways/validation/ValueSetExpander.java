package org.spinepathways.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport.LookupCodeResult;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * Expands value sets with HAPI's in-memory terminology support (the validator's own chain): the project's ValueSets
 * and CodeSystems and FHIR's core ones. The expansion itself is HAPI's; this class only fills a missing display from
 * the code system (a lookup through the same chain) and applies the {@code filter}, {@code offset} and {@code count}
 * of {@code ValueSet/$expand}, which the in-memory support does not. Thread-safe.
 */
public final class ValueSetExpander {

  /** Why a value set could not be expanded (for example a code system the server does not have). */
  public static final class ExpansionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExpansionException(String message) {
      super(message);
    }
  }

  /**
   * What to return of the expansion.
   *
   * @param filter text that each concept's display or code must contain (case-insensitive), or null
   * @param offset concepts to skip (0 or more)
   * @param count largest number of concepts to return, or -1 for all
   */
  public record Paging(String filter, int offset, int count) {}

  private final IValidationSupport chain;

  ValueSetExpander(IValidationSupport chain) {
    this.chain = chain;
  }

  /** A copy of the value set with its expansion (the compose kept); never changes the argument. */
  public ValueSet expand(ValueSet valueSet, Paging paging) {
    IValidationSupport.ValueSetExpansionOutcome outcome = chain.expandValueSet(new ValidationSupportContext(chain),
        new ValueSetExpansionOptions().setFailOnMissingCodeSystem(true), valueSet);
    if (outcome == null || outcome.getValueSet() == null) {
      throw new ExpansionException("The value set " + valueSet.getUrl() + " cannot be expanded here"
          + (outcome != null && outcome.getError() != null ? ": " + outcome.getError() : ""));
    }
    ValueSet.ValueSetExpansionComponent full = ((ValueSet) outcome.getValueSet()).getExpansion();
    List<ValueSetExpansionContainsComponent> kept = new ArrayList<>();
    for (ValueSetExpansionContainsComponent concept : flatten(full.getContains())) {
      if (!concept.hasDisplay()) {
        concept.setDisplay(displayOf(concept.getSystem(), concept.getCode()));
      }
      if (matches(concept, paging.filter())) {
        kept.add(concept);
      }
    }
    ValueSet result = valueSet.copy();
    ValueSet.ValueSetExpansionComponent expansion = result.getExpansion();
    expansion.setIdentifier("urn:uuid:" + java.util.UUID.randomUUID());
    expansion.setTimestamp(new java.util.Date());
    expansion.setTotal(kept.size());
    expansion.setOffset(paging.offset());
    if (paging.filter() != null) {
      expansion.addParameter().setName("filter").setValue(new StringType(paging.filter()));
    }
    if (paging.count() >= 0) {
      expansion.addParameter().setName("count").setValue(new IntegerType(paging.count()));
    }
    if (paging.offset() > 0) {
      expansion.addParameter().setName("offset").setValue(new IntegerType(paging.offset()));
    }
    int from = Math.min(paging.offset(), kept.size());
    int to = paging.count() < 0 ? kept.size() : Math.min(kept.size(), from + paging.count());
    kept.subList(from, to).forEach(c -> expansion.addContains(c.copy()));
    return result;
  }

  private String displayOf(String system, String code) {
    LookupCodeResult found = chain.lookupCode(new ValidationSupportContext(chain), new LookupCodeRequest(system, code));
    return found != null && found.isFound() ? found.getCodeDisplay() : null;
  }

  private static boolean matches(ValueSetExpansionContainsComponent concept, String filter) {
    if (filter == null || filter.isBlank()) {
      return true;
    }
    String f = filter.toLowerCase(Locale.ROOT);
    return (concept.hasDisplay() && concept.getDisplay().toLowerCase(Locale.ROOT).contains(f))
        || (concept.hasCode() && concept.getCode().toLowerCase(Locale.ROOT).contains(f));
  }

  /** The selectable concepts of a (possibly nested) expansion, in order. */
  private static List<ValueSetExpansionContainsComponent> flatten(List<ValueSetExpansionContainsComponent> in) {
    List<ValueSetExpansionContainsComponent> out = new ArrayList<>();
    for (ValueSetExpansionContainsComponent c : in) {
      if (c.hasCode() && !c.getAbstract()) {
        ValueSetExpansionContainsComponent flat = c.copy();
        flat.getContains().clear();
        out.add(flat);
      }
      out.addAll(flatten(c.getContains()));
    }
    return out;
  }
}
