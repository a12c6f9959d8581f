package org.spinepathways.apply;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a reference in the request's {@code data} points at, for FHIRPath {@code resolve()}: another entry of the same
 * Bundle, named by its {@code fullUrl} or by {@code Type/id}. Nothing outside the request is ever fetched. (A contained
 * resource, {@code #id}, is the engine's own business; content reads a record's contained resources directly.)
 */
final class DataReferences {

  private DataReferences() {}

  static Resource resolve(Bundle data, String url) {
    if (url == null || url.isEmpty() || url.startsWith("#")) {
      return null;
    }
    for (Bundle.BundleEntryComponent entry : data.getEntry()) {
      Resource r = entry.getResource();
      if (r != null && (url.equals(entry.getFullUrl())
          || (r.hasIdElement() && url.equals(r.fhirType() + "/" + r.getIdElement().getIdPart())))) {
        return r;
      }
    }
    return null;
  }
}
