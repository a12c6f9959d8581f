package org.spinepathways.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.spinepathways.PathwayModule;

/** Shared inputs: the packaged library (loaded once per JVM, fixed clock) and the scenario request files. */
final class BenchInputs {

  private static PathwayModule module;

  private BenchInputs() {}

  static synchronized PathwayModule module() {
    if (module == null) {
      module = PathwayModule.load(null, Clock.fixed(Instant.parse("2027-01-10T09:00:00Z"), ZoneOffset.UTC));
    }
    return module;
  }

  /** "plan/scenario" → the scenario's request.json text. */
  static String request(String scenario) {
    return read(Path.of("src/test/resources/scenarios", scenario, "request.json"));
  }

  static String expectedCarePlan(String scenario) {
    return read(Path.of("src/test/resources/scenarios", scenario, "expected-careplan.json"));
  }

  static String plan(String scenario) {
    return scenario.substring(0, scenario.indexOf('/'));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
