package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinepathways.TestModule;
import org.spinepathways.server.http.TlsSettings;

/** HTTPS with a PKCS12 keystore, and client certificates required by --tls-client-ca. Keys made by the JDK's keytool. */
class TlsIT {

  private static final String PASSWORD = "test-only-password";
  @TempDir
  static Path dir;

  @BeforeAll
  static void keys() throws Exception {
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12", "-storetype", "PKCS12",
        "-storepass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-storepass", PASSWORD,
        "-file", "server.pem");
    keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=interface-engine", "-validity", "2", "-keystore", "client.p12", "-storetype", "PKCS12", "-storepass",
        PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", "client.p12", "-storepass", PASSWORD,
        "-file", "client.pem");
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "keytool: " + out);
  }

  private static EmbeddedServer start(Path clientCa) throws Exception {
    return EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES),
        SecuritySettings.defaults().withAuditLog(dir.resolve("audit.jsonl"))
            .withTls(new TlsSettings(dir.resolve("server.p12"), PASSWORD, clientCa, null)));
  }

  private static HttpClient client(boolean withCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("server.pem"))) {
      trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withCertificate) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
        keys.load(in, PASSWORD.toCharArray());
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD.toCharArray());
    }
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static HttpResponse<String> get(HttpClient client, EmbeddedServer server, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(60))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHttpsWithHsts() throws Exception {
    try (EmbeddedServer server = start(null)) {
      assertTrue(server.baseUrl().startsWith("https://localhost:"), server.baseUrl());
      HttpResponse<String> r = get(client(false), server, "/PlanDefinition/sip-drg-block");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Strict-Transport-Security").orElse("").contains("max-age="));
      HttpResponse<String> search = get(client(false), server, "/PlanDefinition?status=draft");
      assertTrue(search.body().contains("\"fullUrl\":\"" + server.baseUrl()), "links use the https base URL");
    }
  }

  @Test
  void aClientCaRequiresAClientCertificate() throws Exception {
    try (EmbeddedServer server = start(dir.resolve("client.pem"))) {
      assertThrows(IOException.class, () -> get(client(false), server, "/PlanDefinition/sip-drg-block"),
          "no client certificate, no connection");
      assertEquals(200, get(client(true), server, "/PlanDefinition/sip-drg-block").statusCode());
    }
  }
}
