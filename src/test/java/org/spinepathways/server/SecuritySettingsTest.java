package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecuritySettingsTest {

  @Test
  void loopbackByDefault() {
    SecuritySettings defaults = SecuritySettings.defaults();
    assertEquals("127.0.0.1", defaults.host());
    assertTrue(defaults.loopback());
    assertDoesNotThrow(defaults::checkBind);
    assertEquals("http://localhost:8080/fhir", defaults.baseUrl(8080));
  }

  @Test
  void anotherInterfaceNeedsTokensOrAnExplicitInsecure() {
    SecuritySettings open = SecuritySettings.defaults().withHost("0.0.0.0", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, open::checkBind);
    assertTrue(e.getMessage().contains("--auth-jwks") && e.getMessage().contains("--insecure"), e.getMessage());
    assertDoesNotThrow(SecuritySettings.defaults().withHost("0.0.0.0", true)::checkBind);
  }

  @Test
  void theBaseUrlIsConfiguredNeverGuessedFromRequests() {
    assertEquals("https://fhir.example.test/fhir",
        SecuritySettings.defaults().withBaseUrl("https://fhir.example.test/fhir/").baseUrl(8080));
    assertEquals("http://10.1.2.3:9000/fhir", SecuritySettings.defaults().withHost("10.1.2.3", true).baseUrl(9000));
  }
}
