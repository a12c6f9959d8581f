package org.spinepathways.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.spinepathways.TestModule;

/** JUnit extension: the real server on a random loopback port for one test class, and a raw HTTP client. */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {

  private final HttpClient http = HttpClient.newHttpClient();
  private EmbeddedServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.close();
  }

  String baseUrl() {
    return server.baseUrl();
  }

  HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Content-Type", contentType).header("Accept", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, HttpRequest.BodyPublisher body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Content-Type", "application/fhir+json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
  }
}
