package org.spinepathways.validation;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Loads the FHIR R4 core definitions that HAPI ships once, at start-up, and drops what validation, FHIRPath and
 * parsing never read: narratives, descriptions, element definitions, comments, requirements, examples, mappings,
 * XPath forms of constraints, code definitions; the differential of a base resource or type (its snapshot is what is
 * read) and the snapshot of a core profile or extension (generated again from the differential if a resource uses
 * it). That is most of the memory the definitions take (and the validator keeps an R5 copy of each it uses). Names, short
 * descriptions, displays, types, cardinalities, bindings and constraints stay as published.
 */
public final class CoreDefinitions {

  private CoreDefinitions() {}

  /** Contexts whose terminology is already loaded and trimmed. */
  private static final Set<FhirContext> TERMINOLOGY_DONE = Collections.newSetFromMap(new WeakHashMap<>());

  /**
   * Loads and trims the StructureDefinitions behind the context's default validation support: what FHIRPath, the
   * library's checks and the validator need first. Call before anything else uses the context.
   */
  public static void loadStructures(FhirContext fhirContext) {
    fhirContext.getValidationSupport().fetchAllStructureDefinitions().forEach(CoreDefinitions::trim);
  }

  /**
   * Loads and trims the core terminology (FHIR, v2 and v3 code systems and value sets), which only the validator
   * reads. Call before the validator's first use; a second call does nothing.
   */
  public static synchronized void loadTerminology(FhirContext fhirContext) {
    if (!TERMINOLOGY_DONE.add(fhirContext)) {
      return;
    }
    IValidationSupport core = fhirContext.getValidationSupport();
    // Any code system fetch loads all the core terminology at once; trim it while nothing holds a copy.
    core.fetchCodeSystem("http://hl7.org/fhir/administrative-gender");
    core.fetchAllConformanceResources().stream()
        .filter(r -> !(r instanceof StructureDefinition)) // trimmed by loadStructures; snapshots may exist by now
        .forEach(CoreDefinitions::trim);
  }

  private static void trim(IBaseResource resource) {
    if (resource instanceof StructureDefinition sd) {
      sd.setText(null);
      sd.setDescription(null);
      sd.setPurpose(null);
      sd.setCopyright(null);
      sd.getContact().clear();
      sd.getMapping().clear();
      if (sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT && sd.hasDifferential()) {
        // A core profile or extension (about 500 of them, most never used): keep the small differential; the
        // validator generates the snapshot from it on first use, as it does for the project's own profiles.
        sd.setSnapshot(null);
        sd.getDifferential().getElement().forEach(CoreDefinitions::trim);
      } else if (sd.hasSnapshot()) {
        // A base resource or type: the snapshot is what validation, FHIRPath and snapshot generation read.
        sd.getSnapshot().getElement().forEach(CoreDefinitions::trim);
        sd.setDifferential(null);
      } else {
        sd.getDifferential().getElement().forEach(CoreDefinitions::trim);
      }
    } else if (resource instanceof CodeSystem cs) {
      cs.setText(null);
      cs.getConcept().forEach(CoreDefinitions::trim);
    } else if (resource instanceof ValueSet vs) {
      vs.setText(null);
    }
  }

  private static void trim(ElementDefinition element) {
    element.setDefinition(null);
    element.setComment(null);
    element.setRequirements(null);
    element.getMapping().clear();
    element.getAlias().clear();
    element.getExample().clear();
    element.getConstraint().forEach(c -> c.setXpath(null));
  }

  private static void trim(CodeSystem.ConceptDefinitionComponent concept) {
    concept.setDefinition(null);
    concept.getConcept().forEach(CoreDefinitions::trim);
  }
}
