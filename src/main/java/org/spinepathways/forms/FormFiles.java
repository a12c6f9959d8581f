package org.spinepathways.forms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;
import org.spinepathways.content.ContentProblem;

/** Reading authored forms from a folder, and the one text form an assembled Questionnaire is written in. */
public final class FormFiles {

  private FormFiles() {}

  /** Every {@code *.json} under the folder, parsed strictly (an unknown element is a problem, not dropped). */
  static List<FormSource> read(FhirContext fhirContext, Path folder, Collection<ContentProblem> problems) {
    if (!Files.isDirectory(folder)) {
      problems.add(new ContentProblem(folder.toString(), "", "is not a folder"));
      return List.of();
    }
    IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    List<FormSource> sources = new ArrayList<>();
    for (Path file : jsonFiles(folder, problems)) {
      String name = folder.relativize(file).toString();
      try {
        IBaseResource resource = parser.parseResource(Files.readString(file, StandardCharsets.UTF_8));
        if (resource instanceof Questionnaire questionnaire) {
          sources.add(new FormSource(name, questionnaire));
        } else {
          problems.add(new ContentProblem(name, "", "is a " + resource.fhirType() + "; forms are Questionnaires"));
        }
      } catch (IOException | RuntimeException e) {
        problems.add(new ContentProblem(name, "", "is not a readable FHIR JSON resource: " + e.getMessage()));
      }
    }
    return sources;
  }

  /** Pretty-printed JSON in HAPI's element order, ending with a newline: what is committed. */
  public static String encode(FhirContext fhirContext, Questionnaire form) {
    return fhirContext.newJsonParser().setPrettyPrint(true).encodeResourceToString(form) + "\n";
  }

  /** {@code Questionnaire-<id>.json}. */
  public static String fileName(Questionnaire form) {
    return "Questionnaire-" + form.getIdElement().getIdPart() + ".json";
  }

  /** Writes the form as {@link #fileName} under the folder (created when missing); returns the file. */
  public static Path write(FhirContext fhirContext, Path folder, Questionnaire form) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(fileName(form));
    Files.writeString(file, encode(fhirContext, form), StandardCharsets.UTF_8);
    return file;
  }

  private static List<Path> jsonFiles(Path folder, Collection<ContentProblem> problems) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      problems.add(new ContentProblem(folder.toString(), "", "cannot be listed: " + e.getMessage()));
      return List.of();
    }
  }
}
