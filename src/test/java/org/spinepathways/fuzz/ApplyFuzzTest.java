package org.spinepathways.fuzz;

import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.spinepathways.PathwayModule;
import org.spinepathways.TestModule;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.provider.PlanDefinitionApplyProvider;

/**
 * Coverage-guided fuzzing (Jazzer) of what a POST to {@code PlanDefinition/$apply} goes through after the edge:
 * the strict JSON parser, then the operation with the parameters it found. Every input must end in a CarePlan or in
 * one of the rejections the server maps to a 4xx (a parser error, a rejected input); anything else is a finding.
 *
 * <p>{@code mvn verify} runs the seeds in this class's resource folder (regression mode). To fuzz:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ApplyFuzzTest} (CI does this for a bounded time; see {@code .ci/run}).
 */
class ApplyFuzzTest {

  private static final PathwayModule MODULE = TestModule.get();
  private static final PlanDefinitionApplyProvider PROVIDER = new PlanDefinitionApplyProvider(MODULE.processor(),
      MODULE.fhirContext());

  @FuzzTest(maxDuration = "45s")
  void applyAnswersOrRejectsCleanly(byte[] body) {
    IParser parser = MODULE.fhirContext().newJsonParser();
    Parameters parameters;
    try {
      parameters = parser.parseResource(Parameters.class, new String(body, StandardCharsets.UTF_8));
    } catch (DataFormatException | IllegalArgumentException e) {
      return; // a 400
    } catch (RuntimeException e) {
      if (thrownByParser(e)) {
        return; // HAPI's parser failing on malformed input: the server maps it to a 400
      }
      throw e;
    }
    try {
      PROVIDER.applyInstance(new IdType("PlanDefinition", "sip-drg-block"), string(parameters, "subject"),
          string(parameters, "encounter"), string(parameters, "practitioner"), string(parameters, "organization"),
          concept(parameters, "userType"), null, null, null, null,
          parameters.getParameter("data") != null && parameters.getParameter("data").getResource() instanceof Bundle b
              ? b : null,
          parameters.getParameter("questionnaireResponse") != null
              && parameters.getParameter("questionnaireResponse").getResource() instanceof QuestionnaireResponse qr
              ? qr : null,
          parameters.getParameter("output") != null
              && parameters.getParameter("output").getValue() instanceof org.hl7.fhir.r4.model.CodeType c ? c : null);
    } catch (InputRejectedException e) {
      // a 400, 404 or 422
    }
  }

  private static StringType string(Parameters p, String name) {
    return p.getParameter(name) != null && p.getParameter(name).getValue() instanceof StringType s ? s : null;
  }

  private static CodeableConcept concept(Parameters p, String name) {
    return p.getParameter(name) != null && p.getParameter(name).getValue() instanceof CodeableConcept c ? c : null;
  }

  private static boolean thrownByParser(Throwable e) {
    StackTraceElement[] frames = e.getStackTrace();
    for (int i = 0; i < Math.min(12, frames.length); i++) {
      if (frames[i].getClassName().startsWith("ca.uhn.fhir.parser.")) {
        return true;
      }
    }
    return false;
  }
}
