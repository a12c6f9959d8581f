package org.spinepathways.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Whether the validator is warm. The server answers reads as soon as the library is loaded and linted; the validator
 * warms in the background. {@code GET /health/ready} says 503 until it is warm and 200 after (for load balancers and
 * orchestrators), {@code GET /health/live} says 200 whenever the HTTP server serves at all, and a POST
 * ({@code $apply}, {@code $validate}) that arrives earlier waits for it rather than racing the warm-up.
 */
final class Readiness {

  /** How long an early POST waits before it is turned away with 503. */
  private static final long WAIT_SECONDS = 60;

  private static final byte[] LIVE = "{\"status\": \"live\"}".getBytes(StandardCharsets.UTF_8);

  private final CompletableFuture<Void> warm = new CompletableFuture<>();

  void ready() {
    warm.complete(null);
  }

  void failed(Throwable error) {
    warm.completeExceptionally(error);
  }

  boolean isReady() {
    return warm.isDone() && !warm.isCompletedExceptionally();
  }

  /** The probe: {@code /health/ready}. */
  HttpServlet probe() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean ready = isReady();
        response.setStatus(ready ? 200 : 503);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"status\": \"" + (ready ? "ready" : warm.isDone() ? "failed" : "warming")
            + "\"}").getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  /**
   * The liveness probe: {@code /health/live}. 200 as soon as the port is open and for as long as Jetty serves, warm
   * or not: an orchestrator restarts a process whose probe goes unanswered, never one that is still warming.
   */
  static HttpServlet liveness() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write(LIVE);
      }
    };
  }

  /** Holds POSTs until the validator is warm; refuses them with a 503 OperationOutcome if it never gets warm. */
  Filter gate(FhirContext fhirContext) {
    return new Filter() {
      @Override
      public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        if (!warm.isDone() && "POST".equals(((HttpServletRequest) request).getMethod())) {
          try {
            warm.get(WAIT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(fhirContext, (HttpServletResponse) response);
            return;
          } catch (TimeoutException | ExecutionException e) {
            refuse(fhirContext, (HttpServletResponse) response);
            return;
          }
        }
        chain.doFilter(request, response);
      }
    };
  }

  private static void refuse(FhirContext fhirContext, HttpServletResponse response) throws IOException {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.TRANSIENT)
        .setDiagnostics("The server is starting and its validator is not ready; try again shortly");
    response.setStatus(503);
    response.setHeader("Retry-After", "5");
    response.setContentType("application/fhir+json");
    response.getOutputStream().write(fhirContext.newJsonParser().encodeResourceToString(outcome)
        .getBytes(StandardCharsets.UTF_8));
  }
}
