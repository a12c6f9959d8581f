package org.spinepathways.apply;

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
import org.spinepathways.content.PathwayVocabulary;

/**
 * Writes the CarePlan and Consent narratives as XHTML nodes, directly: a heading, the decision, one table row per
 * finding, order, task and instruction, and the consent line; for a Consent its heading and one paragraph per
 * statement. Text is only ever added as text, so markup in content or input stays text. (A template engine, then
 * parsing its output back into nodes, was about a sixth of each {@code $apply}'s time; the layout, two small
 * fixed shapes, is plain in the code below.) Stateless and thread-safe.
 */
final class NarrativeRenderer {

  /**
   * One row of the plan table, as a clinician reads it: what the row is (finding, order, task, instruction) and its
   * topic, whom it is for, its status in words, and its details.
   */
  private record Row(String what, String forWhom, String status, String text) {}

  void render(CarePlan carePlan) {
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
    boolean hasConsent = carePlan.getContained().stream().anyMatch(Consent.class::isInstance);

    // The line breaks and indentation are text nodes, so that the div reads in the JSON as it always has.
    XhtmlNode div = div();
    div.addText("\n  ");
    text(div.addTag("h3"), carePlan.getTitle());
    div.addText("\n  ");
    text(div.addTag("p"), carePlan.getDescription());
    div.addText("\n  ");
    div.addTag("p").addTag("b").addText("Findings, orders, tasks and instructions");
    div.addText("\n  ");
    XhtmlNode table = div.addTag("table");
    table.addText("\n    ");
    XhtmlNode head = table.addTag("thead").addTag("tr");
    for (String column : new String[] {"What", "For", "Status", "Details"}) {
      head.addTag("th").addText(column);
    }
    table.addText("\n    ");
    XhtmlNode body = table.addTag("tbody");
    body.addText("\n      ");
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0) {
        body.addText("\n      ");
      }
      XhtmlNode tr = body.addTag("tr");
      for (String cell : new String[] {rows.get(i).what(), rows.get(i).forWhom(), rows.get(i).status(),
          rows.get(i).text()}) {
        tr.addText("\n        ");
        text(tr.addTag("td"), cell);
      }
      tr.addText("\n      ");
    }
    body.addText("\n    ");
    table.addText("\n  ");
    div.addText("\n  ");
    if (hasConsent) {
      XhtmlNode p = div.addTag("p");
      p.addTag("b").addText("Consent:");
      p.addText(" a consent form is proposed for the patient to sign.");
    }
    div.addText("\n");
    set(carePlan, div);
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
    XhtmlNode div = div();
    div.addText("\n  ");
    text(div.addTag("h3"), consent.getProvision().getCodeFirstRep().getText());
    div.addText("\n  ");
    List<Extension> statements = consent.getExtensionsByUrl(PathwayVocabulary.EXT_CONSENT_STATEMENT);
    for (int i = 0; i < statements.size(); i++) {
      if (i > 0) {
        div.addText("\n  ");
      }
      Extension e = statements.get(i);
      Extension frequency = e.getExtensionByUrl("frequency");
      XhtmlNode p = div.addTag("p");
      text(p.addTag("b"), label(e.getExtensionByUrl("topic").getValue().primitiveValue()) + " ");
      if (frequency != null) {
        text(p.addTag("span"), frequency.getValue().primitiveValue() + ": ");
      }
      text(p.addTag("span"), e.getExtensionByUrl("text").getValue().primitiveValue());
    }
    div.addText("\n");
    set(consent, div);
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

  private static XhtmlNode div() {
    XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
    div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
    return div;
  }

  /**
   * Adds text as text. Line ends are written as XML reads them (CR LF and CR become LF) and characters XML 1.0 does
   * not allow (control characters other than tab and line ends, unpaired surrogates, U+FFFE and U+FFFF) are left
   * out, so that the narrative is always well-formed XHTML for any reader.
   */
  private static void text(XhtmlNode element, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = c >= 0x20 && c <= 0xD7FF || c == '\t' || c == '\n' || c >= 0xE000 && c <= 0xFFFD
          || Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      if (allowed && out == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (c == '\r') {
        out.append('\n');
        if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
      } else if (allowed) {
        out.append(c);
      }
    }
    element.addText(out == null ? text : out.toString());
  }

  private static void set(DomainResource resource, XhtmlNode div) {
    Narrative text = new Narrative();
    text.setStatus(Narrative.NarrativeStatus.GENERATED);
    text.setDiv(div);
    resource.setText(text);
  }
}
