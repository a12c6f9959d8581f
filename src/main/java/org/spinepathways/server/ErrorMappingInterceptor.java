package org.spinepathways.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.apply.Outcomes;

/**
 * The one place where errors become HTTP answers: rejected input maps to 400, 404 or 422 with an OperationOutcome
 * naming each problem and where it is; anything unexpected becomes a 500 with a generic text and the request id, and
 * is logged without patient data.
 */
@Interceptor
final class ErrorMappingInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException map(RequestDetails request, Throwable thrown) {
    String requestId = request == null ? "unknown" : request.getRequestId();
    BaseServerResponseException mapped = mapped(thrown, requestId);
    log.info("request {} rejected with {}: {}", requestId, mapped.getStatusCode(), mapped.getMessage());
    return mapped;
  }

  /**
   * A 413 leaves the request body unread, so the connection cannot carry another request; HAPI resets the response
   * while it handles the exception, so the header is set here, just before the OperationOutcome is written.
   */
  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean closeAfterTooLarge(HttpServletResponse response, BaseServerResponseException exception) {
    if (exception.getStatusCode() == 413) {
      response.setHeader("Connection", "close");
    }
    return true;
  }

  private static BaseServerResponseException mapped(Throwable thrown, String requestId) {
    Throwable cause = rootOf(thrown);
    if (cause instanceof InputRejectedException e) {
      OperationOutcome outcome = Outcomes.of(e);
      return switch (e.kind()) {
        case NOT_FOUND -> new ResourceNotFoundException(e.getMessage(), outcome);
        case INVALID -> new InvalidRequestException(e.getMessage(), outcome);
        case UNPROCESSABLE -> new UnprocessableEntityException(e.getMessage(), outcome);
      };
    }
    if (cause instanceof DataFormatException e) {
      return new InvalidRequestException("The request body is not valid FHIR: " + withoutValues(e.getMessage()));
    }
    if (thrown instanceof InvalidRequestException e && e.getMessage() != null
        && e.getMessage().contains("Failed to parse")) {
      // Parser failures arrive here; their text can quote the body. Keep the structure, drop the values.
      return new InvalidRequestException(withoutValues(e.getMessage()));
    }
    if (thrown instanceof BaseServerResponseException e && !(e instanceof InternalErrorException)) {
      return e;
    }
    if (cause instanceof RuntimeException && thrownByParser(cause)) {
      // HAPI's parser fails on some malformed input (a "resource": null in Parameters or a Bundle entry) with an
      // unchecked exception: that is the client's mistake, not an internal error.
      log.info("request {}: the parser failed on the body ({})", requestId, cause.getClass().getSimpleName());
      return new InvalidRequestException("The request body could not be read as FHIR: a value the parser needs is "
          + "missing (for example a \"resource\" that is null in Parameters or a Bundle entry)");
    }
    log.error("request {} failed with an internal error ({})", requestId, cause.getClass().getName(), cause);
    return new InternalErrorException("Internal error while processing request " + requestId
        + "; the error has been logged.");
  }

  /**
   * Removes quoted values (and the JSON parser's source excerpts) from a parser message, keeping element names and
   * line and column numbers, so an error never repeats patient data.
   */
  static String withoutValues(String message) {
    if (message == null) {
      return "";
    }
    return message
        .replaceAll("\\[Source: [^\\]]*\\]", "")
        .replaceAll("element=\"([^\"]*)\"", "element=\u2039$1\u203a")
        .replaceAll("\"[^\"]*\"", "\"…\"")
        .replaceAll("(?<!element )'[^']*'", "'…'")
        .replace("element=\u2039", "element=\"")
        .replace("\u203a", "\"");
  }

  private static boolean thrownByParser(Throwable cause) {
    StackTraceElement[] frames = cause.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, 12); i++) {
      if (frames[i].getClassName().startsWith("ca.uhn.fhir.parser.")) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootOf(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof InternalErrorException || t instanceof java.lang.reflect.InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
