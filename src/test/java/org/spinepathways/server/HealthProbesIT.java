package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The probes an orchestrator calls: {@code /health/live} answers 200 as soon as HTTP is served, warm or not;
 * {@code /health/ready} answers 503 until the validator is warm. Checked on the probes alone, so that "not warm yet"
 * is certain rather than a race with the warm-up; {@link DeployManifestsIT} calls them on the real server and
 * {@code AuthIT} without a token.
 */
class HealthProbesIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void livenessAnswersWhileWarmingAndReadinessWaitsForTheValidator() throws Exception {
    Readiness readiness = new Readiness();
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(readiness.probe()), "/health/ready");
    context.addServlet(new ServletHolder(Readiness.liveness()), "/health/live");
    jetty.setHandler(context);
    jetty.start();
    try {
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      HttpResponse<String> live = get(base + "/health/live");
      assertEquals(200, live.statusCode(), "live while the validator warms");
      assertEquals("{\"status\": \"live\"}", live.body());
      assertEquals(503, get(base + "/health/ready").statusCode(), "not ready before the validator is warm");
      readiness.ready();
      assertEquals(200, get(base + "/health/ready").statusCode());
      assertEquals(200, get(base + "/health/live").statusCode());
    } finally {
      jetty.stop();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
