package org.spinepathways.content;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a knowledge library (one FHIR JSON resource per file), parses every FHIRPath expression once, lints the
 * result and builds the {@link KnowledgeStore}. Every problem is collected and reported together.
 */
public final class KnowledgeLoader {

  /** Resource types a knowledge library may hold. */
  public static final Set<String> KNOWLEDGE_TYPES = Set.of("PlanDefinition", "ActivityDefinition", "Questionnaire",
      "Consent", "ValueSet", "CodeSystem", "StructureDefinition", "Library");

  static final String FHIRPATH = "text/fhirpath";

  private static final Logger log = LoggerFactory.getLogger(KnowledgeLoader.class);

  private final FhirContext fhirContext;
  private final FhirPathCompiler compiler;
  /** The largest content file read from a directory ({@code --content}). */
  static final long MAX_FILE_BYTES = 5L * 1024 * 1024;

  public KnowledgeLoader(FhirContext fhirContext, FhirPathCompiler compiler) {
    this.fhirContext = fhirContext;
    this.compiler = compiler;
  }

  /** Loads the library packaged with the module: the profiles and the content on the class path. */
  public KnowledgeStore loadPackaged() {
    return load(List.of(classpathRoot("profiles"), classpathRoot("content")));
  }

  /** Loads the packaged profiles plus the content found under the given directory. */
  public KnowledgeStore loadWithContent(Path contentDir) {
    if (!Files.isDirectory(contentDir)) {
      throw new ContentException(List.of(new ContentProblem(contentDir.toString(), "", "is not a directory")));
    }
    return load(List.of(classpathRoot("profiles"), contentDir));
  }

  /** Loads every {@code *.json} file under the given roots. */
  public KnowledgeStore load(List<Path> roots) {
    List<ContentProblem> problems = new ArrayList<>();
    KnowledgeStore.Builder builder = new KnowledgeStore.Builder();
    IParser parser = fhirContext.newJsonParser();
    int count = 0;
    for (Path root : roots) {
      for (Path file : jsonFiles(root, problems)) {
        String name = root.relativize(file).toString();
        Resource resource = read(parser, file, name, problems);
        if (resource != null) {
          register(builder, resource, name, problems);
          count++;
        }
      }
    }
    closeArchives(roots);
    KnowledgeStore store = builder.build();
    problems.addAll(new ContentLinter(store).lint());
    if (!problems.isEmpty()) {
      throw new ContentException(problems);
    }
    log.info("Loaded {} knowledge resources", count);
    return store;
  }

  private Resource read(IParser parser, Path file, String name, List<ContentProblem> problems) {
    try {
      String json = Files.readString(file, StandardCharsets.UTF_8);
      return (Resource) parser.parseResource(json);
    } catch (IOException e) {
      problems.add(new ContentProblem(name, "", "cannot be read: " + e.getMessage()));
    } catch (RuntimeException e) {
      problems.add(new ContentProblem(name, "", "is not a valid FHIR JSON resource: " + e.getMessage()));
    }
    return null;
  }

  private void register(KnowledgeStore.Builder builder, Resource resource, String name,
      List<ContentProblem> problems) {
    String type = resource.fhirType();
    if (!KNOWLEDGE_TYPES.contains(type)) {
      problems.add(new ContentProblem(name, type, "resource type " + type + " does not belong in a knowledge library"));
      return;
    }
    if (resource instanceof Library library && library.hasContent()) {
      problems.add(new ContentProblem(name, "Library.content", "Library content (CQL, ELM) is not supported: this "
          + "module evaluates text/fhirpath expressions, declared as named expressions (sip-variable) on the Library"));
      return;
    }
    if (!resource.hasIdElement() || resource.getIdPart() == null) {
      problems.add(new ContentProblem(name, type + ".id", "every knowledge resource needs an id"));
      return;
    }
    if (builder.containsId(type, resource.getIdPart())) {
      problems.add(new ContentProblem(name, type + ".id", "duplicate id " + type + "/" + resource.getIdPart()));
      return;
    }
    builder.add(resource, name).ifPresent(existing -> problems.add(new ContentProblem(name, type + ".url",
        "duplicate canonical " + Canonicals.of(existing.getUrl(), existing.getVersion()))));
    ElementWalker.forEach(resource, Expression.class, (path, expression) -> compile(builder, expression, name,
        path, problems));
  }

  private void compile(KnowledgeStore.Builder builder, Expression expression, String file, String path,
      List<ContentProblem> problems) {
    if (!FHIRPATH.equals(expression.getLanguage())) {
      problems.add(new ContentProblem(file, path + ".language", "language '" + expression.getLanguage()
          + "' is not supported: this module evaluates text/fhirpath expressions only (no CQL)"));
      return;
    }
    if (!expression.hasExpression()) {
      problems.add(new ContentProblem(file, path + ".expression", "expression is empty"));
      return;
    }
    try {
      builder.compiled(expression, compiler.parse(expression.getExpression()));
    } catch (IllegalArgumentException e) {
      problems.add(new ContentProblem(file, path + ".expression", "does not parse as FHIRPath: " + e.getMessage()));
    }
  }

  /**
   * The {@code *.json} files under a root. In a directory on disk ({@code --content}), a symbolic link or a file
   * whose real path leaves the directory is refused, as is a file over {@link #MAX_FILE_BYTES}.
   */
  private static List<Path> jsonFiles(Path root, List<ContentProblem> problems) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> json = files.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".json"))
          .sorted().toList();
      if (root.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
        return json;
      }
      Path realRoot = root.toRealPath();
      List<Path> accepted = new ArrayList<>();
      for (Path file : json) {
        String name = root.relativize(file).toString();
        if (Files.isSymbolicLink(file) || !file.toRealPath().startsWith(realRoot)) {
          problems.add(new ContentProblem(name, "", "is a link or leads outside the content directory: refused"));
        } else if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          problems.add(new ContentProblem(name, "", "is not a regular file"));
        } else if (Files.size(file) > MAX_FILE_BYTES) {
          problems.add(new ContentProblem(name, "", "is larger than " + MAX_FILE_BYTES / (1024 * 1024)
              + " MiB: refused"));
        } else {
          accepted.add(file);
        }
      }
      return accepted;
    } catch (IOException e) {
      problems.add(new ContentProblem(root.toString(), "", "cannot be listed: " + e.getMessage()));
      return List.of();
    }
  }

  /** The packaged library is read from the module's jar; its index is sizeable and not needed once loaded. */
  private static void closeArchives(List<Path> roots) {
    for (Path root : roots) {
      if (root.getFileSystem() != FileSystems.getDefault()) {
        try {
          root.getFileSystem().close();
        } catch (IOException | UnsupportedOperationException e) {
          log.debug("Could not close {}: {}", root, e.getMessage());
        }
      }
    }
  }

  private static Path classpathRoot(String folder) {
    URL url = KnowledgeLoader.class.getResource("/" + folder);
    if (url == null) {
      throw new ContentException(List.of(new ContentProblem(folder, "", "is missing from the class path")));
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return fs.getPath("/" + folder);
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException e) {
      throw new ContentException(List.of(new ContentProblem(folder, "", "cannot be opened: " + e.getMessage())));
    }
  }
}
