package org.spinepathways.apply;

import java.util.Calendar;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PlanDefinition.ActionRelationshipType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.RequestGroup.RequestGroupActionComponent;
import org.hl7.fhir.r4.model.RequestGroup.RequestGroupActionRelatedActionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;

/**
 * Turns {@code relatedAction} offsets into concrete timing once the action they are relative to has a date (for
 * example the procedure date from the screening): "before-start, 14 days" becomes a period ending 14 days before the
 * procedure. The timing goes on the RequestGroup action and on the request it produced.
 */
final class ActionTimer {

  private ActionTimer() {}

  /** Resolves relative timings until nothing changes (chains resolve in turn). */
  static void resolve(Map<String, RequestGroupActionComponent> actions, Map<String, Resource> produced) {
    boolean changed = true;
    for (int round = 0; changed && round < actions.size() + 1; round++) {
      changed = false;
      for (Map.Entry<String, RequestGroupActionComponent> e : actions.entrySet()) {
        RequestGroupActionComponent action = e.getValue();
        if (action.hasTiming() || !action.hasRelatedAction()) {
          continue;
        }
        Type timing = timingFrom(action.getRelatedActionFirstRep(), actions);
        if (timing != null) {
          action.setTiming(timing);
          changed = true;
        }
      }
    }
    actions.forEach((key, action) -> {
      Resource resource = produced.get(key);
      if (resource != null && action.hasTiming()) {
        applyTo(resource, action.getTiming());
      }
    });
  }

  private static Type timingFrom(RequestGroupActionRelatedActionComponent related,
      Map<String, RequestGroupActionComponent> actions) {
    RequestGroupActionComponent target = actions.get(related.getActionId());
    if (target == null || !target.hasTiming()) {
      return null;
    }
    ActionRelationshipType relationship = ActionRelationshipType.fromCode(related.getRelationship().toCode());
    boolean toEnd = relationship.toCode().endsWith("-end");
    DateTimeType anchorType = anchorOf(target.getTiming(), toEnd);
    if (anchorType == null || anchorType.getValue() == null) {
      return null;
    }
    Date anchor = anchorType.getValue();
    TemporalPrecisionEnum precision = anchorType.getPrecision();
    boolean before = relationship.toCode().startsWith("before");
    boolean concurrent = relationship.toCode().startsWith("concurrent");
    if (concurrent || !related.hasOffset()) {
      return anchorType.copy();
    }
    Period period = new Period();
    if (related.hasOffsetDuration()) {
      Date shifted = shift(anchor, related.getOffsetDuration(), before ? -1 : 1);
      return before ? period.setEndElement(dateTime(precision, shifted)) : period.setStartElement(dateTime(precision, shifted));
    }
    var range = related.getOffsetRange();
    Quantity near = range.getLow();
    Quantity far = range.hasHigh() ? range.getHigh() : null;
    if (before) {
      period.setEndElement(dateTime(precision, shift(anchor, near, -1)));
      if (far != null) {
        period.setStartElement(dateTime(precision, shift(anchor, far, -1)));
      }
    } else {
      period.setStartElement(dateTime(precision, shift(anchor, near, 1)));
      if (far != null) {
        period.setEndElement(dateTime(precision, shift(anchor, far, 1)));
      }
    }
    return period;
  }

  private static DateTimeType anchorOf(Type timing, boolean toEnd) {
    if (timing instanceof DateTimeType dt) {
      return dt;
    }
    if (timing instanceof Period p) {
      return toEnd && p.hasEnd() ? p.getEndElement() : p.getStartElement();
    }
    return null;
  }

  private static DateTimeType dateTime(TemporalPrecisionEnum precision, Date value) {
    return precision.ordinal() <= TemporalPrecisionEnum.DAY.ordinal()
        ? new DateTimeType(value, precision, TimeZone.getTimeZone("UTC"))
        : new DateTimeType(value, precision);
  }

  private static Date shift(Date anchor, Quantity amount, int sign) {
    Calendar c = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    c.setTime(anchor);
    int value = amount.getValue().intValue() * sign;
    String unit = amount.hasCode() ? amount.getCode() : amount.getUnit();
    switch (unit == null ? "d" : unit) {
      case "min" -> c.add(Calendar.MINUTE, value);
      case "h" -> c.add(Calendar.HOUR_OF_DAY, value);
      case "wk" -> c.add(Calendar.WEEK_OF_YEAR, value);
      case "mo" -> c.add(Calendar.MONTH, value);
      case "a" -> c.add(Calendar.YEAR, value);
      default -> c.add(Calendar.DAY_OF_MONTH, value);
    }
    return c.getTime();
  }

  private static void applyTo(Resource resource, Type timing) {
    if (resource instanceof ServiceRequest sr && !sr.hasOccurrence()) {
      sr.setOccurrence(timing.copy());
    } else if (resource instanceof CommunicationRequest cr && !cr.hasOccurrence()) {
      cr.setOccurrence(timing.copy());
    } else if (resource instanceof Task task && !task.getRestriction().hasPeriod()) {
      task.getRestriction().setPeriod(timing instanceof Period p ? p.copy()
          : new Period().setEndElement(((DateTimeType) timing).copy()));
    }
  }
}
