package org.spinepathways.server.http;

/**
 * Cheap checks of a buffered FHIR body before any parser sees it: nesting depth (JSON and XML) and, in JSON,
 * control characters that FHIR strings may not hold (which would otherwise reach an XML answer). A problem is
 * reported with its line and column, never with the text around it.
 */
final class BodyChecks {

  private BodyChecks() {}

  /** The problem found, or null. */
  static String check(byte[] body, String mediaType, int maxDepth) {
    if (mediaType == null) {
      return null;
    }
    if (mediaType.contains("json")) {
      return checkJson(body, maxDepth);
    }
    if (mediaType.contains("xml")) {
      return checkXml(body, maxDepth);
    }
    return null;
  }

  static String checkJson(byte[] body, int maxDepth) {
    int depth = 0;
    int line = 1;
    int column = 0;
    boolean inString = false;
    for (int i = 0; i < body.length; i++) {
      int b = body[i] & 0xff;
      column++;
      if (b == '\n') {
        line++;
        column = 0;
      }
      if (inString) {
        if (b == '"') {
          inString = false;
        } else if (b < 0x20) {
          return controlCharacter(line, column);
        } else if (b == '\\' && i + 1 < body.length) {
          int next = body[++i] & 0xff;
          column++;
          if (next == 'b' || next == 'f' || (next == 'u' && isControlEscape(body, i + 1))) {
            return controlCharacter(line, column);
          }
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        if (++depth > maxDepth) {
          return nestedTooDeep(maxDepth, line, column);
        }
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return null;
  }

  /** {@code \}{@code u00XX} with XX below 0x20 other than tab, line feed and carriage return. */
  private static boolean isControlEscape(byte[] body, int start) {
    if (start + 4 > body.length || body[start] != '0' || body[start + 1] != '0') {
      return false;
    }
    int high = Character.digit(body[start + 2], 16);
    int low = Character.digit(body[start + 3], 16);
    if (high < 0 || low < 0) {
      return false;
    }
    int c = high * 16 + low;
    return c < 0x20 && c != 0x09 && c != 0x0a && c != 0x0d;
  }

  static String checkXml(byte[] body, int maxDepth) {
    int depth = 0;
    int line = 1;
    int column = 0;
    for (int i = 0; i < body.length; i++) {
      int b = body[i] & 0xff;
      column++;
      if (b == '\n') {
        line++;
        column = 0;
      }
      if (b != '<' || i + 1 >= body.length) {
        continue;
      }
      int next = body[i + 1];
      if (next == '!' || next == '?') {
        i = skipMarkup(body, i);
      } else if (next == '/') {
        depth--;
      } else {
        int end = endOfTag(body, i);
        if (end < 0) {
          return null;
        }
        if (body[end - 1] != '/' && ++depth > maxDepth) {
          return nestedTooDeep(maxDepth, line, column);
        }
        i = end;
      }
    }
    return null;
  }

  /** Index of the {@code >} closing a start tag, skipping quoted attribute values; -1 when there is none. */
  private static int endOfTag(byte[] body, int start) {
    byte quote = 0;
    for (int i = start + 1; i < body.length; i++) {
      byte b = body[i];
      if (quote != 0) {
        if (b == quote) {
          quote = 0;
        }
      } else if (b == '"' || b == '\'') {
        quote = b;
      } else if (b == '>') {
        return i;
      }
    }
    return -1;
  }

  /** Skips a comment, CDATA section, declaration or processing instruction; returns the index of its end. */
  private static int skipMarkup(byte[] body, int start) {
    String terminator = startsWith(body, start, "<!--") ? "-->" : startsWith(body, start, "<![CDATA[") ? "]]>"
        : startsWith(body, start, "<?") ? "?>" : ">";
    for (int i = start + 2; i + terminator.length() <= body.length; i++) {
      if (startsWith(body, i, terminator)) {
        return i + terminator.length() - 1;
      }
    }
    return body.length;
  }

  private static boolean startsWith(byte[] body, int at, String text) {
    if (at + text.length() > body.length) {
      return false;
    }
    for (int k = 0; k < text.length(); k++) {
      if (body[at + k] != text.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static String nestedTooDeep(int maxDepth, int line, int column) {
    return "The request body is nested more than " + maxDepth + " levels deep (at line " + line + ", column "
        + column + ")";
  }

  private static String controlCharacter(int line, int column) {
    return "The request body holds a control character in a string (at line " + line + ", column " + column
        + "); FHIR strings may contain tab, line feed and carriage return only";
  }
}
