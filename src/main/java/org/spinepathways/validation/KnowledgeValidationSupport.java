package org.spinepathways.validation;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinepathways.content.KnowledgeStore;

/**
 * Serves the knowledge library to HAPI's validator: profiles, value sets, code systems and Questionnaires, resolved by
 * canonical with the store's version ordering (a bare URL gives the highest version).
 */
final class KnowledgeValidationSupport implements IValidationSupport {

  private final FhirContext fhirContext;
  private final KnowledgeStore store;

  KnowledgeValidationSupport(FhirContext fhirContext, KnowledgeStore store) {
    this.fhirContext = fhirContext;
    this.store = store;
  }

  @Override
  public FhirContext getFhirContext() {
    return fhirContext;
  }

  @Override
  public String getName() {
    return "spine-pathways knowledge library";
  }

  @Override
  public <T extends IBaseResource> T fetchResource(Class<T> type, String uri) {
    MetadataResource found = store.byCanonical(uri).orElse(null);
    if (found == null || (type != null && !type.isInstance(found))) {
      return null;
    }
    return type == null ? null : type.cast(found);
  }

  @Override
  public IBaseResource fetchStructureDefinition(String url) {
    return store.byCanonical(StructureDefinition.class, url).orElse(null);
  }

  @Override
  public IBaseResource fetchValueSet(String url) {
    return store.byCanonical(ValueSet.class, url).orElse(null);
  }

  @Override
  public IBaseResource fetchCodeSystem(String system) {
    return store.byCanonical(CodeSystem.class, system).orElse(null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
    return (List<T>) new ArrayList<>(store.all(StructureDefinition.class));
  }

  @Override
  public List<IBaseResource> fetchAllConformanceResources() {
    List<IBaseResource> all = new ArrayList<>();
    all.addAll(store.all(StructureDefinition.class));
    all.addAll(store.all(ValueSet.class));
    all.addAll(store.all(CodeSystem.class));
    return all;
  }
}
