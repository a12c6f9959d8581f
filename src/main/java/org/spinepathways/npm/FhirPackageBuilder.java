package org.spinepathways.npm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.utilities.npm.NpmPackageIndexBuilder;

/**
 * Builds the project's FHIR NPM package ({@code package.tgz} layout): {@code package/package.json} (name, version,
 * {@code fhirVersions}, dependencies), every knowledge artifact, profile, extension, ValueSet, CodeSystem and the
 * {@code $apply} OperationDefinition in {@code package/}, the examples in {@code package/example/}, and an
 * {@code .index.json} in each folder made by the FHIR core library's index builder. File names start with the
 * resource type; none ends in {@code template.json}, which standard loaders skip (the build fails if one would). Run by {@code mvn package}
 * (see pom.xml).
 */
public final class FhirPackageBuilder {

  public static final String PACKAGE_NAME = "spinal-injection-pathways.r4";
  static final String CANONICAL = "http://spinal-injection-pathways.org/fhir";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path project;

  public FhirPackageBuilder(Path project) {
    this.project = project;
  }

  /** {@code FhirPackageBuilder <project dir> <output .tgz>...}: the same package written to each output. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: FhirPackageBuilder <project dir> <output .tgz>...");
      System.exit(2);
    }
    FhirPackageBuilder builder = new FhirPackageBuilder(Path.of(args[0]));
    for (int i = 1; i < args.length; i++) {
      Path out = Path.of(args[i]);
      int count = builder.write(out);
      System.out.println("FHIR package " + out + ": " + count + " resources");
    }
  }

  /** Writes the package; returns the number of resources in it. */
  public int write(Path tgz) throws IOException {
    Map<String, byte[]> artifacts = new TreeMap<>();
    collect(project.resolve("profiles"), artifacts, false);
    collect(project.resolve("src/main/resources/content"), artifacts, false);
    collect(project.resolve("src/main/resources/conformance"), artifacts, false);
    Map<String, byte[]> examples = new TreeMap<>();
    collect(project.resolve("examples"), examples, true);
    collect(project.resolve("examples/validate"), examples, true);

    Files.createDirectories(tgz.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(tgz);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      add(tar, "package/package.json", packageJson(versionOf(artifacts)));
      addFolder(tar, "package/", artifacts);
      addFolder(tar, "package/example/", examples);
    }
    return artifacts.size() + examples.size();
  }

  private static void addFolder(TarArchiveOutputStream tar, String folder, Map<String, byte[]> files)
      throws IOException {
    NpmPackageIndexBuilder index = new NpmPackageIndexBuilder();
    index.start(null);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      index.seeFile(f.getKey(), f.getValue());
      add(tar, folder + f.getKey(), f.getValue());
    }
    add(tar, folder + ".index.json", index.build().getBytes(StandardCharsets.UTF_8));
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /**
   * Every FHIR JSON resource directly in {@code dir}, under its file name ({@code <Type>-<id>.json}; prefixed with its
   * type where the file name lacks it). Examples keep only valid ones
   * (files under {@code validate/} named {@code invalid-*} are negative tests, not examples).
   */
  private static void collect(Path dir, Map<String, byte[]> into, boolean examples) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
    }
    for (Path f : files) {
      if (examples && f.getFileName().toString().startsWith("invalid-")) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(f);
      JsonNode node = JSON.readTree(bytes);
      String type = node.path("resourceType").asText(null);
      if (type == null || (examples && node.has("url"))) {
        continue; // an example copy of a canonical artifact would compete with the artifact itself
      }
      String file = f.getFileName().toString();
      String name = file.startsWith(type + "-") ? file : type + "-" + file;
      if (name.endsWith("template.json")) {
        throw new IOException(f + " would be packaged as " + name + ", a name standard FHIR loaders skip");
      }
      if (into.put(name, bytes) != null) {
        throw new IOException("two resources would be packaged as " + name);
      }
    }
  }

  /** The release's version: every canonical artifact carries the same one (the most common, if they differ). */
  private static String versionOf(Map<String, byte[]> artifacts) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (byte[] bytes : artifacts.values()) {
      JsonNode v = JSON.readTree(bytes).path("version");
      if (v.isTextual()) {
        counts.merge(v.asText(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("0.0.0");
  }

  private static byte[] packageJson(String version) throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("name", PACKAGE_NAME);
    p.put("version", version);
    p.put("title", "Spinal injection pathways");
    p.put("description", "Spinal pain-injection procedure pathways as FHIR R4 knowledge artifacts: PlanDefinitions, "
        + "ActivityDefinitions, the screening Questionnaire, Consent templates, profiles, extensions, ValueSets, "
        + "CodeSystems and the $apply OperationDefinition. Draft content, not clinically signed off.");
    p.put("canonical", CANONICAL);
    p.put("url", CANONICAL);
    p.put("type", "fhir.ig");
    p.put("license", "CC0-1.0");
    p.put("author", "Spinal Injection Pathways project");
    p.putArray("fhirVersions").add("4.0.1");
    p.putObject("dependencies").put("hl7.fhir.r4.core", "4.0.1");
    return JSON.writeValueAsBytes(p);
  }
}
