package org.spinepathways.content;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * The loaded knowledge library: every artifact indexed by type and id and by canonical {@code url|version},
 * with every FHIRPath expression already parsed. Immutable once built; callers must copy a resource before
 * changing it.
 */
public final class KnowledgeStore {

  private final Map<String, Map<String, Resource>> byTypeAndId;
  private final Map<String, NavigableMap<String, MetadataResource>> byUrl;
  private final Map<Resource, String> files;
  private final Map<Expression, ExpressionNode> compiled;

  KnowledgeStore(Map<String, Map<String, Resource>> byTypeAndId,
      Map<String, NavigableMap<String, MetadataResource>> byUrl,
      Map<Resource, String> files, Map<Expression, ExpressionNode> compiled) {
    this.byTypeAndId = byTypeAndId;
    this.byUrl = byUrl;
    this.files = files;
    this.compiled = compiled;
  }

  /** The resource of that type and logical id. */
  public <T extends Resource> Optional<T> byId(Class<T> type, String id) {
    Resource r = byTypeAndId.getOrDefault(type.getSimpleName(), Map.of()).get(id);
    return Optional.ofNullable(type.isInstance(r) ? type.cast(r) : null);
  }

  /**
   * Resolves a canonical. {@code url|version} gives that version; a bare {@code url} gives the highest version by
   * version ordering (not load order).
   */
  public Optional<MetadataResource> byCanonical(String canonical) {
    NavigableMap<String, MetadataResource> versions = byUrl.get(Canonicals.url(canonical));
    if (versions == null || versions.isEmpty()) {
      return Optional.empty();
    }
    String version = Canonicals.version(canonical);
    return Optional.ofNullable(version == null ? versions.lastEntry().getValue() : versions.get(version));
  }

  public <T extends MetadataResource> Optional<T> byCanonical(Class<T> type, String canonical) {
    return byCanonical(canonical).filter(type::isInstance).map(type::cast);
  }

  /** Every resource of a type, in id order. */
  @SuppressWarnings("unchecked")
  public <T extends Resource> List<T> all(Class<T> type) {
    return (List<T>) List.copyOf(byTypeAndId.getOrDefault(type.getSimpleName(), Map.of()).values());
  }

  /** The names of the resource types the library holds. */
  public List<String> resourceTypes() {
    return List.copyOf(byTypeAndId.keySet());
  }

  /** The file a resource was loaded from, for messages. */
  public String fileOf(Resource resource) {
    return files.getOrDefault(resource, resource.fhirType() + "/" + resource.getIdPart());
  }

  /** The parsed form of a content expression, or null when the expression was not part of the library. */
  public ExpressionNode compiled(Expression expression) {
    return compiled.get(expression);
  }

  /** Builds a store; used by the loader after it has read and parsed every file. */
  static final class Builder {
    private final Map<String, Map<String, Resource>> byTypeAndId = new TreeMap<>();
    private final Map<String, NavigableMap<String, MetadataResource>> byUrl = new LinkedHashMap<>();
    private final Map<Resource, String> files = new IdentityHashMap<>();
    private final Map<Expression, ExpressionNode> compiled = new IdentityHashMap<>();

    /** Adds a resource; returns the resource already registered under the same {@code url|version}, if any. */
    Optional<MetadataResource> add(Resource resource, String file) {
      byTypeAndId.computeIfAbsent(resource.fhirType(), t -> new TreeMap<>()).put(resource.getIdPart(), resource);
      files.put(resource, file);
      if (resource instanceof MetadataResource m && m.hasUrl()) {
        String version = m.hasVersion() ? m.getVersion() : "";
        NavigableMap<String, MetadataResource> versions =
            byUrl.computeIfAbsent(m.getUrl(), u -> new TreeMap<>(Canonicals.VERSION_ORDER));
        return Optional.ofNullable(versions.putIfAbsent(version, m));
      }
      return Optional.empty();
    }

    boolean containsId(String type, String id) {
      return byTypeAndId.getOrDefault(type, Map.of()).containsKey(id);
    }

    void compiled(Expression expression, ExpressionNode node) {
      compiled.put(expression, node);
    }

    KnowledgeStore build() {
      Map<String, Map<String, Resource>> types = new TreeMap<>();
      byTypeAndId.forEach((t, m) -> types.put(t, Collections.unmodifiableMap(m)));
      return new KnowledgeStore(Collections.unmodifiableMap(types), Collections.unmodifiableMap(byUrl),
          files, compiled);
    }
  }
}
