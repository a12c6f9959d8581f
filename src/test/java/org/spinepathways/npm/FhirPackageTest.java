package org.spinepathways.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FHIR NPM package as FHIR tooling reads it: the core library's NpmPackage and HAPI's NpmPackageValidationSupport. */
class FhirPackageTest {

  /** Written where the test class path sees it, so HAPI can load it "from the classpath". */
  static final Path TGZ = Path.of("target/test-classes/fhir-package-test/package.tgz");
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void build() throws Exception {
    new FhirPackageBuilder(Path.of(".")).write(TGZ);
  }

  @Test
  void theCoreLibraryReadsTheManifestIndexAndEveryFile() throws Exception {
    NpmPackage npm;
    try (InputStream in = Files.newInputStream(TGZ)) {
      npm = NpmPackage.fromPackage(in);
    }
    assertEquals(FhirPackageBuilder.PACKAGE_NAME, npm.name());
    assertEquals("4.0.1", npm.fhirVersion());
    assertEquals("4.0.1", npm.getNpm().getJsonObject("dependencies").asString("hl7.fhir.r4.core"));
    List<String> expected = sourceFiles();
    List<String> packaged = npm.listResources("StructureDefinition", "ValueSet", "CodeSystem", "PlanDefinition",
        "ActivityDefinition", "Questionnaire", "Consent", "OperationDefinition", "Library");
    assertEquals(expected.size(), packaged.size(), "every artifact, profile and terminology file is in package/");
    assertTrue(packaged.stream().noneMatch(f -> f.endsWith("template.json")), "no name a standard loader skips");
    assertTrue(packaged.contains("OperationDefinition-PlanDefinition-apply.json"));
    assertFalse(npm.getFolders().get("example").listFiles().isEmpty(), "examples under package/example");
  }

  @Test
  void hapiLoadsEveryProfileValueSetAndCodeSystem() throws Exception {
    FhirContext ctx = FhirContext.forR4Cached();
    NpmPackageValidationSupport support = new NpmPackageValidationSupport(ctx);
    support.loadPackageFromClasspath("classpath:fhir-package-test/package.tgz");
    int checked = 0;
    for (Path f : files(Path.of("profiles"))) {
      JsonNode node = JSON.readTree(f.toFile());
      String url = node.path("url").asText();
      switch (node.path("resourceType").asText()) {
        case "StructureDefinition" -> assertNotNull(support.fetchStructureDefinition(url), url);
        case "ValueSet" -> assertNotNull(support.fetchValueSet(url), url);
        case "CodeSystem" -> assertNotNull(support.fetchCodeSystem(url), url);
        default -> { continue; }
      }
      checked++;
    }
    assertTrue(checked >= 20, "checked " + checked);
    assertNotNull(new DefaultProfileValidationSupport(ctx).fetchStructureDefinition(
        "http://hl7.org/fhir/StructureDefinition/CarePlan"));
  }

  static List<String> sourceFiles() throws Exception {
    List<String> names = new ArrayList<>();
    for (String dir : List.of("profiles", "src/main/resources/content", "src/main/resources/conformance")) {
      files(Path.of(dir)).forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
