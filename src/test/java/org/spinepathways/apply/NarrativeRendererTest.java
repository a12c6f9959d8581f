package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

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

  /** Text the JDK's XML parser refuses (a control character) still gets a narrative, read by HAPI's parser. */
  @Test
  void textTheXmlParserRefusesStillGetsANarrative() {
    CarePlan carePlan = new CarePlan().setTitle("Plan\u0001 title");
    renderer.render(carePlan);
    assertTrue(carePlan.getText().getDivAsString().contains("title"), carePlan.getText().getDivAsString());
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
