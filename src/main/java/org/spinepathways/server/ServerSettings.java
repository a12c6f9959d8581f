package org.spinepathways.server;

import java.nio.file.Path;
import java.util.List;

/**
 * How the server runs.
 *
 * @param port HTTP port; 0 picks a free one (tests)
 * @param contentDir knowledge content to serve instead of the packaged content, or null
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param checkOutput validate every CarePlan $apply returns against the profiles (a failure is a 500: a bug)
 * @param corsOrigins origins (scheme://host[:port]) whose pages may call the server from a browser; none by default
 */
public record ServerSettings(int port, Path contentDir, long maxBodyBytes, boolean checkOutput,
    List<String> corsOrigins) {

  public ServerSettings(int port, Path contentDir, long maxBodyBytes) {
    this(port, contentDir, maxBodyBytes, false);
  }

  public ServerSettings(int port, Path contentDir, long maxBodyBytes, boolean checkOutput) {
    this(port, contentDir, maxBodyBytes, checkOutput, List.of());
  }

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public ServerSettings {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    corsOrigins = corsOrigins == null ? List.of() : corsOrigins.stream().map(CorsPolicy::checked).toList();
  }
}
