package org.spinepathways.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Parsing is strict (an unknown element in clinical input is a 400, never dropped), except while a {@code $validate}
 * request is parsed: there invalid content is the result being asked for, and the validator reports it, with its
 * location, from the raw text. The parser's error handler consults a per-request flag this interceptor sets.
 */
@Interceptor
final class ValidateLeniencyInterceptor {

  private static final ThreadLocal<Boolean> LENIENT = ThreadLocal.withInitial(() -> false);

  /** Installs the request-scoped handler on the server's context. */
  static void install(FhirContext fhirContext) {
    fhirContext.setParserErrorHandler(new RequestScopedErrorHandler());
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
  public boolean begin(HttpServletRequest request, HttpServletResponse response) {
    LENIENT.set(request.getRequestURI().endsWith("/$validate") || request.getRequestURI().endsWith("/%24validate"));
    return true;
  }

  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
  public void end(RequestDetails request) {
    LENIENT.remove();
  }

  private static final class RequestScopedErrorHandler implements IParserErrorHandler {
    private final IParserErrorHandler strict = new StrictErrorHandler();
    // Invalid codes too: the validator reports them from the raw text, with their location.
    private final IParserErrorHandler lenient = new LenientErrorHandler(false).setErrorOnInvalidValue(false);

    private IParserErrorHandler current() {
      return LENIENT.get() ? lenient : strict;
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {
      current().containedResourceWithNoId(location);
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName, ValueType expected,
        ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
      current().incorrectJsonType(location, elementName, expected, expectedScalar, found, foundScalar);
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
      current().invalidValue(location, value, error);
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String elementName) {
      current().missingRequiredElement(location, elementName);
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
      current().unexpectedRepeatingElement(location, elementName);
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
      current().unknownAttribute(location, attributeName);
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
      current().unknownElement(location, elementName);
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {
      current().unknownReference(location, reference);
    }

    @Override
    public void invalidInternalReference(IParseLocation location, String reference) {
      current().invalidInternalReference(location, reference);
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
      current().extensionContainsValueAndNestedExtensions(location);
    }
  }
}
