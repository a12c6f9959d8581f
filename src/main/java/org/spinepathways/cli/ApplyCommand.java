package org.spinepathways.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.spinepathways.PathwayModule;
import org.spinepathways.apply.ApplyRequest;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.apply.Outcomes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code apply}: runs $apply on files and prints the CarePlan (exit 0) or the OperationOutcome (exit 1). */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Apply a PlanDefinition to a patient's screening response and print the CarePlan.")
final class ApplyCommand implements Callable<Integer> {

  @Option(names = "--plan", required = true, description = "PlanDefinition id, or canonical url[|version]")
  String plan;

  @Option(names = "--subject", required = true, description = "Patient/<id>")
  String subject;

  @Option(names = "--response", description = "Screening QuestionnaireResponse (JSON)")
  Path response;

  @Option(names = "--data", description = "Bundle of other patient data (JSON)")
  Path data;

  @Option(names = "--out", description = "Write the CarePlan here instead of standard output")
  Path out;

  @Option(names = "--content", description = "Directory of knowledge content to use instead of the packaged one")
  Path content;

  @Override
  public Integer call() throws IOException {
    PathwayModule module = Library.load(content).orElse(null);
    if (module == null) {
      return 1;
    }
    IParser parser = module.fhirContext().newJsonParser().setPrettyPrint(true);
    try {
      QuestionnaireResponse qr = response == null ? null : parser.parseResource(QuestionnaireResponse.class,
          Files.readString(response, StandardCharsets.UTF_8));
      Bundle bundle = data == null ? null : parser.parseResource(Bundle.class,
          Files.readString(data, StandardCharsets.UTF_8));
      ApplyRequest.PlanSelector selector = plan.contains("/") ? ApplyRequest.PlanSelector.byCanonical(plan, null)
          : ApplyRequest.PlanSelector.byId(plan);
      CarePlan carePlan = module.processor().apply(new ApplyRequest(selector, subject, null, null, null,
          ApplyRequest.UserContext.NONE, bundle, qr));
      write(parser.encodeResourceToString(carePlan));
      return 0;
    } catch (InputRejectedException e) {
      System.out.println(parser.encodeResourceToString(Outcomes.of(e)));
      return 1;
    } catch (DataFormatException e) {
      OperationOutcome oo = Outcomes.error(OperationOutcome.IssueType.STRUCTURE,
          "Input is not valid FHIR JSON: " + e.getMessage(), null);
      System.out.println(parser.encodeResourceToString(oo));
      return 1;
    }
  }

  private void write(String text) throws IOException {
    if (out == null) {
      System.out.println(text);
    } else {
      Files.writeString(out, text, StandardCharsets.UTF_8);
    }
  }
}
