package org.spinepathways.server.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** An issuer for tests: an RSA key, its public JWK Set on disk, and signed tokens with chosen claims. */
public final class TestTokens {

  public static final String ISSUER = "https://auth.example.test";
  public static final String AUDIENCE = "https://fhir.example.test/fhir";

  private final RSAKey key;

  public TestTokens() {
    try {
      key = new RSAKeyGenerator(2048).keyID("k-" + System.nanoTime()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the public JWK Set and returns settings that trust it. */
  public AuthSettings settings(Path dir) throws Exception {
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
    return new AuthSettings(jwks.toString(), ISSUER, AUDIENCE, "https://auth.example.test/token", null);
  }

  /** A token valid for five minutes with these scopes. */
  public String token(String scope) {
    return sign(claims(scope).build());
  }

  public JWTClaimsSet.Builder claims(String scope) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("interface-engine-7")
        .claim("client_id", "engine-client").claim("scope", scope).issueTime(new Date(now))
        .expirationTime(new Date(now + 300_000));
  }

  public String sign(JWTClaimsSet claims) {
    return sign(key, claims);
  }

  public static String sign(RSAKey with, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with the right claims signed by a key nobody trusts. */
  public String tokenFromAnotherKey(String scope) {
    try {
      RSAKey other = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
      return sign(other, claims(scope).build());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
