package org.spinepathways.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import jakarta.servlet.http.HttpServletRequest;
import org.spinepathways.server.http.Operations;
import org.spinepathways.server.security.ScopePolicy.Permission;

/**
 * Authorisation, once HAPI knows what the request is: the token's scopes must grant the permission the request
 * needs (see {@link ScopePolicy} and {@link Operations}), else a 403 OperationOutcome naming the scope that would.
 */
@Interceptor
public final class ScopeInterceptor {

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean authorise(RequestDetails details, HttpServletRequest request) {
    RestOperationTypeEnum type = details.getRestOperationType();
    if (type == RestOperationTypeEnum.METADATA) {
      return true;
    }
    if (!(request.getAttribute(AccessToken.ATTRIBUTE) instanceof AccessToken token)) {
      throw new AuthenticationException("This server needs a bearer token (Authorization: Bearer <token>)");
    }
    if (type == RestOperationTypeEnum.GET_PAGE) {
      // a page of an earlier search: any search permission will do, the search itself was checked
      if (token.scopes().stream().anyMatch(s -> ScopePolicy.lettersOf(s.substring(s.lastIndexOf('.') + 1))
          .indexOf('s') >= 0)) {
        return true;
      }
      throw forbidden("Reading a page of search results needs a search scope", "system/*.s");
    }
    Permission needed = needed(type, details);
    if (needed == null) {
      throw forbidden("No scope grants this request on this server", null);
    }
    if (!ScopePolicy.grants(token.scopes(), needed)) {
      throw forbidden("The bearer token's scopes do not allow this request: it needs " + needed.scope()
          + " (or a wider scope such as system/" + needed.resourceType() + ".* or system/*." + needed.letter() + ")",
          needed.scope());
    }
    return true;
  }

  /** The permission a request needs, or null when no scope can grant it. */
  static Permission needed(RestOperationTypeEnum type, RequestDetails details) {
    String resourceType = details.getResourceName();
    if (type == null) {
      return null;
    }
    return switch (type) {
      case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE -> resourceType == null ? null : new Permission(resourceType, 'r');
      case SEARCH_TYPE -> resourceType == null ? null : new Permission(resourceType, 's');
      case SEARCH_SYSTEM, HISTORY_SYSTEM -> new Permission("*", 's');
      case EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_SERVER ->
          Operations.rule(details.getOperation()).map(rule -> new Permission(
              rule.resourceType() != null ? rule.resourceType() : resourceType == null ? "*" : resourceType,
              rule.permission())).orElse(null);
      case CREATE -> resourceType == null ? null : new Permission(resourceType, 'c');
      case UPDATE, PATCH -> resourceType == null ? null : new Permission(resourceType, 'u');
      case DELETE -> resourceType == null ? null : new Permission(resourceType, 'd');
      default -> null;
    };
  }

  private static ForbiddenOperationException forbidden(String message, String scope) {
    ForbiddenOperationException e = new ForbiddenOperationException(message);
    e.addResponseHeader("WWW-Authenticate", "Bearer realm=\"spine-pathways\", error=\"insufficient_scope\""
        + (scope == null ? "" : ", scope=\"" + scope + "\""));
    return e;
  }
}
