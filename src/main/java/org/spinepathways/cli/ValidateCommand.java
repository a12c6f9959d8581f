package org.spinepathways.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.spinepathways.PathwayModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code validate}: validates FHIR JSON or XML files (or every such file under a folder) against the base
 * definitions, the project's profiles and, for a QuestionnaireResponse, its Questionnaire. One summary line per file,
 * then each error and warning with its location. Exit 0 when no file has errors, 1 when one does, 2 on usage errors.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Validate FHIR resources against the project's profiles (offline).")
final class ValidateCommand implements Callable<Integer> {

  @Option(names = "--profile", description = "Also validate against this profile (canonical url)")
  String profile;

  @Parameters(arity = "1..*", paramLabel = "<file|dir>", description = "Files or folders of .json/.xml resources")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    PathwayModule module = Library.load(null).orElse(null);
    if (module == null) {
      return 1;
    }
    if (profile != null && !module.validator().knowsProfile(profile)) {
      System.err.println("Unknown profile: " + profile);
      return 2;
    }
    int failed = 0;
    int files = 0;
    for (Path file : files(paths)) {
      files++;
      ValidationResult result = module.validator().validate(Files.readString(file, StandardCharsets.UTF_8), profile);
      List<SingleValidationMessage> shown = result.getMessages().stream()
          .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.WARNING.ordinal()).toList();
      long errors = shown.stream().filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
          .count();
      System.out.printf("%s %s: %d error(s), %d warning(s)%n", errors == 0 ? "VALID  " : "INVALID", file, errors,
          shown.size() - errors);
      for (SingleValidationMessage m : shown) {
        System.out.printf("  %s %s (line %s, col %s): %s%n", m.getSeverity().getCode(), m.getLocationString(),
            m.getLocationLine(), m.getLocationCol(), m.getMessage());
      }
      if (errors > 0) {
        failed++;
      }
    }
    System.out.printf("%d file(s), %d with errors%n", files, failed);
    return failed == 0 ? 0 : 1;
  }

  private static List<Path> files(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".xml")).sorted().forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ValidateCommand()),
            "No such file or folder: " + p);
      }
    }
    return out;
  }
}
