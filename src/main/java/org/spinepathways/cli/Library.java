package org.spinepathways.cli;

import java.nio.file.Path;
import java.util.Optional;

import org.spinepathways.PathwayModule;
import org.spinepathways.content.ContentException;

/** Loads the knowledge library for a command; a broken library prints every problem and gives no module. */
final class Library {

  private Library() {}

  static Optional<PathwayModule> load(Path contentDir) {
    try {
      return Optional.of(PathwayModule.load(contentDir));
    } catch (ContentException e) {
      System.err.println(e.getMessage());
      return Optional.empty();
    }
  }
}
