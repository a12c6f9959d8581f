package org.spinepathways.server;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Cross-cutting request checks before HAPI picks a handler: the knowledge library is read-only (writes answer 405),
 * a declared body over the limit answers 413, and a POST body must be FHIR JSON or XML (415 otherwise).
 */
@Interceptor
final class RequestGuardInterceptor {

  private static final Pattern OPERATION_OR_SEARCH = Pattern.compile(".*/(\\$[A-Za-z-]+|_search)/?$");
  private static final Set<String> FHIR_MEDIA_TYPES = Set.of("application/fhir+json", "application/json",
      "application/fhir+xml", "application/xml", "text/xml", "application/json+fhir", "application/xml+fhir",
      "application/x-www-form-urlencoded");

  private final long maxBodyBytes;

  RequestGuardInterceptor(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
  public boolean guard(HttpServletRequest request, HttpServletResponse response) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    String path = request.getRequestURI();
    boolean write = switch (method) {
      case "PUT", "DELETE", "PATCH" -> true;
      case "POST" -> !OPERATION_OR_SEARCH.matcher(path).matches();
      default -> false;
    };
    if (write) {
      MethodNotAllowedException e = new MethodNotAllowedException("This server's knowledge library is read-only: "
          + method + " is not allowed here. Use GET to read and search, and POST only for operations such as "
          + "PlanDefinition/$apply.", RequestTypeEnum.GET);
      throw e;
    }
    if (request.getContentLengthLong() > maxBodyBytes) {
      throw BodyLimitFilter.tooLarge(maxBodyBytes);
    }
    if ("POST".equals(method) && request.getContentLengthLong() != 0) {
      String contentType = request.getContentType();
      String mediaType = contentType == null ? null
          : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (mediaType == null) {
        throw new InvalidRequestException("The request body needs a Content-Type: application/fhir+json or "
            + "application/fhir+xml");
      }
      if (!FHIR_MEDIA_TYPES.contains(mediaType)) {
        throw new UnsupportedMediaTypeException(mediaType);
      }
    }
    return true;
  }
}
