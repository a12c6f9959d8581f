package org.spinepathways.server.security;

import java.time.Duration;

/**
 * Bearer token checks.
 *
 * @param jwks where the issuer's public keys are: a file path or an https URL (a JWK Set)
 * @param issuer the required {@code iss}
 * @param audience the required {@code aud} (usually this server's base URL)
 * @param tokenEndpoint the authorization server's token endpoint, declared in the CapabilityStatement; may be null
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 */
public record AuthSettings(String jwks, String issuer, String audience, String tokenEndpoint, Duration clockSkew) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  public AuthSettings {
    if (jwks == null || jwks.isBlank()) {
      throw new IllegalArgumentException("a JWKS file or https URL is required");
    }
    if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("token checks need an issuer (--auth-issuer) and an audience "
          + "(--auth-audience)");
    }
    if (clockSkew == null) {
      clockSkew = DEFAULT_CLOCK_SKEW;
    }
  }
}
