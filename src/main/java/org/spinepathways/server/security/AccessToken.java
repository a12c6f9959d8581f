package org.spinepathways.server.security;

import java.util.Set;

/**
 * A verified bearer token: who it was issued to and what it grants.
 *
 * @param subject the token's {@code sub}
 * @param clientId {@code client_id}, else {@code azp}, else the subject
 * @param scopes the granted scopes
 */
public record AccessToken(String subject, String clientId, Set<String> scopes) {

  /** The request attribute holding the verified token. */
  public static final String ATTRIBUTE = AccessToken.class.getName();

  public AccessToken {
    scopes = Set.copyOf(scopes);
  }
}
