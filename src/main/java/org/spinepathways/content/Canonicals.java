package org.spinepathways.content;

import java.util.Comparator;
import java.util.regex.Pattern;

import org.hl7.fhir.utilities.VersionUtilities;

/** Helpers for canonical references ({@code url|version}) and for ordering business versions. */
public final class Canonicals {

  private static final Pattern NUMERIC_SEGMENTS = Pattern.compile("\\d+(\\.\\d+)*");

  /** Orders versions so that the highest compares greatest: semantic versions by SemVer, others segment by segment. */
  public static final Comparator<String> VERSION_ORDER = Canonicals::compareVersions;

  private Canonicals() {}

  /** The URL part of a canonical, without any {@code |version}. */
  public static String url(String canonical) {
    int bar = canonical.indexOf('|');
    return bar < 0 ? canonical : canonical.substring(0, bar);
  }

  /** The version part of a canonical, or null when it has none. */
  public static String version(String canonical) {
    int bar = canonical.indexOf('|');
    return bar < 0 || bar == canonical.length() - 1 ? null : canonical.substring(bar + 1);
  }

  public static String of(String url, String version) {
    return version == null || version.isBlank() ? url : url + "|" + version;
  }

  static int compareVersions(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (VersionUtilities.isSemVer(a) && VersionUtilities.isSemVer(b)) {
      return VersionUtilities.compareVersions(a, b);
    }
    if (NUMERIC_SEGMENTS.matcher(a).matches() && NUMERIC_SEGMENTS.matcher(b).matches()) {
      String[] x = a.split("\\.");
      String[] y = b.split("\\.");
      for (int i = 0; i < Math.max(x.length, y.length); i++) {
        long xi = i < x.length ? Long.parseLong(x[i]) : 0;
        long yi = i < y.length ? Long.parseLong(y[i]) : 0;
        if (xi != yi) {
          return Long.compare(xi, yi);
        }
      }
      return 0;
    }
    return a.compareTo(b);
  }
}
