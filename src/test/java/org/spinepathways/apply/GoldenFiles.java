package org.spinepathways.apply;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Resource;

/** How golden CarePlans are compared: as JSON, with the id and the stamping timestamps blanked. */
public final class GoldenFiles {

  private GoldenFiles() {}

  /** JSON with the CarePlan id and every timestamp blanked. */
  public static String normalised(IParser parser, CarePlan carePlan) {
    CarePlan copy = carePlan.copy();
    copy.setId((String) null);
    copy.setCreated(null);
    for (Resource r : copy.getContained()) {
      if (r instanceof org.hl7.fhir.r4.model.ServiceRequest x) {
        x.setAuthoredOn(null);
      } else if (r instanceof org.hl7.fhir.r4.model.CommunicationRequest x) {
        x.setAuthoredOn(null);
      } else if (r instanceof org.hl7.fhir.r4.model.Task x) {
        x.setAuthoredOn(null);
      } else if (r instanceof org.hl7.fhir.r4.model.RequestGroup x) {
        x.setAuthoredOn(null);
      } else if (r instanceof org.hl7.fhir.r4.model.DetectedIssue x) {
        x.setIdentified(null);
      } else if (r instanceof org.hl7.fhir.r4.model.Consent x) {
        x.setDateTime(null);
      } else if (r instanceof org.hl7.fhir.r4.model.GuidanceResponse x) {
        x.setOccurrenceDateTimeElement(null);
      }
    }
    return parser.encodeResourceToString(copy);
  }

}
