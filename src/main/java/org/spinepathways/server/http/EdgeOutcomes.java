package org.spinepathways.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * OperationOutcome answers for requests refused before HAPI sees them (by Jetty or by the server's own handlers):
 * always FHIR JSON, never HTML, never a stack trace.
 */
public final class EdgeOutcomes {

  private final FhirContext fhirContext;

  public EdgeOutcomes(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /** The FHIR issue type for an HTTP status. */
  public static IssueType issueType(int status) {
    return switch (status) {
      case 401 -> IssueType.LOGIN;
      case 403 -> IssueType.FORBIDDEN;
      case 404 -> IssueType.NOTFOUND;
      case 405, 501 -> IssueType.NOTSUPPORTED;
      case 408, 504 -> IssueType.TIMEOUT;
      case 413, 414, 431 -> IssueType.TOOCOSTLY;
      case 415 -> IssueType.NOTSUPPORTED;
      case 429, 503 -> IssueType.TRANSIENT;
      default -> status >= 500 ? IssueType.EXCEPTION : IssueType.INVALID;
    };
  }

  /** The OperationOutcome as FHIR JSON bytes. */
  public byte[] encode(int status, String diagnostics) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(issueType(status))
        .setDiagnostics(diagnostics);
    return fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the status and the OperationOutcome and completes the callback. Headers already set on the response
   * (WWW-Authenticate, Retry-After) are kept.
   */
  public void write(Response response, Callback callback, int status, String diagnostics) {
    byte[] body = encode(status, diagnostics);
    response.setStatus(status);
    try {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/fhir+json;charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
    } catch (UnsupportedOperationException persistentField) {
      // Jetty keeps some headers of an error response; the body is what matters
    }
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
