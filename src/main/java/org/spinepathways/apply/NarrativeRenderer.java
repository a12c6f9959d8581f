package org.spinepathways.apply;

import java.io.IOException;
import java.io.StringReader;

import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.hl7.fhir.utilities.xhtml.XhtmlParser;
import org.spinepathways.content.PathwayVocabulary;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Renders the CarePlan and Consent narratives from the Thymeleaf templates in {@code /narrative/}, with one
 * template engine built at start-up and its parsed templates cached. (HAPI's narrative generator builds a new
 * Thymeleaf engine on every call, which was the largest single cost of $apply.) Thread-safe.
 */
final class NarrativeRenderer {

  /**
   * One row of the plan table, as a clinician reads it: what the row is (finding, order, task, instruction) and its
   * topic, whom it is for, its status in words, and its details.
   */
  public record Row(String what, String forWhom, String status, String text) {}

  /** One consent statement, ready to show. */
  public record Statement(String label, String frequency, String text) {}

  private final TemplateEngine engine;

  /**
   * XHTML is read with the JDK's DOM parser (one per thread, no DOCTYPE allowed) and turned into HAPI's XhtmlNode by
   * HAPI's own converter. {@code Narrative.setDivAsString} builds a new XhtmlParser per call, which fills a table of
   * every HTML entity and then reads character by character: together about a seventh of each $apply.
   */
  private static final ThreadLocal<DocumentBuilder> DOM = ThreadLocal.withInitial(NarrativeRenderer::newBuilder);
  /** HAPI's converter; it reads no text itself, so one per thread is reused as is. */
  private static final ThreadLocal<XhtmlParser> XHTML = ThreadLocal.withInitial(XhtmlParser::new);

  NarrativeRenderer() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("/narrative/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
  }

  void render(CarePlan carePlan) {
    Context context = new Context();
    context.setVariable("resource", carePlan);
    List<Row> rows = new ArrayList<>();
    for (Resource r : carePlan.getContained()) {
      if (r instanceof DetectedIssue issue) {
        rows.add(row(issue));
      }
    }
    for (Resource r : carePlan.getContained()) {
      if (r instanceof ServiceRequest sr) {
        rows.add(row(sr));
      } else if (r instanceof Task task) {
        rows.add(row(task));
      } else if (r instanceof CommunicationRequest cr) {
        rows.add(row(cr));
      }
    }
    context.setVariable("rows", rows);
    context.setVariable("hasConsent", carePlan.getContained().stream().anyMatch(Consent.class::isInstance));
    set(carePlan, engine.process("CarePlan", context));
  }

  private static Row row(DetectedIssue issue) {
    String severity = issue.hasSeverity() ? issue.getSeverity().getDisplay() + " severity: " : "";
    return new Row(topic("Finding", issue.getCode().getCodingFirstRep().getDisplay()), "Clinician to review",
        status(issue.hasStatus() ? issue.getStatus().toCode() : null), severity + issue.getDetail());
  }

  private static Row row(ServiceRequest sr) {
    String name = sr.getCode().hasText() ? sr.getCode().getText() : sr.getCode().getCodingFirstRep().getDisplay();
    String date = sr.hasOccurrenceDateTimeType() ? "; date " + sr.getOccurrenceDateTimeType()
        .getValueAsString() : "";
    return new Row(topic("Order", sr.getCode().getCodingFirstRep().getDisplay()),
        sr.hasPerformer() ? sr.getPerformerFirstRep().getDisplay() : "Clinical team",
        status(sr.hasStatus() ? sr.getStatus().toCode() : null), name + date);
  }

  private static Row row(Task task) {
    String code = task.hasCode() && task.getCode().hasCoding() ? task.getCode().getCodingFirstRep().getDisplay() : null;
    return new Row(topic("Task", code), task.hasOwner() && task.getOwner().hasDisplay()
        ? task.getOwner().getDisplay() : "Clinical team", status(task.hasStatus() ? task.getStatus().toCode() : null),
        task.getDescription());
  }

  private static Row row(CommunicationRequest cr) {
    boolean toPatient = !cr.hasRecipient() || cr.getRecipient().stream()
        .anyMatch(r -> r.getReference() != null && r.getReference().startsWith("Patient/"));
    String category = cr.getCategoryFirstRep().getCodingFirstRep().getDisplay();
    return new Row(topic(toPatient ? "Instruction to the patient" : "Message", category),
        toPatient ? "Patient" : "Clinical team", status(cr.hasStatus() ? cr.getStatus().toCode() : null),
        cr.hasPayload() ? cr.getPayloadFirstRep().getContent().primitiveValue() : "");
  }

  private static String topic(String kind, String topic) {
    return topic == null || topic.isBlank() ? kind : kind + ": " + topic;
  }

  /** A status code in words: on-hold becomes "On hold", active "Active". */
  private static String status(String code) {
    if (code == null || code.isEmpty()) {
      return "";
    }
    String words = code.replace('-', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  void render(Consent consent) {
    Context context = new Context();
    context.setVariable("title", consent.getProvision().getCodeFirstRep().getText());
    List<Statement> statements = new ArrayList<>();
    for (Extension e : consent.getExtensionsByUrl(PathwayVocabulary.EXT_CONSENT_STATEMENT)) {
      Extension frequency = e.getExtensionByUrl("frequency");
      statements.add(new Statement(label(e.getExtensionByUrl("topic").getValue().primitiveValue()),
          frequency == null ? null : frequency.getValue().primitiveValue(),
          e.getExtensionByUrl("text").getValue().primitiveValue()));
    }
    context.setVariable("statements", statements);
    set(consent, engine.process("Consent", context));
  }

  private static String label(String topic) {
    return switch (topic) {
      case "procedure" -> "The procedure.";
      case "benefit" -> "Possible benefit.";
      case "alternative" -> "Alternative.";
      case "right-to-refuse" -> "Your choice.";
      case "off-label" -> "Medicine used off-label.";
      default -> "Risk.";
    };
  }

  private static void set(DomainResource resource, String html) {
    Narrative text = new Narrative();
    text.setStatus(Narrative.NarrativeStatus.GENERATED);
    XhtmlNode div = parse(html.trim());
    if (div != null) {
      text.setDiv(div);
    } else {
      // Not well-formed XML for the JDK (a control character, say): HAPI's own, more lenient reading decides.
      text.setDivAsString(html.trim());
    }
    resource.setText(text);
  }

  /** The div, or null when the JDK's parser does not accept the text. */
  private static XhtmlNode parse(String html) {
    try {
      Document document = DOM.get().parse(new InputSource(new StringReader(html)));
      return XHTML.get().parseHtmlNode(document.getDocumentElement());
    } catch (IOException | SAXException | RuntimeException e) {
      DOM.remove();
      XHTML.remove();
      return null;
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }
}
