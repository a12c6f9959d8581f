package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class NarrativeRendererTest {

  private final NarrativeRenderer renderer = new NarrativeRenderer();

  /** Text from content or input is shown as text: markup in it never becomes markup in the narrative. */
  @Test
  void textIsEscapedAndKeptWhole() {
    CarePlan carePlan = new CarePlan().setTitle("Plan for Tom & Jerry");
    CommunicationRequest cr = new CommunicationRequest()
        .setStatus(CommunicationRequest.CommunicationRequestStatus.ACTIVE);
    cr.setId("cr-1");
    cr.addPayload().setContent(new StringType("Bring \"notes\" <b>and</b> a café list & <script>x</script>"));
    carePlan.addContained(cr);
    for (int round = 0; round < 3; round++) {
      renderer.render(carePlan);
      String div = carePlan.getText().getDivAsString();
      assertTrue(div.startsWith("<div xmlns=\"http://www.w3.org/1999/xhtml\">"), div);
      assertTrue(div.contains("Plan for Tom &amp; Jerry"), div);
      assertTrue(div.contains("café"), div);
      assertTrue(div.contains("&lt;script&gt;"), div);
      assertFalse(div.contains("<script>"), div);
      assertFalse(div.contains("<b>and</b>"), div);
      assertEquals("generated", carePlan.getText().getStatus().toCode());
    }
  }

  /**
   * Text XML does not allow (a control character, an unpaired surrogate) is left out, and CR line ends are written as
   * XML reads them: the narrative is well-formed XHTML for any reader, and the rest of the text is kept.
   */
  @Test
  void narrativeIsWellFormedWhateverTheText() throws Exception {
    CarePlan carePlan = new CarePlan().setTitle("Plan\u0001 title\uD800 end").setDescription("line one\r\nline two\rthree");
    renderer.render(carePlan);
    String div = carePlan.getText().getDivAsString();
    assertTrue(div.contains("Plan title end"), div);
    assertTrue(div.contains("line one\nline two\nthree"), div);
    assertFalse(div.contains("\u0001") || div.contains("\uD800") || div.contains("\r"), div);
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(div)));
    renderer.render(new CarePlan().setTitle("Next plan"));
  }

  /** Rows say what they are for a clinician, for whom, and their status in words; never a FHIR type name. */
  @Test
  void rowsSayWhatTheyAreAndForWhom() {
    CarePlan carePlan = new CarePlan().setTitle("Plan");
    DetectedIssue issue = new DetectedIssue().setStatus(DetectedIssue.DetectedIssueStatus.PRELIMINARY)
        .setSeverity(DetectedIssue.DetectedIssueSeverity.HIGH).setDetail("Infection reported");
    issue.getCode().addCoding().setDisplay("Infectious disease");
    ServiceRequest sr = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ONHOLD)
        .setCode(new CodeableConcept().setText("Nerve root injection"));
    Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setDescription("Obtain the signature");
    task.getCode().addCoding().setDisplay("Consent signature");
    CommunicationRequest cr = new CommunicationRequest()
        .setStatus(CommunicationRequest.CommunicationRequestStatus.ACTIVE).addRecipient(new Reference("Patient/p"));
    cr.addCategory().addCoding().setDisplay("Aftercare at home");
    cr.addPayload().setContent(new StringType("Keep the site dry."));
    carePlan.addContained(cr).addContained(task).addContained(sr).addContained(issue);
    renderer.render(carePlan);
    String div = carePlan.getText().getDivAsString().replaceAll("\\s+", " ");

    assertTrue(div.contains("<th>What</th><th>For</th><th>Status</th><th>Details</th>"), div);
    assertTrue(div.contains("<td>Finding: Infectious disease</td> <td>Clinician to review</td> "
        + "<td>Preliminary</td> <td>High severity: Infection reported</td>"), div);
    assertTrue(div.contains("<td>Order</td> <td>Clinical team</td> <td>On hold</td> <td>Nerve root injection</td>"),
        div);
    assertTrue(div.contains("<td>Task: Consent signature</td> <td>Clinical team</td> <td>Requested</td>"), div);
    assertTrue(div.contains("<td>Instruction to the patient: Aftercare at home</td> <td>Patient</td> "
        + "<td>Active</td> <td>Keep the site dry.</td>"), div);
    assertTrue(div.indexOf("Finding:") < div.indexOf("Instruction to the patient"), "findings first");
    for (String type : new String[] {"CommunicationRequest", "ServiceRequest", "DetectedIssue", ">Task<"}) {
      assertFalse(div.contains(type), type + " in " + div);
    }
  }
}
