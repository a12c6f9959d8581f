package org.spinepathways.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.spinepathways.content.ContentException;
import org.spinepathways.server.EmbeddedServer;
import org.spinepathways.server.SecuritySettings;
import org.spinepathways.server.ServerSettings;
import org.spinepathways.server.http.Limits;
import org.spinepathways.server.http.TlsSettings;
import org.spinepathways.server.security.AuthSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: loads and lints the library, then serves it until stopped. A broken library refuses to start. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the FHIR server.")
final class ServeCommand implements Callable<Integer> {

  /** On SIGTERM, how long requests in flight may take to finish (an orchestrator's grace period is 30 s). */
  private static final Duration DRAIN = Duration.ofSeconds(20);

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--content", description = "Directory of knowledge content to serve instead of the packaged one")
  Path content;

  @Option(names = "--max-body-bytes", defaultValue = "1048576",
      description = "Largest request body accepted, in bytes, after decoding gzip (default ${DEFAULT-VALUE})")
  long maxBodyBytes;

  @Option(names = "--check-output",
      description = "Validate every CarePlan $apply returns against the profiles (slower; for testing content)")
  boolean checkOutput;

  @Option(names = "--cors-origin", paramLabel = "<origin>",
      description = "Origin (scheme://host[:port]) whose web pages may call the server; repeat for more. None by default")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--host", defaultValue = SecuritySettings.LOOPBACK,
      description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only). Another address needs "
          + "--auth-jwks, or --insecure")
  String host;

  @Option(names = "--insecure", description = "Allow listening on a non-loopback address without authentication")
  boolean insecure;

  @Option(names = "--base-url", description = "Absolute base URL for links the server writes (default: from the "
      + "scheme, host and port; never from the request's Host header)")
  String baseUrl;

  @Option(names = "--auth-jwks", description = "JWK Set (file, or https URL) whose keys sign accepted bearer tokens")
  String authJwks;

  @Option(names = "--auth-issuer", description = "Required token issuer (iss)")
  String authIssuer;

  @Option(names = "--auth-audience", description = "Required token audience (aud), usually this server's base URL")
  String authAudience;

  @Option(names = "--auth-token-endpoint", description = "Token endpoint declared in the CapabilityStatement")
  String authTokenEndpoint;

  @Option(names = "--tls-keystore", description = "PKCS12 keystore with the server's key and certificate: serve HTTPS")
  Path tlsKeystore;

  @Option(names = "--tls-keystore-password", defaultValue = "${env:SPINE_TLS_KEYSTORE_PASSWORD}",
      description = "Keystore password (default: the SPINE_TLS_KEYSTORE_PASSWORD environment variable)")
  String tlsKeystorePassword;

  @Option(names = "--tls-client-ca", description = "CA certificates (PEM or PKCS12): require client certificates "
      + "signed by them")
  Path tlsClientCa;

  @Option(names = "--audit-log", description = "Audit trail file, one AuditEvent JSON line per request "
      + "(default: standard output)")
  Path auditLog;

  @Option(names = "--allow-inline-plans", description = "Accept an inline planDefinition in $apply "
      + "(caller-supplied FHIRPath; off by default)")
  boolean allowInlinePlans;

  @Option(names = "--max-concurrent-operations", description = "$apply/$validate/$populate running at once "
      + "(default: 2 per core)")
  Integer maxConcurrent;

  @Option(names = "--operation-queue", description = "Operations waiting for a slot before 503s start "
      + "(default: 4 x the concurrency)")
  Integer operationQueue;

  @Option(names = "--queue-wait-ms", defaultValue = "2000",
      description = "Longest wait for a slot, then 503 (default ${DEFAULT-VALUE})")
  long queueWaitMs;

  @Option(names = "--request-deadline-seconds", defaultValue = "20",
      description = "A request body must arrive within this time (default ${DEFAULT-VALUE})")
  long deadlineSeconds;

  @Option(names = "--min-data-rate", defaultValue = "256",
      description = "Minimum bytes per second a request body must keep up (default ${DEFAULT-VALUE})")
  long minDataRate;

  @Override
  public Integer call() throws Exception {
    SecuritySettings security;
    ServerSettings settings;
    try {
      security = security();
      settings = new ServerSettings(port, content, maxBodyBytes, checkOutput, corsOrigins);
    } catch (IllegalArgumentException e) {
      System.err.println("Not starting: " + e.getMessage());
      return 2;
    }
    try {
      EmbeddedServer server = EmbeddedServer.start(settings, security);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.drainAndClose(DRAIN);
        } catch (Exception e) {
          System.err.println("Stopping: " + e);
        }
      }, "drain"));
      server.join();
      return 0;
    } catch (ContentException e) {
      System.err.println("Not starting: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println("Not starting: " + e.getMessage());
      return 2;
    }
  }

  SecuritySettings security() {
    Limits defaults = Limits.defaults();
    int concurrent = maxConcurrent != null ? maxConcurrent : defaults.maxConcurrentOperations();
    int queue = operationQueue != null ? operationQueue : 4 * concurrent;
    Limits limits = defaults.withConcurrency(concurrent, queue, Duration.ofMillis(queueWaitMs))
        .withDeadline(Duration.ofSeconds(deadlineSeconds), minDataRate);
    SecuritySettings security = SecuritySettings.defaults().withHost(host, insecure).withBaseUrl(baseUrl)
        .withAuditLog(auditLog).withInlinePlans(allowInlinePlans).withLimits(limits);
    if (authJwks != null) {
      security = security.withAuth(new AuthSettings(authJwks, authIssuer, authAudience, authTokenEndpoint, null));
    } else if (authIssuer != null || authAudience != null) {
      throw new IllegalArgumentException("--auth-issuer and --auth-audience need --auth-jwks");
    }
    if (tlsKeystore != null) {
      security = security.withTls(new TlsSettings(tlsKeystore, tlsKeystorePassword, tlsClientCa, tlsKeystorePassword));
    } else if (tlsClientCa != null) {
      throw new IllegalArgumentException("--tls-client-ca needs --tls-keystore");
    }
    security.checkBind();
    return security;
  }
}
