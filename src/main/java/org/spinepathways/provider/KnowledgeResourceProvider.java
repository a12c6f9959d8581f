package org.spinepathways.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinepathways.content.KnowledgeStore;

/**
 * Read and search for one knowledge resource type: {@code _id}, {@code url}, {@code version}, {@code name},
 * {@code title}, {@code status}. Returns copies, so the library itself never changes.
 */
public final class KnowledgeResourceProvider<T extends Resource> implements IResourceProvider {

  private final Class<T> type;
  private final KnowledgeStore store;

  KnowledgeResourceProvider(Class<T> type, KnowledgeStore store) {
    this.type = type;
    this.store = store;
  }

  /** One provider for every knowledge resource type, whether or not the library has any of that type yet. */
  public static List<IResourceProvider> forEveryType(KnowledgeStore store) {
    List<IResourceProvider> providers = new ArrayList<>();
    for (Class<? extends Resource> t : List.of(PlanDefinition.class, ActivityDefinition.class, Questionnaire.class,
        Consent.class, ValueSet.class, CodeSystem.class, StructureDefinition.class)) {
      providers.add(new KnowledgeResourceProvider<>(t, store));
    }
    return providers;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return type;
  }

  @Read
  public T read(@IdParam IdType id) {
    T found = store.byId(type, id.getIdPart()).orElseThrow(() ->
        new ResourceNotFoundException("No " + type.getSimpleName() + " with id '" + id.getIdPart() + "'"));
    return copyOf(found);
  }

  @Search(allowUnknownParams = false)
  public List<T> search(@OptionalParam(name = "_id") TokenParam id, @OptionalParam(name = "url") UriParam url,
      @OptionalParam(name = "version") TokenParam version, @OptionalParam(name = "name") StringParam name,
      @OptionalParam(name = "title") StringParam title, @OptionalParam(name = "status") TokenParam status) {
    List<T> out = new ArrayList<>();
    for (T r : store.all(type)) {
      MetadataResource m = r instanceof MetadataResource mr ? mr : null;
      boolean keep = (id == null || id.getValue().equals(r.getIdPart()))
          && (url == null || (m != null && url.getValue().equals(m.getUrl())))
          && (version == null || (m != null && version.getValue().equals(m.getVersion())))
          && matches(name, m == null ? null : m.getName())
          && matches(title, m == null ? null : m.getTitle())
          && (status == null || status.getValue().equals(statusOf(r)));
      if (keep) {
        out.add(copyOf(r));
      }
    }
    return out;
  }

  private static String statusOf(Resource r) {
    if (r instanceof MetadataResource m && m.hasStatus()) {
      return m.getStatus().toCode();
    }
    if (r instanceof Consent c && c.hasStatus()) {
      return c.getStatus().toCode();
    }
    return null;
  }

  /** FHIR string search: starts-with, case-insensitive; {@code :exact} and {@code :contains} as specified. */
  private static boolean matches(StringParam param, String value) {
    if (param == null) {
      return true;
    }
    if (value == null) {
      return false;
    }
    if (param.isExact()) {
      return value.equals(param.getValue());
    }
    String v = value.toLowerCase(Locale.ROOT);
    String p = param.getValue().toLowerCase(Locale.ROOT);
    return param.isContains() ? v.contains(p) : v.startsWith(p);
  }

  @SuppressWarnings("unchecked")
  private T copyOf(T resource) {
    return (T) resource.copy();
  }
}
