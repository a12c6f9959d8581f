package org.spinepathways.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Cross-origin access for browser pages on other origins, with HAPI's {@link CorsInterceptor}: only the origins given
 * at start may call, with GET, POST and OPTIONS, the FHIR content types and {@code Authorization}. With no origins no
 * interceptor is installed, so no response carries CORS headers.
 */
final class CorsPolicy {

  private CorsPolicy() {}

  /** The interceptor for these origins, or null when none is allowed. */
  static CorsInterceptor interceptor(List<String> origins) {
    if (origins.isEmpty()) {
      return null;
    }
    CorsConfiguration config = new CorsConfiguration();
    origins.forEach(o -> config.addAllowedOrigin(checked(o)));
    List.of("GET", "POST", "OPTIONS").forEach(config::addAllowedMethod);
    List.of("Accept", "Content-Type", "Authorization", "Prefer", "X-Request-ID", "If-None-Match",
        "If-Modified-Since").forEach(config::addAllowedHeader);
    List.of("Location", "Content-Location", "ETag", "Last-Modified", "X-Request-ID", "X-Powered-By")
        .forEach(config::addExposedHeader);
    config.setAllowCredentials(false);
    config.setMaxAge(600L);
    return new CorsInterceptor(config);
  }

  /** An origin as browsers send it: scheme, host and optional port, nothing else; "*" is refused. */
  static String checked(String origin) {
    String o = origin == null ? "" : origin.trim();
    try {
      URI uri = new URI(o);
      boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      boolean bare = uri.getHost() != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
      if (web && bare) {
        return o.toLowerCase(Locale.ROOT);
      }
    } catch (java.net.URISyntaxException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException("Not a CORS origin: '" + o + "' (expected scheme://host[:port], "
        + "for example http://localhost:3000)");
  }
}
