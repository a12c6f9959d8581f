package org.spinepathways.apply;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.spinepathways.content.ElementWalker;

/**
 * What a reference in the request's {@code data} points at, for FHIRPath {@code resolve()}: a contained resource
 * ({@code #id}) of the resource that holds the reference, or another entry of the same Bundle, named by its
 * {@code fullUrl} or by {@code Type/id}. Nothing outside the request is ever fetched.
 */
final class DataReferences {

  private DataReferences() {}

  static Resource resolve(Bundle data, String url, Base refContext) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    if (url.startsWith("#")) {
      DomainResource holder = holderOf(data, refContext);
      return holder == null ? null : contained(holder, url.substring(1));
    }
    for (Bundle.BundleEntryComponent entry : data.getEntry()) {
      Resource r = entry.getResource();
      if (r == null) {
        continue;
      }
      if (url.equals(entry.getFullUrl())
          || (r.hasIdElement() && url.equals(r.fhirType() + "/" + r.getIdElement().getIdPart()))) {
        return r;
      }
    }
    return null;
  }

  /** The Bundle entry whose resource holds this very Reference object. */
  private static DomainResource holderOf(Bundle data, Base refContext) {
    if (!(refContext instanceof Reference)) {
      return null;
    }
    for (Bundle.BundleEntryComponent entry : data.getEntry()) {
      if (entry.getResource() instanceof DomainResource r && r.hasContained() && holds(r, refContext)) {
        return r;
      }
    }
    return null;
  }

  private static boolean holds(DomainResource resource, Base reference) {
    boolean[] found = {false};
    ElementWalker.forEach(resource, Reference.class, (path, ref) -> found[0] |= ref == reference);
    return found[0];
  }

  private static Resource contained(DomainResource holder, String id) {
    for (Resource r : holder.getContained()) {
      String own = r.getIdElement().getIdPart();
      if (id.equals(own) || ("#" + id).equals(r.getId())) {
        return r;
      }
    }
    return null;
  }
}
