package org.spinepathways.provider;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The parts of a {@code $validate} Parameters body, read from the text as sent (JSON with Jackson, XML with the JDK's
 * DOM parser, DOCTYPEs refused), not through HAPI's model: the resource to validate keeps every element, unknown ones
 * and invalid codes included, so that the validator reports them with their location instead of the parser dropping
 * or refusing them.
 */
record RawParameters(String resource, String profile, String mode) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether the text is a Parameters resource (it may still be one without a {@code resource} part). */
  static boolean isParameters(String text) {
    String t = text.stripLeading();
    if (t.startsWith("<")) {
      return t.replaceFirst("(?s)^<\\?.*?\\?>\\s*", "").startsWith("<Parameters");
    }
    try {
      JsonNode root = JSON.readTree(t);
      return root != null && "Parameters".equals(root.path("resourceType").asText());
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  static RawParameters read(String text) {
    return text.stripLeading().startsWith("<") ? readXml(text) : readJson(text);
  }

  private static RawParameters readJson(String text) {
    try {
      JsonNode root = JSON.readTree(text);
      String resource = null;
      String profile = null;
      String mode = null;
      for (JsonNode p : root.path("parameter")) {
        String name = p.path("name").asText();
        switch (name) {
          case "resource" -> resource = p.has("resource") ? JSON.writeValueAsString(p.get("resource")) : null;
          case "profile" -> profile = firstValue(p).orElse(null);
          case "mode" -> mode = firstValue(p).orElse(null);
          default -> { }
        }
      }
      return new RawParameters(resource, profile, mode);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("The Parameters body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static Optional<String> firstValue(JsonNode parameter) {
    var fields = parameter.fieldNames();
    while (fields.hasNext()) {
      String f = fields.next();
      if (f.startsWith("value") && parameter.get(f).isValueNode()) {
        return Optional.of(parameter.get(f).asText());
      }
    }
    return Optional.empty();
  }

  private static RawParameters readXml(String text) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      Document doc = builder.parse(new InputSource(new StringReader(text)));
      String resource = null;
      String profile = null;
      String mode = null;
      for (Element p : children(doc.getDocumentElement(), "parameter")) {
        Element name = first(p, "name");
        String n = name == null ? "" : name.getAttribute("value");
        switch (n) {
          case "resource" -> {
            Element holder = first(p, "resource");
            Element inner = holder == null ? null : firstElement(holder);
            resource = inner == null ? null : serialise(inner);
          }
          case "profile" -> profile = valueOf(p);
          case "mode" -> mode = valueOf(p);
          default -> { }
        }
      }
      return new RawParameters(resource, profile, mode);
    } catch (Exception e) {
      throw new InvalidRequestException("The Parameters body is not well-formed XML (or declares a DOCTYPE)");
    }
  }

  private static String valueOf(Element parameter) {
    for (Element c : children(parameter, null)) {
      if (c.getLocalName().startsWith("value")) {
        return c.getAttribute("value");
      }
    }
    return null;
  }

  private static java.util.List<Element> children(Element parent, String localName) {
    java.util.List<Element> out = new java.util.ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (localName == null || localName.equals(e.getLocalName()))) {
        out.add(e);
      }
    }
    return out;
  }

  private static Element first(Element parent, String localName) {
    java.util.List<Element> found = children(parent, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static Element firstElement(Element parent) {
    return first(parent, null);
  }

  private static String serialise(Element element) throws Exception {
    Transformer t = TransformerFactory.newInstance().newTransformer();
    t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
    StringWriter out = new StringWriter();
    t.transform(new DOMSource(element), new StreamResult(out));
    return out.toString();
  }
}
