package org.spinepathways.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Questionnaire;
import org.spinepathways.forms.FormAssembler;
import org.spinepathways.forms.FormAssemblyException;
import org.spinepathways.forms.FormFiles;
import org.spinepathways.forms.FormSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code assemble-forms}: reads every root and module under {@code --forms} and writes one assembled
 * {@code Questionnaire-<root id>.json} per root into {@code --out}. Exit 0 when every root assembled, 1 with the list
 * of problems (nothing is written then), 2 on usage errors.
 */
@Command(name = "assemble-forms", mixinStandardHelpOptions = true,
    description = "Assemble SDC modular Questionnaires (roots + modules) into one Questionnaire per root (build time).")
final class AssembleFormsCommand implements Callable<Integer> {

  @Option(names = "--forms", required = true, paramLabel = "<dir>", description = "Folder of root and module JSON")
  Path forms;

  @Option(names = "--out", required = true, paramLabel = "<dir>", description = "Folder to write assembled forms to")
  Path out;

  @Override
  public Integer call() throws IOException {
    FhirContext fhirContext = FhirContext.forR4();
    Map<FormSource, Questionnaire> assembled;
    try {
      assembled = FormAssembler.fromFolder(fhirContext, forms).assembleAll();
    } catch (FormAssemblyException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    if (assembled.isEmpty()) {
      System.err.println("No root form (assemble-expectation assemble-root) under " + forms);
      return 1;
    }
    for (Map.Entry<FormSource, Questionnaire> entry : assembled.entrySet()) {
      Path file = FormFiles.write(fhirContext, out, entry.getValue());
      System.out.printf("%s -> %s%n", entry.getKey().file(), file);
    }
    return 0;
  }
}
