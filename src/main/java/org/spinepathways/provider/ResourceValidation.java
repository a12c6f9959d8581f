package org.spinepathways.provider;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.ValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.spinepathways.validation.ResourceValidator;

/**
 * {@code $validate} for one resource type (R4: {@code resource}, {@code mode}, {@code profile}). Invalid content is a
 * result: 200 with the OperationOutcome, each issue with its FHIRPath location and line and column. An unknown
 * profile, a body of the wrong type or a missing resource is an error (400, or 404 for an unknown instance).
 */
final class ResourceValidation {

  private final FhirContext fhirContext;
  private final ResourceValidator validator;
  private final String resourceType;

  ResourceValidation(FhirContext fhirContext, ResourceValidator validator, String resourceType) {
    this.fhirContext = fhirContext;
    this.validator = validator;
    this.resourceType = resourceType;
  }

  /**
   * @param body the request body as sent: the resource itself, or a Parameters with a {@code resource} part
   * @param stored for instance-level calls without a body, the stored resource; otherwise null
   */
  MethodOutcome validate(String body, EncodingEnum encoding, ValidationModeEnum mode, String profile,
      IBaseResource stored) {
    String text = body;
    String requestedProfile = profile;
    // A Parameters body is read from its text, not through the model: nothing in the resource is dropped or refused.
    RawParameters parameters = text != null && !text.isBlank() && RawParameters.isParameters(text)
        ? RawParameters.read(text) : null;
    boolean wrapper = parameters != null && (!resourceType.equals("Parameters") || parameters.resource() != null);
    if (wrapper) {
      requestedProfile = parameters.profile();
      text = parameters.resource();
    }
    if ((text == null || text.isBlank()) && stored != null) {
      text = parserFor(encoding).encodeResourceToString(stored);
    }
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException("$validate needs a resource: the body, or a Parameters 'resource' part");
    }
    if (mode == ValidationModeEnum.DELETE || (wrapper && "delete".equals(parameters.mode()))) {
      throw new InvalidRequestException("mode 'delete' is not supported: this server's library is read-only");
    }
    if (requestedProfile != null && !validator.knowsProfile(requestedProfile)) {
      throw new InvalidRequestException("Unknown profile: " + requestedProfile
          + " (neither a project profile nor a FHIR R4 core definition)");
    }
    String declaredType = declaredType(text);
    if (declaredType != null && !declaredType.equals(resourceType)) {
      throw new InvalidRequestException("This is " + resourceType + "/$validate but the resource is a "
          + declaredType);
    }
    ValidationResult result = validator.validate(text, requestedProfile);
    OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
    if (!outcome.hasIssue()) {
      outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
          .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("No issues found");
    }
    MethodOutcome out = new MethodOutcome();
    out.setOperationOutcome(outcome);
    return out;
  }

  static ResourceNotFoundException unknownInstance(String type, String id) {
    return new ResourceNotFoundException("No " + type + " with id '" + id + "'");
  }

  private ca.uhn.fhir.parser.IParser parserFor(EncodingEnum encoding) {
    return encoding == EncodingEnum.XML ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
  }

  /** The resource type named at the top of the text, without parsing it. */
  private static String declaredType(String text) {
    String t = text.trim();
    if (t.startsWith("<")) {
      int start = t.indexOf('<', t.startsWith("<?") ? t.indexOf("?>") + 2 : 0) + 1;
      int end = start;
      while (end < t.length() && Character.isLetter(t.charAt(end))) {
        end++;
      }
      return t.substring(start, end);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"resourceType\"\\s*:\\s*\"([A-Za-z]+)\"")
        .matcher(t);
    return m.find() ? m.group(1) : null;
  }
}
