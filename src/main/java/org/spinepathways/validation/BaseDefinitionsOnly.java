package org.spinepathways.validation;

import java.util.List;

import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.BaseValidationSupportWrapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The FHIR core definitions, listed without their constraints. HAPI's validator converts every StructureDefinition
 * it is given in a "fetch all" to its R5 model and keeps the copies; the R4 core has about 650, most of them
 * extensions and profiles that none of our resources use. Listing only the base resources and data types keeps
 * those copies out of memory. Every definition can still be fetched by its canonical URL, so an extension or
 * profile a resource does use is found and validated as before.
 */
final class BaseDefinitionsOnly extends BaseValidationSupportWrapper {

  BaseDefinitionsOnly(IValidationSupport core) {
    super(core.getFhirContext(), core);
  }

  @Override
  public String getName() {
    return "FHIR core base definitions";
  }

  @SuppressWarnings("unchecked")
  @Override
  public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
    List<T> all = super.fetchAllStructureDefinitions();
    return all == null ? null : (List<T>) all.stream()
        .filter(sd -> !(sd instanceof StructureDefinition d)
            || d.getDerivation() != StructureDefinition.TypeDerivationRule.CONSTRAINT)
        .toList();
  }
}
