package org.spinepathways.server.http;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BodyChecksTest {

  private static String json(String text) {
    return BodyChecks.check(text.getBytes(StandardCharsets.UTF_8), "application/fhir+json", 10);
  }

  private static String xml(String text) {
    return BodyChecks.check(text.getBytes(StandardCharsets.UTF_8), "application/fhir+xml", 10);
  }

  @Test
  void jsonNestingIsCountedOutsideStrings() {
    assertNull(json("{\"a\":[[[[\"[[[[[[[[[[[[[[\"]]]]}"));
    assertTrue(json("[".repeat(11) + "]".repeat(11)).contains("more than 10 levels"));
    assertTrue(json("{\"a\":\n" + "[".repeat(11)).contains("line 2"));
  }

  @Test
  void controlCharactersInJsonStringsAreRefusedButTabsAndNewlinesPass() {
    assertNull(json("{\"a\":\"x\\ty\\nz\\r\\u0009\\u000A\\\"\\\\\"}"));
    assertTrue(json("{\"a\":\"x\\u0000\"}").contains("control character"));
    assertTrue(json("{\"a\":\"x\\u001f\"}").contains("control character"));
    assertTrue(json("{\"a\":\"x\\b\"}").contains("control character"));
    assertTrue(json("{\"a\":\"x\u0001\"}").contains("control character"));
  }

  @Test
  void xmlNestingSkipsCommentsCdataAndSelfClosingElements() {
    assertNull(xml("<?xml version=\"1.0\"?><!-- <a><a><a><a><a><a><a><a><a><a><a> --><r>"
        + "<e a=\"/>\"/>".repeat(50) + "<![CDATA[<a><a><a><a><a><a><a><a><a><a><a><a>]]></r>"));
    assertTrue(xml("<a>".repeat(11) + "</a>".repeat(11)).contains("more than 10 levels"));
  }

  @Test
  void otherMediaTypesAreNotScanned() {
    assertNull(BodyChecks.check("[[[[[[[[[[[[[[[[".getBytes(StandardCharsets.UTF_8), "text/plain", 10));
  }
}
