package org.spinepathways.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS: the server's key and certificate in a PKCS12 keystore, and optionally the CA whose certificates clients must
 * present (PEM or PKCS12); with a client CA, a client without a certificate from it cannot connect.
 */
public record TlsSettings(Path keystore, String password, Path clientCa, String clientCaPassword) {

  public TlsSettings {
    if (keystore == null || !Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException("--tls-keystore must name a PKCS12 file");
    }
    if (clientCa != null && !Files.isRegularFile(clientCa)) {
      throw new IllegalArgumentException("--tls-client-ca must name a PEM or PKCS12 file");
    }
  }

  public SslContextFactory.Server sslContextFactory() {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
    ssl.setKeyStoreType("PKCS12");
    ssl.setKeyStorePassword(password == null ? "" : password);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    if (clientCa != null) {
      ssl.setTrustStore(trustStore());
      ssl.setNeedClientAuth(true);
    }
    return ssl;
  }

  private KeyStore trustStore() {
    try {
      String name = clientCa.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12")) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(clientCa)) {
          store.load(in, clientCaPassword == null ? new char[0] : clientCaPassword.toCharArray());
        }
        return store;
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(clientCa)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("--tls-client-ca holds no certificate");
      }
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("client-ca-" + i++, certificate);
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read --tls-client-ca: " + e.getMessage(), e);
    }
  }
}
