package org.spinepathways.apply;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Compares each screening answer that {@code $populate} pre-filled (its item carries {@code sip-answer-origin}) with
 * the answer the response now gives, so the explanation shows a pre-filled answer the patient kept or changed, with
 * the records it came from.
 */
final class PrefillReview {

  /** One pre-filled item: what was pre-filled, what is answered now, and the records. */
  record Prefill(String linkId, List<Type> prefilled, List<Type> answered, List<Type> records) {
    boolean changed() {
      if (prefilled.size() != answered.size()) {
        return true;
      }
      for (int i = 0; i < prefilled.size(); i++) {
        if (!prefilled.get(i).equalsDeep(answered.get(i))) {
          return true;
        }
      }
      return false;
    }

    ParametersParameterComponent parameter() {
      ParametersParameterComponent p = new ParametersParameterComponent().setName("prefill");
      p.addPart().setName("linkId").setValue(new StringType(linkId));
      p.addPart().setName("status").setValue(new CodeType(changed() ? "changed" : "kept"));
      prefilled.forEach(v -> p.addPart().setName("prefilled").setValue(v.copy()));
      answered.forEach(v -> p.addPart().setName("answered").setValue(v.copy()));
      records.forEach(r -> p.addPart().setName("record").setValue(r.copy()));
      return p;
    }

    String describe() {
      return "Item '" + linkId + "' was pre-filled from the records as " + text(prefilled)
          + (records.isEmpty() ? "" : " (" + String.join(", ", records.stream().map(PrefillReview::text).toList())
          + ")") + "; the response now answers " + (answered.isEmpty() ? "nothing" : text(answered));
    }
  }

  private PrefillReview() {}

  static List<Prefill> of(QuestionnaireResponse response) {
    List<Prefill> out = new ArrayList<>();
    if (response != null) {
      collect(response.getItem(), out);
    }
    return out;
  }

  private static void collect(List<QuestionnaireResponseItemComponent> items, List<Prefill> out) {
    for (QuestionnaireResponseItemComponent item : items) {
      Extension origin = item.getExtensionByUrl(PathwayVocabulary.EXT_ANSWER_ORIGIN);
      if (origin != null) {
        List<Type> answered = new ArrayList<>();
        item.getAnswer().forEach(a -> answered.add(a.getValue()));
        out.add(new Prefill(item.getLinkId(), values(origin, "value"), answered, values(origin, "record")));
      }
      collect(item.getItem(), out);
      item.getAnswer().forEach(a -> collect(a.getItem(), out));
    }
  }

  private static List<Type> values(Extension origin, String part) {
    return origin.getExtensionsByUrl(part).stream().map(Extension::getValue).filter(v -> v != null).toList();
  }

  private static String text(Base value) {
    if (value instanceof org.hl7.fhir.r4.model.Reference r) {
      return r.getReference();
    }
    if (value instanceof org.hl7.fhir.r4.model.Coding c) {
      return c.hasDisplay() ? c.getDisplay() : c.getCode();
    }
    return value.isPrimitive() ? value.primitiveValue() : value.fhirType();
  }

  private static String text(List<Type> values) {
    return String.join(", ", values.stream().map(PrefillReview::text).toList());
  }
}
