package org.spinepathways.server.security;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.spinepathways.server.http.EdgeOutcomes;
import org.spinepathways.server.http.EdgePolicyHandler;

/**
 * Authentication, before any body is read: every request under {@code /fhir} except {@code /fhir/metadata} and CORS
 * preflights needs a valid bearer token, else a 401 OperationOutcome with {@code WWW-Authenticate: Bearer}. The
 * verified token is left on the request ({@link AccessToken#ATTRIBUTE}) for the scope check and the audit trail.
 */
public final class BearerTokenHandler extends Handler.Wrapper {

  private static final String REALM = "spine-pathways";

  private final TokenVerifier verifier;
  private final EdgeOutcomes outcomes;

  public BearerTokenHandler(Handler next, TokenVerifier verifier, EdgeOutcomes outcomes) {
    super(next);
    this.verifier = verifier;
    this.outcomes = outcomes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!needsToken(request)) {
      return super.handle(request, response, callback);
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization == null || authorization.isBlank()) {
      return refuse(response, callback, null, "This server needs a bearer token (Authorization: Bearer <token>)");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refuse(response, callback, "invalid_request", "Only bearer tokens are accepted (Authorization: Bearer "
          + "<token>)");
    }
    try {
      AccessToken token = verifier.verify(authorization.substring(7).trim());
      request.setAttribute(AccessToken.ATTRIBUTE, token);
    } catch (TokenVerifier.RejectedTokenException e) {
      return refuse(response, callback, "invalid_token", e.getMessage());
    }
    return super.handle(request, response, callback);
  }

  /** Everything under /fhir except the CapabilityStatement and CORS preflights. */
  static boolean needsToken(Request request) {
    String path = Request.getPathInContext(request);
    if (path == null || !(path.equals("/fhir") || path.startsWith("/fhir/"))) {
      return false;
    }
    String rest = path.substring("/fhir".length());
    if (rest.equals("/metadata") || rest.equals("/metadata/")) {
      return false;
    }
    return !EdgePolicyHandler.isCorsPreflight(request);
  }

  private boolean refuse(Response response, Callback callback, String error, String text) {
    String challenge = "Bearer realm=\"" + REALM + "\"" + (error == null ? ""
        : ", error=\"" + error + "\", error_description=\"" + text.replace("\"", "'") + "\"");
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
    outcomes.write(response, callback, 401, text);
    return true;
  }
}
