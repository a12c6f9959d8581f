package org.spinepathways.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CanonicalsTest {

  @Test
  void splitsUrlAndVersion() {
    assertEquals("http://x/PlanDefinition/a", Canonicals.url("http://x/PlanDefinition/a|1.2.0"));
    assertEquals("1.2.0", Canonicals.version("http://x/PlanDefinition/a|1.2.0"));
    assertNull(Canonicals.version("http://x/PlanDefinition/a"));
    assertNull(Canonicals.version("http://x/PlanDefinition/a|"));
  }

  @Test
  void ordersVersionsNumericallyNotAlphabetically() {
    assertTrue(Canonicals.VERSION_ORDER.compare("0.10.0", "0.9.0") > 0);
    assertTrue(Canonicals.VERSION_ORDER.compare("2", "10") < 0);
    assertTrue(Canonicals.VERSION_ORDER.compare("1.0.0", "1.0.0-beta") > 0);
    assertEquals(0, Canonicals.VERSION_ORDER.compare("1.0", "1.0"));
  }
}
