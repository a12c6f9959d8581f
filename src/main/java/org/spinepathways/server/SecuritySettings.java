package org.spinepathways.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import org.spinepathways.server.http.Limits;
import org.spinepathways.server.http.TlsSettings;
import org.spinepathways.server.security.AuthSettings;

/**
 * How the server defends itself. Secure by default: it listens on loopback only; listening on another interface needs
 * token authentication ({@code auth}) or an explicit {@code insecure}.
 *
 * @param host the address to bind (default 127.0.0.1)
 * @param baseUrl the absolute base of every link the server writes; null: derived from the scheme, host and port,
 *     never from the request's Host header
 * @param insecure allow a non-loopback bind without authentication (logged loudly)
 * @param auth bearer token checks; null: no authentication
 * @param tls TLS settings; null: plain HTTP
 * @param auditLog the audit trail's file; null or "-": standard output
 * @param allowInlinePlans accept an inline {@code planDefinition} in {@code $apply} (caller-supplied FHIRPath)
 * @param limits request limits and load shedding
 */
public record SecuritySettings(String host, String baseUrl, boolean insecure, AuthSettings auth, TlsSettings tls,
    Path auditLog, boolean allowInlinePlans, Limits limits) {

  public static final String LOOPBACK = "127.0.0.1";

  public static SecuritySettings defaults() {
    return new SecuritySettings(LOOPBACK, null, false, null, null, null, false, Limits.defaults());
  }

  public SecuritySettings {
    if (host == null || host.isBlank()) {
      host = LOOPBACK;
    }
    if (limits == null) {
      limits = Limits.defaults();
    }
  }

  public SecuritySettings withAuth(AuthSettings value) {
    return new SecuritySettings(host, baseUrl, insecure, value, tls, auditLog, allowInlinePlans, limits);
  }

  public SecuritySettings withTls(TlsSettings value) {
    return new SecuritySettings(host, baseUrl, insecure, auth, value, auditLog, allowInlinePlans, limits);
  }

  public SecuritySettings withAuditLog(Path value) {
    return new SecuritySettings(host, baseUrl, insecure, auth, tls, value, allowInlinePlans, limits);
  }

  public SecuritySettings withLimits(Limits value) {
    return new SecuritySettings(host, baseUrl, insecure, auth, tls, auditLog, allowInlinePlans, value);
  }

  public SecuritySettings withInlinePlans(boolean value) {
    return new SecuritySettings(host, baseUrl, insecure, auth, tls, auditLog, value, limits);
  }

  public SecuritySettings withHost(String value, boolean allowInsecure) {
    return new SecuritySettings(value, baseUrl, allowInsecure, auth, tls, auditLog, allowInlinePlans, limits);
  }

  public SecuritySettings withBaseUrl(String value) {
    return new SecuritySettings(host, value, insecure, auth, tls, auditLog, allowInlinePlans, limits);
  }

  /** Whether the bind address is a loopback address. */
  public boolean loopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--host " + host + " is not a known address");
    }
  }

  /** Refuses a non-loopback bind without authentication unless {@code insecure} says so. */
  public void checkBind() {
    if (!loopback() && auth == null && !insecure) {
      throw new IllegalArgumentException("Refusing to listen on " + host + " without authentication: give "
          + "--auth-jwks, --auth-issuer and --auth-audience, or start with --insecure to serve without it");
    }
  }

  /** The base URL links are built from. */
  public String baseUrl(int port) {
    if (baseUrl != null && !baseUrl.isBlank()) {
      return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
    String name = loopback() ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    return (tls != null ? "https" : "http") + "://" + name + ":" + port + "/fhir";
  }
}
