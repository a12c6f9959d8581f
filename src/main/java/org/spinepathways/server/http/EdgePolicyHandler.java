package org.spinepathways.server.http;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP hygiene for every answer: methods the server does not serve (TRACE, CONNECT, OPTIONS other than a CORS
 * preflight, anything unknown) are a 405 OperationOutcome; every response carries {@code X-Content-Type-Options:
 * nosniff} and {@code Referrer-Policy: no-referrer}, answers to POSTs (patient data) {@code Cache-Control:
 * no-store}, answers over TLS {@code Strict-Transport-Security}, a 503 {@code Retry-After}; no product or version
 * banner goes out.
 */
public final class EdgePolicyHandler extends Handler.Wrapper {

  private static final Set<String> SERVED = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");
  static final String ALLOW = "GET, HEAD, POST";

  private final EdgeOutcomes outcomes;
  private final long retryAfterSeconds;

  public EdgePolicyHandler(Handler next, EdgeOutcomes outcomes, long retryAfterSeconds) {
    super(next);
    this.outcomes = outcomes;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    boolean patientData = !method.equals("GET") && !method.equals("HEAD");
    Response hardened = new HardenedResponse(request, response, patientData, retryAfterSeconds);
    if (!SERVED.contains(method) && !isCorsPreflight(request)) {
      hardened.getHeaders().put(HttpHeader.ALLOW, ALLOW);
      String text = method.equals("OPTIONS")
          ? "OPTIONS is answered only for CORS preflights; the CapabilityStatement is at GET [base]/metadata"
          : "HTTP method " + (method.matches("[A-Z]{1,16}") ? method : "(as sent)") + " is not allowed; this server "
              + "answers " + ALLOW;
      outcomes.write(hardened, callback, 405, text);
      return true;
    }
    HardenedResponse answer = (HardenedResponse) hardened;
    Callback completing = new Callback() {
      @Override
      public void succeeded() {
        answer.harden();
        callback.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        callback.failed(failure);
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
    return super.handle(request, hardened, completing);
  }

  /** An OPTIONS request with Origin and Access-Control-Request-Method. */
  public static boolean isCorsPreflight(Request request) {
    return "OPTIONS".equalsIgnoreCase(request.getMethod())
        && request.getHeaders().contains(HttpHeader.ORIGIN)
        && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** Adds the security headers and drops banners just before the response is committed. */
  private static final class HardenedResponse extends Response.Wrapper {
    private final boolean patientData;
    private final boolean secure;
    private final long retryAfterSeconds;
    private volatile boolean hardened;

    HardenedResponse(Request request, Response response, boolean patientData, long retryAfterSeconds) {
      super(request, response);
      this.patientData = patientData;
      this.secure = request.isSecure();
      this.retryAfterSeconds = retryAfterSeconds;
    }

    private void harden() {
      if (hardened || isCommitted()) {
        return;
      }
      hardened = true;
      try {
        var headers = getHeaders();
        headers.remove("X-Powered-By");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        if (patientData) {
          headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        }
        if (secure) {
          headers.put(HttpHeader.STRICT_TRANSPORT_SECURITY, "max-age=31536000");
        }
        if (getStatus() == 503 && !headers.contains(HttpHeader.RETRY_AFTER)) {
          headers.put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
      } catch (UnsupportedOperationException persistentField) {
        // a header Jetty keeps (on an error response) cannot change; the answer goes out as it is
      }
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      harden();
      super.write(last, content, callback);
    }
  }
}
