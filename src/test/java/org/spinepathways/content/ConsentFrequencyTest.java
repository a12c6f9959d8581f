package org.spinepathways.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/**
 * The frequency a consent risk carries never contradicts itself: a figure ("about 1 in 4", in the frequency or in
 * the text) is never more frequent than the band it is labelled with (common: under 1 in 10; rare: under 1 in 100;
 * very or extremely rare: under 1 in 1,000). A risk added as a clinical safety decision (source "CSD-...") carries
 * no frequency, because no source gives one for that pathway.
 */
class ConsentFrequencyTest {

  private static final Pattern FIGURE = Pattern.compile("1 in ([0-9][0-9,]*)");

  @Test
  void noFigureIsMoreFrequentThanItsBand() {
    List<String> contradictions = new ArrayList<>();
    int checked = 0;
    for (Consent consent : TestModule.get().store().all(Consent.class)) {
      for (Extension s : consent.getExtensionsByUrl(PathwayVocabulary.EXT_CONSENT_STATEMENT)) {
        String frequency = part(s, "frequency");
        Integer band = frequency == null ? null : bandDenominator(frequency);
        if (band == null) {
          continue;
        }
        checked++;
        for (String where : new String[] {frequency, part(s, "text")}) {
          Matcher m = FIGURE.matcher(where);
          while (m.find()) {
            int denominator = Integer.parseInt(m.group(1).replace(",", ""));
            if (denominator < band) {
              contradictions.add(consent.getIdPart() + ": '" + frequency + "' vs '1 in " + m.group(1) + "' in: "
                  + part(s, "text"));
            }
          }
        }
      }
    }
    assertTrue(checked > 20, "expected banded risks in the consents; found " + checked);
    assertEquals(List.of(), contradictions);
  }

  @Test
  void bandsAreReadAsTheSourcesDefineThem() {
    assertEquals(10, bandDenominator("More common (fewer than 1 in 10)"));
    assertEquals(100, bandDenominator("Rare"));
    assertEquals(1000, bandDenominator("Extremely rare (about 1 in 500,000)"));
    assertEquals(1000, bandDenominator("Very rare (less than 1 in 10,000)"));
    assertEquals(null, bandDenominator("About 1 in 4 people"));
  }

  @Test
  void clinicalSafetyDecisionRisksCarryNoFrequency() {
    List<String> withFrequency = new ArrayList<>();
    for (Consent consent : TestModule.get().store().all(Consent.class)) {
      for (Extension s : consent.getExtensionsByUrl(PathwayVocabulary.EXT_CONSENT_STATEMENT)) {
        String source = part(s, "source");
        if (source != null && source.startsWith("CSD-") && part(s, "frequency") != null) {
          withFrequency.add(consent.getIdPart() + " " + source);
        }
      }
    }
    assertEquals(List.of(), withFrequency, "no source gives a frequency for these; none may be invented");
  }

  /** The least denominator a band allows (common under 1 in 10, ...), or null when the label names no band. */
  static Integer bandDenominator(String frequency) {
    String f = frequency.toLowerCase(java.util.Locale.ROOT);
    if (f.startsWith("very rare") || f.startsWith("extremely rare")) {
      return 1000;
    }
    if (f.startsWith("rare")) {
      return 100;
    }
    if (f.startsWith("common") || f.startsWith("more common")) {
      return 10;
    }
    return null;
  }

  private static String part(Extension statement, String url) {
    Extension e = statement.getExtensionByUrl(url);
    return e == null ? null : e.getValue().primitiveValue();
  }
}
