package org.spinepathways.apply;

import java.io.IOException;

import java.util.ArrayList;
import java.util.List;

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
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.hl7.fhir.utilities.xhtml.XhtmlParser;
import org.spinepathways.content.PathwayVocabulary;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the CarePlan and Consent narratives from the Thymeleaf templates in {@code /narrative/}, with one
 * template engine built at start-up and its parsed templates cached. (HAPI's narrative generator builds a new
 * Thymeleaf engine on every call, which was the largest single cost of $apply.) Thread-safe.
 */
final class NarrativeRenderer {

  /** One row of the requests table. */
  public record Row(String type, String status, String text) {}

  /** One consent statement, ready to show. */
  public record Statement(String label, String frequency, String text) {}

  private final TemplateEngine engine;

  /**
   * HAPI's XHTML parser, one per thread. {@code Narrative.setDivAsString} builds a new parser per call, and its
   * constructor fills a table of every HTML entity: a twentieth of each $apply. A parse that fails drops the
   * thread's parser, so a half-read document never leaks into the next one.
   */
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
    List<DetectedIssue> issues = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (Resource r : carePlan.getContained()) {
      if (r instanceof DetectedIssue issue) {
        issues.add(issue);
      } else if (r instanceof ServiceRequest sr) {
        rows.add(new Row("ServiceRequest", sr.getStatus().toCode(), sr.getCode().hasText() ? sr.getCode().getText()
            : sr.getCode().getCodingFirstRep().getDisplay()));
      } else if (r instanceof Task task) {
        rows.add(new Row("Task", task.getStatus().toCode(), task.hasCode() && task.getCode().hasCoding()
            ? task.getCode().getCodingFirstRep().getDisplay() : task.getDescription()));
      } else if (r instanceof CommunicationRequest cr) {
        rows.add(new Row("CommunicationRequest", cr.getStatus().toCode(),
            cr.hasPayload() ? cr.getPayloadFirstRep().getContent().primitiveValue() : ""));
      }
    }
    context.setVariable("issues", issues);
    context.setVariable("rows", rows);
    context.setVariable("hasConsent", carePlan.getContained().stream().anyMatch(Consent.class::isInstance));
    set(carePlan, engine.process("CarePlan", context));
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
    text.setDiv(parse(html.trim()));
    resource.setText(text);
  }

  private static XhtmlNode parse(String html) {
    try {
      for (XhtmlNode node : XHTML.get().parse(html, "div").getChildNodes()) {
        if (node.getNodeType() == NodeType.Element) {
          return node;
        }
      }
      throw new IllegalStateException("A narrative template produced no element");
    } catch (IOException | RuntimeException e) {
      XHTML.remove();
      throw new IllegalStateException("A narrative template produced invalid XHTML: " + e.getMessage(), e);
    }
  }
}
