package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.StringType;
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
}
