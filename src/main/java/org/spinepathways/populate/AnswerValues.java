package org.spinepathways.populate;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;

/** Turns a FHIRPath result into an answer of the item's type, as SDC's initialExpression asks. */
final class AnswerValues {

  private AnswerValues() {}

  /** The answer value for one result item, or null when it cannot be an answer of that type. */
  static Type toAnswer(QuestionnaireItemType type, Base value) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> value instanceof BooleanType b ? b.copy() : null;
      case INTEGER -> integer(value);
      case DECIMAL -> value instanceof DecimalType || value instanceof IntegerType
          ? new DecimalType(value.primitiveValue()) : null;
      case DATE -> date(value);
      case DATETIME -> value instanceof DateTimeType || value instanceof DateType
          ? new DateTimeType(value.primitiveValue()) : null;
      case TIME -> value instanceof TimeType t ? t.copy() : null;
      case STRING, TEXT -> value instanceof PrimitiveType<?> p && !(value instanceof BooleanType)
          ? new StringType(p.primitiveValue()) : null;
      case URL -> value instanceof UriType u ? new UriType(u.getValue()) : null;
      case CHOICE, OPENCHOICE -> coding(type, value);
      case QUANTITY -> value instanceof Quantity q ? q.copy() : null;
      case REFERENCE -> reference(value);
      default -> null;
    };
  }

  private static Type integer(Base value) {
    if (value instanceof IntegerType i) {
      return i.copy();
    }
    if (value instanceof DecimalType d && d.getValue() != null && d.getValue().stripTrailingZeros().scale() <= 0) {
      return new IntegerType(d.getValue().intValueExact());
    }
    return null;
  }

  /** A date, or a dateTime cut to its day (a record's timestamp answers "when" questions by date). */
  private static Type date(Base value) {
    if (value instanceof DateType d) {
      return d.copy();
    }
    if (value instanceof DateTimeType dt && dt.getValue() != null) {
      String text = dt.getValueAsString();
      return new DateType(text.length() > 10 ? text.substring(0, 10) : text);
    }
    return null;
  }

  private static Type coding(QuestionnaireItemType type, Base value) {
    if (value instanceof Coding c) {
      return c.copy();
    }
    if (value instanceof CodeableConcept cc && cc.hasCoding()) {
      return cc.getCodingFirstRep().copy();
    }
    if (type == QuestionnaireItemType.OPENCHOICE && value instanceof StringType s) {
      return s.copy();
    }
    return value instanceof CodeType code ? new Coding().setCode(code.getValue()) : null;
  }

  private static Type reference(Base value) {
    if (value instanceof Reference r) {
      return r.copy();
    }
    if (value instanceof Resource r && r.hasIdElement() && r.getIdElement().hasIdPart()) {
      return new Reference(r.fhirType() + "/" + r.getIdElement().getIdPart());
    }
    return null;
  }
}
