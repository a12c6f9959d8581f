package org.spinepathways.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.utilities.http.ManagedWebAccess;
import org.hl7.fhir.utilities.npm.NpmPackageIndexBuilder;
import org.hl7.fhir.validation.ValidationEngine;

/**
 * The HL7 validation engine ({@code org.hl7.fhir.validation}, the library behind the official validator_cli.jar) as an
 * independent judge, offline. The engine takes its core definitions from a FHIR package cache; the
 * {@code hl7.fhir.r4.core#4.0.1} package is not reachable here, so it is assembled once from the same R4 definitions
 * HAPI ships ({@code hapi-fhir-validation-resources-r4}) into {@code target/hl7-engine-home/.fhir/packages}. Web access is
 * prohibited, and no terminology server is used.
 */
public final class Hl7ValidationEngine {

  static final Path HOME = Path.of("target/hl7-engine-home");
  static final Path CACHE = HOME.resolve(".fhir/packages");
  private static final List<String> CORE_BUNDLES = List.of("/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
      "/org/hl7/fhir/r4/model/profile/profiles-types.xml", "/org/hl7/fhir/r4/model/profile/profiles-others.xml",
      "/org/hl7/fhir/r4/model/extension/extension-definitions.xml", "/org/hl7/fhir/r4/model/valueset/valuesets.xml",
      "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml", "/org/hl7/fhir/r4/model/valueset/v2-tables.xml");

  private Hl7ValidationEngine() {}

  /**
   * Sets the engine the way {@link ResourceValidator} sets HAPI's validator, so the two judge alike: any extension
   * allowed, the same best-practice level (HAPI leaves it unset, which the core validator treats as ignore), unknown code
   * systems as errors, extensible-binding warnings, REST references and example URLs as ours.
   */
  public static void configureLikeOurs(ValidationEngine engine, FhirContext fhirContext) {
    FhirInstanceValidator ours = ResourceValidator.configure(new FhirInstanceValidator(fhirContext));
    engine.setAnyExtensionsAllowed(ours.isAnyExtensionsAllowed());
    engine.setBestPracticeLevel(ours.getBestPracticeWarningLevel() == null ? BestPracticeWarningLevel.Ignore
        : ours.getBestPracticeWarningLevel());
    engine.setUnknownCodeSystemsCauseErrors(true);
    engine.setNoExtensibleBindingMessages(ours.isNoExtensibleWarnings());
    engine.setAssumeValidRestReferences(ours.isAssumeValidRestReferences());
    engine.setAllowExampleUrls(ours.isAllowExamples());
  }

  /** An engine with R4 core and the given FHIR package (a .tgz) loaded. */
  public static synchronized ValidationEngine withPackage(Path packageTgz) throws Exception {
    ManagedWebAccess.setAccessPolicy(ManagedWebAccess.WebAccessPolicy.PROHIBITED);
    writeCorePackage();
    writeEmptyPackage("hl7.fhir.xver-extensions", "0.1.0");
    // The engine makes its own package cache manager in the user's folder (~/.fhir/packages); point it at ours while
    // the engine is built.
    String home = System.getProperty("user.home");
    System.setProperty("user.home", HOME.toAbsolutePath().toString());
    ValidationEngine engine;
    try {
      engine = new ValidationEngine.ValidationEngineBuilder().withVersion("4.0.1")
          .withCanRunWithoutTerminologyServer(true).withNoTerminologyServer().withUserAgent("spine-pathways-tests")
          .fromSource("hl7.fhir.r4.core#4.0.1");
      engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), packageTgz.toAbsolutePath().toString(),
          false);
    } finally {
      System.setProperty("user.home", home);
    }
    engine.prepare();
    return engine;
  }

  /**
   * A stand-in for a package the engine always loads but R4-only content never uses (the cross-version extensions):
   * an empty package, so that the engine does not try to download it.
   */
  private static void writeEmptyPackage(String name, String version) throws IOException {
    Path folder = CACHE.resolve(name + "#" + version + "/package");
    if (Files.exists(folder.resolve(".index.json"))) {
      return;
    }
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("package.json"), "{\"name\":\"" + name + "\",\"version\":\"" + version
        + "\",\"fhirVersions\":[\"4.0.1\"],\"dependencies\":{}}", StandardCharsets.UTF_8);
    NpmPackageIndexBuilder index = new NpmPackageIndexBuilder();
    index.start(null);
    Files.writeString(folder.resolve(".index.json"), index.build(), StandardCharsets.UTF_8);
  }

  private static synchronized void writeCorePackage() throws IOException {
    Path folder = CACHE.resolve("hl7.fhir.r4.core#4.0.1/package");
    if (Files.exists(folder.resolve(".index.json"))) {
      return;
    }
    Files.createDirectories(folder);
    Files.writeString(CACHE.resolve("packages.ini"), "[cache]\nversion=3\n\n[urls]\n\n[local]\n\n",
        StandardCharsets.UTF_8);
    FhirContext r4 = FhirContext.forR4Cached();
    IParser xml = r4.newXmlParser();
    IParser json = r4.newJsonParser();
    NpmPackageIndexBuilder index = new NpmPackageIndexBuilder();
    index.start(null);
    for (String name : CORE_BUNDLES) {
      try (InputStream in = Hl7ValidationEngine.class.getResourceAsStream(name)) {
        Bundle bundle = (Bundle) xml.parseResource(in);
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
          Resource r = e.getResource();
          if (r == null || !r.hasIdElement()) {
            continue;
          }
          String file = r.fhirType() + "-" + r.getIdElement().getIdPart() + ".json";
          byte[] bytes = json.encodeResourceToString(r).getBytes(StandardCharsets.UTF_8);
          if (!Files.exists(folder.resolve(file))) {
            Files.write(folder.resolve(file), bytes);
            index.seeFile(file, bytes);
          }
        }
      }
    }
    Files.writeString(folder.resolve("package.json"), "{\"name\":\"hl7.fhir.r4.core\",\"version\":\"4.0.1\","
        + "\"type\":\"Core\",\"fhirVersions\":[\"4.0.1\"],\"dependencies\":{},"
        + "\"url\":\"http://hl7.org/fhir/R4\",\"canonical\":\"http://hl7.org/fhir\"}", StandardCharsets.UTF_8);
    Files.writeString(folder.resolve(".index.json"), index.build(), StandardCharsets.UTF_8);
  }
}
