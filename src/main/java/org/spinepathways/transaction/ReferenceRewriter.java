package org.spinepathways.transaction;

import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Rewrites literal references ({@code #id}, {@code Type/id}) to new targets, in a resource and its contained ones. */
final class ReferenceRewriter {

  private final FhirContext fhirContext;
  private final Map<String, String> targets;

  /** @param targets old reference to new reference; entries with a null target are left alone */
  ReferenceRewriter(FhirContext fhirContext, Map<String, String> targets) {
    this.fhirContext = fhirContext;
    this.targets = targets;
  }

  void rewrite(DomainResource resource) {
    rewriteOwn(resource);
    for (Resource contained : resource.getContained()) {
      rewriteOwn(contained);
    }
  }

  private void rewriteOwn(Resource resource) {
    for (Reference ref : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
      String target = ref.hasReference() ? targets.get(ref.getReference()) : null;
      if (target != null) {
        ref.setReference(target);
      }
    }
  }
}
