package org.spinepathways;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The packaged library, loaded once per test JVM, with a fixed clock so outputs repeat exactly. */
public final class TestModule {

  /** The instant every test output is stamped with. */
  public static final Instant NOW = Instant.parse("2027-01-10T09:00:00Z");

  private static PathwayModule module;

  private TestModule() {}

  public static synchronized PathwayModule get() {
    if (module == null) {
      module = PathwayModule.load(null, Clock.fixed(NOW, ZoneOffset.UTC));
      // In the tests every CarePlan is validated against the profiles before it is returned.
      module.processor().setCheckOutput(true);
    }
    return module;
  }
}
