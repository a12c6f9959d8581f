package org.spinepathways.provider;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.apply.InputRejectedException.Kind;
import org.spinepathways.letter.PatientLetters;
import org.spinepathways.letter.PatientLetters.Format;

/**
 * {@code POST CarePlan/$patient-letter}: the patient letter of a CarePlan that $apply produced, as an HTML page or a
 * PDF. The body is the CarePlan itself or a Parameters with {@code carePlan} and optionally {@code format}
 * ({@code html} or {@code pdf}); without {@code format} the {@code format} URL parameter, else an {@code Accept} asking
 * for {@code application/pdf}, chooses PDF, and HTML is the default.
 *
 * <p>The letter is sent as it is ({@code text/html; charset=UTF-8} or {@code application/pdf}). A client that asks
 * only for FHIR ({@code Accept: application/fhir+json} or {@code +xml}, or {@code _format}) gets a FHIR {@code Binary}
 * holding it instead. HAPI would always wrap an operation's Binary when the request body is FHIR, so this operation
 * writes its own response; errors are still thrown before anything is written and become OperationOutcomes.
 */
public final class PatientLetterProvider {

  private final PatientLetters letters;
  private final FhirContext fhirContext;

  public PatientLetterProvider(PatientLetters letters, FhirContext fhirContext) {
    this.letters = letters;
    this.fhirContext = fhirContext;
  }

  @Operation(name = "$patient-letter", idempotent = false, type = CarePlan.class, manualResponse = true)
  public void patientLetter(@OperationParam(name = "carePlan", min = 1, max = 1) CarePlan carePlan,
      @OperationParam(name = "format", max = 1) CodeType format, RequestDetails request,
      HttpServletResponse response) throws IOException {
    if (carePlan == null) {
      throw new InputRejectedException(Kind.INVALID, "Send the CarePlan returned by PlanDefinition/$apply as the body, "
          + "or a Parameters with the CarePlan in 'carePlan'", "carePlan");
    }
    Format chosen = formatOf(format, request);
    byte[] letter = letters.render(carePlan, chosen);
    EncodingEnum fhirOnly = fhirEncodingAskedFor(request, chosen);
    response.setStatus(200);
    if (fhirOnly != null) {
      Binary binary = new Binary().setContentType(chosen.mimeType()).setData(letter);
      response.setContentType(fhirOnly.getResourceContentTypeNonLegacy() + ";charset=UTF-8");
      response.getWriter().write(fhirOnly.newParser(fhirContext).encodeResourceToString(binary));
      return;
    }
    response.setContentType(chosen == Format.HTML ? "text/html;charset=UTF-8" : chosen.mimeType());
    response.setHeader("Content-Disposition", "inline; filename=\"patient-letter."
        + chosen.name().toLowerCase(Locale.ROOT) + "\"");
    response.setContentLength(letter.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(letter);
    }
  }

  private static Format formatOf(CodeType format, RequestDetails request) {
    String asked = format != null && format.hasValue() ? format.getValue() : firstParameter(request, "format");
    if (asked != null) {
      return switch (asked.toLowerCase(Locale.ROOT)) {
        case "html", "text/html" -> Format.HTML;
        case "pdf", "application/pdf" -> Format.PDF;
        default -> throw new InputRejectedException(Kind.INVALID, "Unknown letter format: use 'html' or 'pdf'",
            "format");
      };
    }
    return accept(request).contains("application/pdf") ? Format.PDF : Format.HTML;
  }

  /**
   * The FHIR encoding the client asked for when it asked for FHIR and not for the letter itself: {@code _format}, or
   * an Accept naming a FHIR type and neither the letter's type nor a wildcard. Null: send the letter as it is.
   */
  private static EncodingEnum fhirEncodingAskedFor(RequestDetails request, Format format) {
    String formatParam = firstParameter(request, "_format");
    if (formatParam != null) {
      return EncodingEnum.forContentType(formatParam);
    }
    String accept = accept(request);
    if (accept.isEmpty() || accept.contains(format.mimeType()) || accept.contains("*/*")) {
      return null;
    }
    for (String type : accept.split(",")) {
      EncodingEnum encoding = EncodingEnum.forContentType(type.split(";")[0].trim());
      if (encoding != null) {
        return encoding;
      }
    }
    return null;
  }

  private static String accept(RequestDetails request) {
    String accept = request.getHeader("Accept");
    return accept == null ? "" : accept.toLowerCase(Locale.ROOT);
  }

  private static String firstParameter(RequestDetails request, String name) {
    String[] values = request.getParameters().get(name);
    return values == null || values.length == 0 ? null : values[0];
  }
}
