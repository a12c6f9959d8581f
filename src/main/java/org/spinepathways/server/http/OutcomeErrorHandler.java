package org.spinepathways.server.http;

import java.io.IOException;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Errors Jetty raises before HAPI (an ambiguous or traversing path, a URI or headers too long, an unsupported HTTP
 * version, a busy server) answered as OperationOutcomes with a fixed text per status: never HTML, never the request's
 * own text echoed back. A 503 carries Retry-After.
 */
public final class OutcomeErrorHandler extends ErrorHandler {

  private final EdgeOutcomes outcomes;
  private final long retryAfterSeconds;

  public OutcomeErrorHandler(EdgeOutcomes outcomes, long retryAfterSeconds) {
    this.outcomes = outcomes;
    this.retryAfterSeconds = retryAfterSeconds;
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    if (code == HttpStatus.SERVICE_UNAVAILABLE_503) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    outcomes.write(response, callback, code, text(code));
  }

  /** The diagnostics for a status: fixed texts, so nothing the client sent is ever repeated. */
  public static String text(int code) {
    return switch (code) {
      case 400 -> "The request is not valid HTTP, or its path is ambiguous (for example it contains '..', an encoded "
          + "separator or a control character)";
      case 404 -> "Nothing is served at this path; the FHIR API is under /fhir";
      case 405 -> "This HTTP method is not allowed here";
      case 408 -> "The request was not received in time: it was sent too slowly or took longer than the deadline";
      case 413 -> "The request body is larger than the limit this server accepts";
      case 414 -> "The request URI is too long";
      case 415 -> "The request body's media type or encoding is not supported";
      case 431 -> "The request headers are too large";
      case 503 -> "The server is busy; try again later";
      case 505 -> "This HTTP version is not supported; use HTTP/1.1";
      default -> code >= 500 ? "The server could not complete the request; the error has been logged"
          : "The request was refused (" + HttpStatus.getMessage(code) + ")";
    };
  }

  /** The same for errors raised inside the servlet context (a path no servlet serves). */
  public static final class ForServlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    private final EdgeOutcomes outcomes;

    public ForServlets(EdgeOutcomes outcomes) {
      this.outcomes = outcomes;
      setShowStacks(false);
      setShowMessageInTitle(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected void generateAcceptableResponse(ServletContextRequest baseRequest, HttpServletRequest request,
        HttpServletResponse response, int code, String message) throws IOException {
      response.setStatus(code);
      response.setContentType("application/fhir+json;charset=utf-8");
      response.setHeader("Cache-Control", "no-store");
      response.getOutputStream().write(outcomes.encode(code, text(code)));
    }
  }
}
