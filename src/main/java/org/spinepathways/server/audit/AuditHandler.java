package org.spinepathways.server.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.spinepathways.server.security.AccessToken;
import org.spinepathways.server.http.EdgePolicyHandler;

/**
 * The outermost handler: gives every request an id (the client's {@code X-Request-ID} when it is a plain token,
 * else a new one; HAPI uses the same), and writes one audit line for every FHIR request (everything under
 * {@code /fhir} but the CapabilityStatement and CORS preflights) when it completes, whichever layer answered it.
 */
public final class AuditHandler extends Handler.Wrapper {

  public static final String REQUEST_ID = "X-Request-ID";
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AuditTrail trail;

  public AuditHandler(Handler next, AuditTrail trail) {
    super(next);
    this.trail = trail;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String given = request.getHeaders().get(REQUEST_ID);
    String id = given != null && CLIENT_ID.matcher(given).matches() ? given : newId();
    Request withId = new IdentifiedRequest(request, id);
    response.getHeaders().put(REQUEST_ID, id);
    if (!isAudited(request)) {
      return super.handle(withId, response, callback);
    }
    AuditRecord record = new AuditRecord(id, Instant.now(), request.getMethod(),
        Request.getRemoteAddr(request));
    withId.setAttribute(AuditRecord.ATTRIBUTE, record);
    Callback audited = new Callback() {
      @Override
      public void succeeded() {
        write(withId, record, response.getStatus());
        callback.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        write(withId, record, response.isCommitted() ? response.getStatus() : 499);
        callback.failed(failure);
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
    try {
      boolean handled = super.handle(withId, response, audited);
      if (!handled) {
        write(withId, record, 404);
      }
      return handled;
    } catch (Exception | Error e) {
      write(withId, record, 500);
      throw e;
    }
  }

  private void write(Request request, AuditRecord record, int status) {
    AccessToken token = request.getAttribute(AccessToken.ATTRIBUTE) instanceof AccessToken t ? t : null;
    trail.write(record, status, token);
  }

  static boolean isAudited(Request request) {
    String path = Request.getPathInContext(request);
    if (path == null || !(path.equals("/fhir") || path.startsWith("/fhir/"))) {
      return false;
    }
    return !path.startsWith("/fhir/metadata") && !EdgePolicyHandler.isCorsPreflight(request);
  }

  private static String newId() {
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** The request with its id in the {@code X-Request-ID} header, where HAPI reads it. */
  private static final class IdentifiedRequest extends Request.Wrapper {
    private final HttpFields headers;

    IdentifiedRequest(Request request, String id) {
      super(request);
      this.headers = HttpFields.build(request.getHeaders()).put(new HttpField(REQUEST_ID, id)).asImmutable();
    }

    @Override
    public HttpFields getHeaders() {
      return headers;
    }
  }
}
