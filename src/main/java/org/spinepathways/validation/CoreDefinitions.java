package org.spinepathways.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.spinepathways.validation.build.CoreDefinitionsBuilder;

/**
 * The FHIR R4 core definitions (StructureDefinitions, ValueSets, CodeSystems), read from the trimmed copy the build
 * prepares ({@link CoreDefinitionsBuilder}) instead of HAPI's XML bundles, each parsed (by HAPI's JSON parser) the
 * first time it is asked for and kept. It serves what HAPI's {@link DefaultProfileValidationSupport} serves, under
 * the same URLs and with the same package marks, so validation and FHIRPath see the same definitions; only those a
 * request actually uses are ever in memory.
 *
 * <p>"Fetch all StructureDefinitions" lists the base resources and data types only: HAPI's validator converts every
 * definition listed there to its R5 model and keeps the copies, and FHIRPath reads only base types from it. A core
 * profile or extension is still found by its URL, so one a resource uses is validated as before.
 */
public final class CoreDefinitions implements IValidationSupport {

  private static final String PREFIX = CoreDefinitionsBuilder.FOLDER + "/";
  private static final String SD_BASE = "http://hl7.org/fhir/";
  private static final String PACKAGE = "hl7.fhir.r4.core";

  private record Entry(String type, String url, String file, boolean base) {}

  private final FhirContext fhirContext;
  private final Map<String, Entry> structures = new HashMap<>();
  private final Map<String, Entry> valueSets = new HashMap<>();
  private final Map<String, Entry> codeSystems = new HashMap<>();
  private final List<Entry> baseStructures = new ArrayList<>();
  private final Map<String, IBaseResource> parsed = new ConcurrentHashMap<>();

  /** Reads the index of the packaged definitions; each definition is parsed on first use. */
  public CoreDefinitions(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
    try (InputStream in = open(CoreDefinitionsBuilder.INDEX);
        BufferedReader index = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = index.readLine(); line != null; line = index.readLine()) {
        String[] f = line.split("\t", -1);
        Entry e = new Entry(f[0], f[1], f[2], "1".equals(f[3]));
        switch (e.type()) {
          case "StructureDefinition" -> {
            structures.put(e.url(), e);
            if (e.base()) {
              baseStructures.add(e);
            }
          }
          case "ValueSet" -> valueSets.put(e.url(), e);
          case "CodeSystem" -> codeSystems.put(e.url(), e);
          default -> throw new IllegalStateException("unexpected type in the core definitions index: " + e.type());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The FHIR core definitions cannot be read", e);
    }
  }

  /**
   * Makes the packaged definitions the context's own validation support (what FHIRPath and HAPI read when no other
   * support is given), so HAPI's XML bundles are never parsed. Call before anything else uses the context.
   */
  public static CoreDefinitions install(FhirContext fhirContext) {
    CoreDefinitions core = new CoreDefinitions(fhirContext);
    synchronized (fhirContext) {
      fhirContext.setValidationSupport(core);
    }
    return core;
  }

  /** The context's packaged definitions, installing them first if the context still has HAPI's default support. */
  public static CoreDefinitions of(FhirContext fhirContext) {
    synchronized (fhirContext) {
      return fhirContext.getValidationSupport() instanceof CoreDefinitions core ? core : install(fhirContext);
    }
  }

  @Override
  public FhirContext getFhirContext() {
    return fhirContext;
  }

  @Override
  public String getName() {
    return "FHIR R4 core definitions (trimmed at build time)";
  }

  @Override
  public IBaseResource fetchStructureDefinition(String theUrl) {
    // As HAPI's default support: a bare type name or "Type/id" is read as a core URL.
    String url = theUrl;
    if (!url.startsWith(URL_PREFIX_STRUCTURE_DEFINITION)) {
      if (url.indexOf('/') == -1) {
        url = URL_PREFIX_STRUCTURE_DEFINITION + url;
      } else if (url.chars().filter(c -> c == '/').count() == 1) {
        url = SD_BASE + url;
      }
    }
    IBaseResource found = load(structures.get(url));
    if (found == null && url.startsWith(URL_PREFIX_STRUCTURE_DEFINITION)
        && url.length() > URL_PREFIX_STRUCTURE_DEFINITION.length()) {
      // As HAPI's default support: "value.as(String)" in a few core SearchParameters means the primitive "string".
      String end = url.substring(URL_PREFIX_STRUCTURE_DEFINITION.length());
      if (Character.isUpperCase(end.charAt(0))) {
        IBaseResource primitive = load(structures.get(URL_PREFIX_STRUCTURE_DEFINITION
            + Character.toLowerCase(end.charAt(0)) + end.substring(1)));
        if (primitive instanceof StructureDefinition sd) {
          StructureDefinition copy = sd.copy();
          copy.setType(end);
          return copy;
        }
      }
    }
    return found;
  }

  @Override
  public IBaseResource fetchValueSet(String theUrl) {
    return load(valueSets.get(withoutVersion(theUrl)));
  }

  @Override
  public IBaseResource fetchCodeSystem(String theSystem) {
    return load(codeSystems.get(withoutVersion(theSystem)));
  }

  /** The base resources and data types (see the class comment). */
  @SuppressWarnings("unchecked")
  @Override
  public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
    List<T> all = new ArrayList<>(baseStructures.size());
    for (Entry e : baseStructures) {
      all.add((T) load(e));
    }
    return Collections.unmodifiableList(all);
  }

  /** Every definition, parsing all of them: nothing in the server calls this. */
  @Override
  public List<IBaseResource> fetchAllConformanceResources() {
    List<IBaseResource> all = new ArrayList<>();
    for (Map<String, Entry> kind : List.of(codeSystems, structures, valueSets)) {
      kind.values().forEach(e -> all.add(load(e)));
    }
    return all;
  }

  /** How many definitions have been parsed so far (for tests and measurements). */
  public int parsedCount() {
    return parsed.size();
  }

  private IBaseResource load(Entry entry) {
    if (entry == null) {
      return null;
    }
    return parsed.computeIfAbsent(entry.file(), file -> {
      try (InputStream in = open(file)) {
        IBaseResource resource = fhirContext.newJsonParser().parseResource(in);
        shareStrings(resource);
        // The marks HAPI's default support puts on core definitions; the validator reads them.
        resource.setUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID, PACKAGE);
        if (resource instanceof StructureDefinition) {
          resource.setUserData("package", "hl7.fhir.r4");
        }
        return resource;
      } catch (IOException e) {
        throw new UncheckedIOException("The FHIR core definition " + file + " cannot be read", e);
      }
    });
  }

  /**
   * Makes equal text values of a definition one string: the same constraint texts, type codes and URLs recur on
   * thousands of elements, and the validator's R5 copies share the strings of the R4 values they are made from.
   */
  private void shareStrings(IBaseResource resource) {
    for (IPrimitiveType<?> value : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource,
        IPrimitiveType.class)) {
      if (value.getValue() instanceof String text) {
        value.setValueAsString(text.intern());
      }
    }
  }

  private static InputStream open(String file) throws IOException {
    InputStream in = CoreDefinitions.class.getClassLoader().getResourceAsStream(PREFIX + file);
    if (in == null) {
      throw new IOException(PREFIX + file + " is missing from the class path (built by CoreDefinitionsBuilder)");
    }
    return in;
  }

  private static String withoutVersion(String url) {
    if (url == null) {
      return null;
    }
    int bar = url.indexOf('|');
    return bar > 0 ? url.substring(0, bar) : url;
  }
}
