package org.spinepathways.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.ValidationModeEnum;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.validation.ResourceValidator;

/**
 * Read, search ({@code _id}, {@code url}, {@code version}, {@code name}, {@code title}, {@code status}) and
 * {@code $validate} for one knowledge resource type. Returns copies, so the library itself never changes.
 */
public final class KnowledgeResourceProvider<T extends Resource> implements IResourceProvider {

  /** Page sizes with {@code _offset}; the same as the server's paging provider. */
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAXIMUM_PAGE_SIZE = 200;

  /** Knowledge resource types: read, search and $validate. */
  static final List<Class<? extends Resource>> KNOWLEDGE_TYPES = List.of(PlanDefinition.class,
      ActivityDefinition.class, Questionnaire.class, Consent.class, ValueSet.class, CodeSystem.class,
      StructureDefinition.class, Library.class);

  private final Class<T> type;
  private final KnowledgeStore store;
  private final ResourceValidation validation;
  private final FhirContext fhirContext;
  private final Map<String, String> versions = new ConcurrentHashMap<>();

  KnowledgeResourceProvider(Class<T> type, KnowledgeStore store, ResourceValidation validation,
      FhirContext fhirContext) {
    this.type = type;
    this.store = store;
    this.validation = validation;
    this.fhirContext = fhirContext;
  }

  /** One provider for every knowledge resource type, whether or not the library has any of that type yet. */
  public static List<IResourceProvider> forEveryType(KnowledgeStore store, FhirContext fhirContext,
      ResourceValidator validator) {
    List<IResourceProvider> providers = new ArrayList<>();
    for (Class<? extends Resource> t : KNOWLEDGE_TYPES) {
      providers.add(new KnowledgeResourceProvider<>(t, store,
          new ResourceValidation(fhirContext, validator, t.getSimpleName()), fhirContext));
    }
    return providers;
  }

  @Validate
  public MethodOutcome validate(@ResourceParam String body, @ResourceParam EncodingEnum encoding,
      @IdParam(optional = true) IdType id, @Validate.Mode ValidationModeEnum mode,
      @Validate.Profile String profile) {
    IBaseResource stored = null;
    if (id != null && id.hasIdPart()) {
      stored = store.byId(type, id.getIdPart()).orElseThrow(() ->
          ResourceValidation.unknownInstance(type.getSimpleName(), id.getIdPart()));
    }
    return validation.validate(body, encoding, mode, profile, stored);
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

  /**
   * Without {@code _offset} the matches go to HAPI's paging provider ({@code _count}, next links); with
   * {@code _offset} (which HAPI leaves to the provider) this returns the page asked for and HAPI links the others.
   */
  @Search(allowUnknownParams = false)
  public IBundleProvider search(@OptionalParam(name = "_id") TokenParam id, @OptionalParam(name = "url") UriParam url,
      @OptionalParam(name = "version") TokenParam version, @OptionalParam(name = "name") StringParam name,
      @OptionalParam(name = "title") StringParam title, @OptionalParam(name = "status") TokenParam status,
      @Offset Integer offset, @Count Integer count) {
    List<T> matches = matching(id, url, version, name, title, status);
    if (offset == null) {
      return new SimpleBundleProvider(matches);
    }
    int size = Math.min(count == null ? DEFAULT_PAGE_SIZE : Math.max(count, 0), MAXIMUM_PAGE_SIZE);
    int from = Math.min(Math.max(offset, 0), matches.size());
    SimpleBundleProvider page = new SimpleBundleProvider(matches.subList(from, Math.min(from + size,
        matches.size())));
    page.setCurrentPageOffset(from);
    page.setCurrentPageSize(size);
    page.setSize(matches.size());
    return page;
  }

  private List<T> matching(TokenParam id, UriParam url, TokenParam version, StringParam name, StringParam title,
      TokenParam status) {
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

  /**
   * A copy carrying a version id derived from its content (so reads answer with an ETag, and with 304 to a matching
   * {@code If-None-Match}) and, for canonical resources with a {@code date}, that date as {@code lastUpdated}
   * (Last-Modified). The library never changes while the server runs.
   */
  @SuppressWarnings("unchecked")
  private T copyOf(T resource) {
    T copy = (T) resource.copy();
    String version = versions.computeIfAbsent(resource.getIdPart(), id -> contentVersion(resource));
    copy.setIdElement(new IdType(type.getSimpleName(), resource.getIdPart(), version));
    copy.getMeta().setVersionId(version);
    if (resource instanceof MetadataResource m && m.hasDate()) {
      copy.getMeta().setLastUpdated(m.getDate());
    }
    return copy;
  }

  private String contentVersion(T resource) {
    String json = fhirContext.newJsonParser().encodeResourceToString(resource);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
