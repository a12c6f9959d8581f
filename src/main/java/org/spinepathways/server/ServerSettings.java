package org.spinepathways.server;

import java.nio.file.Path;

/**
 * How the server runs.
 *
 * @param port HTTP port; 0 picks a free one (tests)
 * @param contentDir knowledge content to serve instead of the packaged content, or null
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 */
public record ServerSettings(int port, Path contentDir, long maxBodyBytes) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public ServerSettings {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
  }
}
