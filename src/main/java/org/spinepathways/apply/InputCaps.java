package org.spinepathways.apply;

import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;

/**
 * Caps on the size of clinical input, checked before anything expensive (validation, evaluation) runs: a screening
 * response holds at most {@link #MAX_RESPONSE_NODES} items and answers together, {@code data} at most
 * {@link #MAX_DATA_ENTRIES} entries. The screening questionnaires have a few dozen items; the caps leave ample room.
 */
public final class InputCaps {

  public static final int MAX_RESPONSE_NODES = 1000;
  public static final int MAX_DATA_ENTRIES = 1000;

  private InputCaps() {}

  /** Rejects (422) a response with more items and answers than the cap, without walking past it. */
  public static void checkResponse(QuestionnaireResponse response, String location) {
    if (count(response.getItem(), 0) > MAX_RESPONSE_NODES) {
      throw new InputRejectedException(UNPROCESSABLE, "The QuestionnaireResponse holds more than "
          + MAX_RESPONSE_NODES + " items and answers; a screening response is far smaller", location + ".item");
    }
  }

  /** Rejects (422) data with more entries than the cap. */
  public static void checkData(Bundle data) {
    if (data != null && data.getEntry().size() > MAX_DATA_ENTRIES) {
      throw new InputRejectedException(UNPROCESSABLE, "data holds " + data.getEntry().size() + " entries; at most "
          + MAX_DATA_ENTRIES + " are accepted", "data.entry");
    }
  }

  private static int count(List<QuestionnaireResponseItemComponent> items, int sofar) {
    int n = sofar;
    for (QuestionnaireResponseItemComponent item : items) {
      n += 1 + item.getAnswer().size();
      if (n > MAX_RESPONSE_NODES) {
        return n;
      }
      n = count(item.getItem(), n);
      for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
        n = count(answer.getItem(), n);
      }
    }
    return n;
  }
}
