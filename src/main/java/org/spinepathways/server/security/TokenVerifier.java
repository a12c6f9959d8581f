package org.spinepathways.server.security;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Checks a bearer token with Nimbus JOSE + JWT: a JWS signed with an asymmetric algorithm by a key in the JWK Set,
 * the issuer and audience required, {@code exp} required and {@code nbf} honoured within the clock skew. Unsigned
 * tokens and HMAC are never accepted. Thread-safe.
 */
public final class TokenVerifier {

  /** SMART backend services require RS384 or ES384; the other asymmetric JWS algorithms are accepted too. */
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  /** Why a token was refused: the text is safe to show the client (it never repeats the token). */
  public static final class RejectedTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedTokenException(String message) {
      super(message);
    }
  }

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public TokenVerifier(AuthSettings settings) {
    JWKSource<SecurityContext> keys = keySource(settings.jwks());
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    // plain JWTs and RFC 9068 access tokens (typ at+jwt)
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
        new JOSEObjectType("at+jwt"), null));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audience(),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp"));
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  private static JWKSource<SecurityContext> keySource(String jwks) {
    if (jwks.startsWith("https://")) {
      try {
        URL url = URI.create(jwks).toURL();
        return JWKSourceBuilder.create(url).retrying(true).build();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("--auth-jwks is not a valid https URL");
      }
    }
    if (jwks.contains("://")) {
      throw new IllegalArgumentException("--auth-jwks must be a file or an https URL");
    }
    try {
      JWKSet set = JWKSet.load(new File(jwks));
      if (set.getKeys().isEmpty()) {
        throw new IllegalArgumentException("the JWK Set in " + jwks + " holds no keys");
      }
      if (set.getKeys().stream().anyMatch(k -> k.isPrivate())) {
        throw new IllegalArgumentException("the JWK Set in " + jwks + " holds private keys: give public keys only");
      }
      return new ImmutableJWKSet<>(set);
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException("cannot read the JWK Set in " + jwks + ": " + e.getMessage());
    }
  }

  /** Verifies the compact JWS and returns what it grants. */
  public AccessToken verify(String token) throws RejectedTokenException {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new RejectedTokenException("The bearer token is not a signed JWT");
    } catch (BadJOSEException e) {
      throw new RejectedTokenException(reason(e));
    } catch (JOSEException e) {
      throw new RejectedTokenException("The bearer token's signature could not be checked");
    }
    try {
      String clientId = firstNonBlank(claims.getStringClaim("client_id"), claims.getStringClaim("azp"),
          claims.getSubject());
      return new AccessToken(claims.getSubject(), clientId, scopes(claims));
    } catch (ParseException e) {
      throw new RejectedTokenException("The bearer token's claims have the wrong types");
    }
  }

  private static String reason(BadJOSEException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("xpired")) {
      return "The bearer token has expired";
    }
    if (m.contains("before use time") || m.contains("nbf")) {
      return "The bearer token is not valid yet";
    }
    if (m.contains("audience") || m.contains("aud")) {
      return "The bearer token is not for this server (audience)";
    }
    if (m.contains("iss")) {
      return "The bearer token is not from the trusted issuer";
    }
    if (m.contains("missing required claims")) {
      return "The bearer token lacks a required claim (sub, exp)";
    }
    return "The bearer token's signature is not from a trusted key, or its algorithm is not accepted";
  }

  /** SMART puts scopes in a space-separated {@code scope}; some servers use an array {@code scp}. */
  static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
    Set<String> scopes = new LinkedHashSet<>();
    Object scope = claims.getClaim("scope");
    if (scope instanceof String s) {
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          scopes.add(part);
        }
      }
    }
    List<String> scp = claims.getClaim("scp") instanceof List<?> ? claims.getStringListClaim("scp") : List.of();
    scopes.addAll(new ArrayList<>(scp));
    return new HashSet<>(scopes);
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
