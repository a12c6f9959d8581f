package org.spinepathways.validation.build;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Build step (run by {@code mvn process-classes}, see pom.xml): reads the FHIR R4 core definitions HAPI ships as XML
 * bundles (hapi-fhir-validation-resources-r4, a build-time dependency only) through HAPI's own
 * {@link DefaultProfileValidationSupport}, drops what validation, FHIRPath and parsing never read, and writes each
 * definition as compact JSON with an index, for {@code CoreDefinitions} to load one by one at run time.
 *
 * <p>Kept: every StructureDefinition, ValueSet and CodeSystem HAPI's default support serves (the same set, under the
 * same canonical URLs), so any definition a resource may legitimately need is there. Dropped (the rule, not a list):
 * narratives, descriptions, purposes, copyright, contacts and mappings of every definition; the definition, comment,
 * requirements, aliases, examples, mappings and XPath of every element; concept definitions; the differential of a
 * base resource or type (its snapshot is what is read) and the snapshot of a core profile or extension (generated
 * again from the differential by the validator when a resource uses it). Names, short descriptions, displays, types,
 * cardinalities, bindings and constraints (with their human text) stay as published.
 *
 * <p>Output, under the given folder: {@code core-definitions/index.tsv}, one line per definition
 * ({@code type, canonical URL, file, 1 if a base definition (not a profile or extension) else 0}), and one JSON file
 * per definition.
 */
public final class CoreDefinitionsBuilder {

  /** The folder (on the class path) that holds the trimmed definitions. */
  public static final String FOLDER = "core-definitions";
  /** The index file in {@link #FOLDER}. */
  public static final String INDEX = "index.tsv";

  private CoreDefinitionsBuilder() {}

  /** {@code CoreDefinitionsBuilder <output folder>}: writes {@code <output folder>/core-definitions/}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: CoreDefinitionsBuilder <output folder>");
      System.exit(2);
    }
    Path folder = Path.of(args[0]).resolve(FOLDER);
    if (upToDate(folder)) {
      System.out.println("FHIR R4 core definitions " + folder + ": up to date");
      return;
    }
    long started = System.nanoTime();
    int count = write(FhirContext.forR4(), folder);
    System.out.printf("FHIR R4 core definitions %s: %d definitions, trimmed, in %d ms%n", folder, count,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Whether the folder was written after this builder was compiled (a clean build always writes it). */
  private static boolean upToDate(Path folder) throws IOException {
    Path index = folder.resolve(INDEX);
    java.net.URL self = CoreDefinitionsBuilder.class.getResource(CoreDefinitionsBuilder.class.getSimpleName() + ".class");
    if (!Files.exists(index) || self == null || !"file".equals(self.getProtocol())) {
      return false;
    }
    try {
      return Files.getLastModifiedTime(index).compareTo(Files.getLastModifiedTime(Path.of(self.toURI()))) > 0;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** The core definitions HAPI's default support serves, untrimmed (fresh copies). */
  public static List<IBaseResource> readFull(FhirContext fhirContext) {
    DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(fhirContext);
    // "All conformance resources" holds what has been loaded: the structures, and (on any code system fetch) all the
    // core terminology.
    core.fetchAllStructureDefinitions();
    core.fetchCodeSystem("http://hl7.org/fhir/administrative-gender");
    List<IBaseResource> all = new ArrayList<>();
    for (IBaseResource r : core.fetchAllConformanceResources()) {
      if (r instanceof StructureDefinition || r instanceof ValueSet || r instanceof CodeSystem) {
        all.add(r);
      }
    }
    return all;
  }

  /** Writes the trimmed definitions and their index into {@code folder}; returns how many. */
  static int write(FhirContext fhirContext, Path folder) throws IOException {
    Files.createDirectories(folder);
    IParser json = fhirContext.newJsonParser().setPrettyPrint(false);
    Set<String> files = new HashSet<>();
    List<String> lines = new ArrayList<>();
    for (IBaseResource r : readFull(fhirContext)) {
      MetadataResource resource = (MetadataResource) r;
      trim(resource);
      String type = resource.fhirType();
      String file = type + "-" + resource.getIdElement().getIdPart() + ".json";
      for (int n = 2; !files.add(file); n++) {
        file = type + "-" + resource.getIdElement().getIdPart() + "-" + n + ".json";
      }
      Files.writeString(folder.resolve(file), json.encodeResourceToString(resource), StandardCharsets.UTF_8);
      boolean base = resource instanceof StructureDefinition sd
          && sd.getDerivation() != StructureDefinition.TypeDerivationRule.CONSTRAINT;
      lines.add(type + "\t" + resource.getUrl() + "\t" + file + "\t" + (base ? "1" : "0"));
    }
    lines.sort(null);
    try (Writer out = Files.newBufferedWriter(folder.resolve(INDEX), StandardCharsets.UTF_8)) {
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
    return lines.size();
  }

  /** Drops what validation, FHIRPath and parsing never read (see the class comment). */
  public static void trim(IBaseResource resource) {
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
        sd.getDifferential().getElement().forEach(CoreDefinitionsBuilder::trim);
      } else if (sd.hasSnapshot()) {
        // A base resource or type: the snapshot is what validation, FHIRPath and snapshot generation read.
        sd.getSnapshot().getElement().forEach(CoreDefinitionsBuilder::trim);
        sd.setDifferential(null);
      } else {
        sd.getDifferential().getElement().forEach(CoreDefinitionsBuilder::trim);
      }
    } else if (resource instanceof CodeSystem cs) {
      cs.setText(null);
      cs.getConcept().forEach(CoreDefinitionsBuilder::trim);
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
    concept.getConcept().forEach(CoreDefinitionsBuilder::trim);
  }
}
