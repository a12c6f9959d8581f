package org.spinepathways.provider;

import static org.spinepathways.apply.InputRejectedException.Kind.INVALID;
import static org.spinepathways.apply.InputRejectedException.Kind.NOT_FOUND;
import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.content.Canonicals;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.validation.ValueSetExpander;
import org.spinepathways.validation.ValueSetExpander.Paging;

/**
 * {@code ValueSet/$expand} (GET and POST), instance level and type level by {@code url} ({@code url|version}, or
 * {@code url} with {@code valueSetVersion}) or an inline {@code valueSet}; {@code filter}, {@code offset} and
 * {@code count} as specified. Form renderers fetch answer options this way.
 */
public final class ValueSetExpandProvider {

  /** The most concepts one answer carries when the caller gives no count. */
  static final int MAX_COUNT = 1000;

  private final KnowledgeStore store;
  private final ValueSetExpander expander;

  public ValueSetExpandProvider(KnowledgeStore store, ValueSetExpander expander) {
    this.store = store;
    this.expander = expander;
  }

  @Operation(name = "$expand", idempotent = true, type = ValueSet.class)
  public ValueSet expandInstance(@IdParam IdType id,
      @OperationParam(name = "filter", max = 1) StringType filter,
      @OperationParam(name = "offset", max = 1) IntegerType offset,
      @OperationParam(name = "count", max = 1) IntegerType count) {
    ValueSet valueSet = store.byId(ValueSet.class, id.getIdPart()).orElseThrow(() ->
        new InputRejectedException(NOT_FOUND, "No ValueSet with id '" + id.getIdPart() + "'", "id"));
    return expand(valueSet, filter, offset, count);
  }

  @Operation(name = "$expand", idempotent = true, type = ValueSet.class)
  public ValueSet expandType(
      @OperationParam(name = "url", max = 1) UriType url,
      @OperationParam(name = "valueSetVersion", max = 1) StringType valueSetVersion,
      @OperationParam(name = "valueSet", max = 1) ValueSet inline,
      @OperationParam(name = "filter", max = 1) StringType filter,
      @OperationParam(name = "offset", max = 1) IntegerType offset,
      @OperationParam(name = "count", max = 1) IntegerType count) {
    boolean byUrl = url != null && url.hasValue();
    if (byUrl == (inline != null)) {
      throw new InputRejectedException(INVALID, "Name the value set with 'url' (url or url|version, optionally "
          + "with 'valueSetVersion'), or send it as 'valueSet'; exactly one of them", "url");
    }
    if (inline != null) {
      return expand(inline, filter, offset, count);
    }
    String canonical = url.getValue();
    if (valueSetVersion != null && valueSetVersion.hasValue()) {
      if (Canonicals.version(canonical) != null) {
        throw new InputRejectedException(INVALID, "Give the version either in 'url' (url|version) or in "
            + "'valueSetVersion', not both", "valueSetVersion");
      }
      canonical = Canonicals.of(canonical, valueSetVersion.getValue());
    }
    String wanted = canonical;
    ValueSet valueSet = store.byCanonical(ValueSet.class, canonical).orElseThrow(() ->
        new InputRejectedException(NOT_FOUND, "No ValueSet with canonical " + wanted + " on this server", "url"));
    return expand(valueSet, filter, offset, count);
  }

  private ValueSet expand(ValueSet valueSet, StringType filter, IntegerType offset, IntegerType count) {
    int from = offset == null || !offset.hasValue() ? 0 : offset.getValue();
    int size = count == null || !count.hasValue() ? MAX_COUNT : count.getValue();
    if (from < 0) {
      throw new InputRejectedException(INVALID, "'offset' must be 0 or more", "offset");
    }
    if (size < 0) {
      throw new InputRejectedException(INVALID, "'count' must be 0 or more", "count");
    }
    String text = filter == null || !filter.hasValue() ? null : filter.getValue();
    try {
      return expander.expand(valueSet, new Paging(text, from, Math.min(size, MAX_COUNT)));
    } catch (ValueSetExpander.ExpansionException e) {
      throw new InputRejectedException(UNPROCESSABLE, e.getMessage(), "url");
    }
  }
}
