package org.spinepathways.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Test helper: the Kubernetes manifests in {@code deploy/kubernetes} (every YAML document, parsed with Jackson's YAML
 * reader) and the image they run, as the pom's {@code image} profile builds it (Jib's container settings with the
 * properties resolved). Tests compare the two with each other and with the running server.
 */
public final class DeployManifests {

  public static final Path DIR = Path.of("deploy/kubernetes");
  private static final Path POM = Path.of("pom.xml");

  private DeployManifests() {
  }

  /** Every YAML document of every file in the directory, in file-name order. */
  public static List<JsonNode> documents() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted().toList()) {
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (it.hasNext()) {
            JsonNode doc = it.next();
            if (doc != null && !doc.isNull() && !doc.isEmpty()) {
              docs.add(doc);
            }
          }
        }
      }
    }
    return docs;
  }

  /** The only document of this kind; fails when there is none or more than one. */
  public static JsonNode only(String kind) throws IOException {
    List<JsonNode> found = documents().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " in " + DIR + ", found " + found.size());
    }
    return found.get(0);
  }

  /** A Kubernetes memory quantity in bytes: plain, or with a binary (Ki, Mi, Gi) or decimal (k, M, G) suffix. */
  public static long bytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(quantity.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a memory quantity: " + quantity);
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    long scale = switch (unit) {
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "Ti" -> 1L << 40;
      case "k" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      case "T" -> 1_000_000_000_000L;
      default -> 1L;
    };
    return (long) (n * scale);
  }

  /** The container settings of the pom's {@code image} profile (Jib), properties resolved. */
  public static Image image() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    Document pom = factory.newDocumentBuilder().parse(POM.toFile());
    XPath xpath = XPathFactory.newInstance().newXPath();
    Map<String, String> properties = new HashMap<>();
    properties.put("project.version", xpath.evaluate("/project/version", pom));
    collect(properties, (NodeList) xpath.evaluate("/project/properties/*", pom, XPathConstants.NODESET));
    Node profile = (Node) xpath.evaluate("/project/profiles/profile[id='image']", pom, XPathConstants.NODE);
    if (profile == null) {
      throw new AssertionError("pom.xml has no 'image' profile");
    }
    collect(properties, (NodeList) xpath.evaluate("properties/*", profile, XPathConstants.NODESET));
    Node jib = (Node) xpath.evaluate("build/plugins/plugin[artifactId='jib-maven-plugin']/configuration", profile,
        XPathConstants.NODE);
    if (jib == null) {
      throw new AssertionError("the 'image' profile configures no jib-maven-plugin");
    }
    List<String> entrypoint = new ArrayList<>();
    NodeList args = (NodeList) xpath.evaluate("container/entrypoint/arg", jib, XPathConstants.NODESET);
    for (int i = 0; i < args.getLength(); i++) {
      entrypoint.add(resolve(args.item(i).getTextContent().trim(), properties));
    }
    List<Integer> ports = new ArrayList<>();
    NodeList portNodes = (NodeList) xpath.evaluate("container/ports/port", jib, XPathConstants.NODESET);
    for (int i = 0; i < portNodes.getLength(); i++) {
      ports.add(Integer.parseInt(resolve(portNodes.item(i).getTextContent().trim(), properties).split("/")[0]));
    }
    return new Image(resolve(xpath.evaluate("to/image", jib).trim(), properties), entrypoint, ports,
        resolve(xpath.evaluate("container/user", jib).trim(), properties));
  }

  private static void collect(Map<String, String> properties, NodeList nodes) {
    for (int i = 0; i < nodes.getLength(); i++) {
      properties.put(nodes.item(i).getNodeName(), nodes.item(i).getTextContent().trim());
    }
  }

  private static String resolve(String text, Map<String, String> properties) {
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = properties.get(m.group(1));
      if (value == null) {
        throw new AssertionError("pom.xml: ${" + m.group(1) + "} is not a property");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolve(value, properties)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The image: its name, entrypoint, exposed ports and user ({@code uid[:gid]}). */
  public record Image(String name, List<String> entrypoint, List<Integer> ports, String user) {

    /** The entrypoint's arguments after {@code -jar <jar>}: the application's own command line. */
    public List<String> applicationArgs() {
      int jar = entrypoint.indexOf("-jar");
      if (jar < 0 || jar + 1 >= entrypoint.size()) {
        throw new AssertionError("the image's entrypoint runs no jar: " + entrypoint);
      }
      return entrypoint.subList(jar + 2, entrypoint.size());
    }

    /** The value after {@code flag} in the application's command line. */
    public String option(String flag) {
      List<String> app = applicationArgs();
      int at = app.indexOf(flag);
      if (at < 0 || at + 1 >= app.size()) {
        throw new AssertionError("the image's entrypoint sets no " + flag + ": " + entrypoint);
      }
      return app.get(at + 1);
    }

    /** The heap cap, from {@code -Xmx} before the jar. */
    public long heapBytes() {
      for (String arg : entrypoint.subList(0, entrypoint.indexOf("-jar"))) {
        if (arg.startsWith("-Xmx")) {
          String v = arg.substring(4).toLowerCase();
          long n = Long.parseLong(v.replaceAll("[kmg]$", ""));
          return v.endsWith("g") ? n << 30 : v.endsWith("m") ? n << 20 : v.endsWith("k") ? n << 10 : n;
        }
      }
      throw new AssertionError("the image's entrypoint sets no -Xmx: " + entrypoint);
    }

    /** The numeric uid the image runs as. */
    public long uid() {
      return Long.parseLong(user.split(":")[0]);
    }
  }
}
