package org.spinepathways.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import ca.uhn.fhir.context.FhirContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** Jetty's QoSHandler sheds with a bare 503; the edge gives it an OperationOutcome and Retry-After. */
class QoSOutcomeTest {

  @Test
  void shedRequestsGetAnOperationOutcome() throws Exception {
    EdgeOutcomes outcomes = new EdgeOutcomes(FhirContext.forR4Cached());
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    Handler slow = new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Thread.sleep(1500);
        response.write(true, ByteBuffer.wrap("ok".getBytes()), callback);
        return true;
      }
    };
    QoSHandler qos = new QoSHandler(slow);
    qos.setMaxRequestCount(1);
    qos.setMaxSuspendedRequestCount(1);
    qos.setMaxSuspend(Duration.ofMillis(200));
    server.setErrorHandler(new OutcomeErrorHandler(outcomes, 1));
    server.setHandler(new EdgePolicyHandler(new EmptyErrorOutcomeHandler(qos, outcomes), outcomes, 1));
    server.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        all.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort()
            + "/fhir/x/$apply")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int shed = 0;
      for (CompletableFuture<HttpResponse<String>> f : all) {
        HttpResponse<String> r = f.get();
        if (r.statusCode() == 503) {
          shed++;
          assertTrue(r.body().contains("OperationOutcome") && r.body().contains("busy"), "body: '" + r.body() + "'");
          assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
        } else {
          assertEquals(200, r.statusCode(), r.body());
        }
      }
      assertTrue(shed > 0);
    } finally {
      server.stop();
    }
  }
}
