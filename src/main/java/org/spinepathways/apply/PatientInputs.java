package org.spinepathways.apply;

import static org.spinepathways.apply.InputRejectedException.Kind.INVALID;
import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import java.util.Date;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceFactory;

/**
 * Checks the request's references and patient data and exposes them as variables: {@code %subject} (and
 * {@code %patient}), {@code %encounter}, {@code %practitioner}, {@code %organization} (the resource where
 * {@code data} holds it, else a resource carrying only the id), the CPG user and setting codes, {@code %data},
 * {@code %screening} and {@code %today}.
 */
public final class PatientInputs {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private PatientInputs() {}

  public static void checkReference(String value, String type, String parameter, boolean required) {
    if (value == null) {
      if (required) {
        throw new InputRejectedException(INVALID, "Parameter '" + parameter + "' is required: a reference "
            + type + "/<id>", parameter);
      }
      return;
    }
    String prefix = type + "/";
    if (!value.startsWith(prefix) || !ID.matcher(value.substring(prefix.length())).matches()) {
      throw new InputRejectedException(INVALID, "Parameter '" + parameter + "' must be a reference of the form "
          + type + "/<id>", parameter);
    }
  }

  /** Rejects data about another patient: a Patient with another id, or a resource whose subject is another one. */
  public static void checkData(Bundle data, String subject) {
    if (data == null) {
      return;
    }
    InputCaps.checkData(data);
    for (int i = 0; i < data.getEntry().size(); i++) {
      Resource r = data.getEntry().get(i).getResource();
      if (r == null) {
        continue;
      }
      String location = "data.entry[" + i + "].resource";
      if (r instanceof Patient p && p.hasIdElement() && p.getIdElement().hasIdPart()
          && !subject.equals("Patient/" + p.getIdElement().getIdPart())) {
        throw new InputRejectedException(UNPROCESSABLE, "data holds a Patient other than the subject", location);
      }
      for (String name : new String[] {"subject", "patient"}) {
        Property property = r.getNamedProperty(name);
        if (property != null && property.hasValues() && property.getValues().get(0) instanceof Reference ref
            && ref.hasReference() && ref.getReference().startsWith("Patient/")
            && !subject.equals(ref.getReference())) {
          throw new InputRejectedException(UNPROCESSABLE, "data holds a " + r.fhirType()
              + " about a patient other than the subject", location + "." + name);
        }
      }
    }
  }

  /** The resource the data holds for a reference, or a resource of that type carrying only the id. */
  public static Resource resolve(String reference, Bundle data) {
    if (reference == null) {
      return null;
    }
    String type = reference.substring(0, reference.indexOf('/'));
    String id = reference.substring(reference.indexOf('/') + 1);
    if (data != null) {
      for (Bundle.BundleEntryComponent entry : data.getEntry()) {
        Resource r = entry.getResource();
        if (r != null && r.fhirType().equals(type) && r.hasIdElement() && id.equals(r.getIdElement().getIdPart())) {
          return r;
        }
      }
    }
    Resource stub = switch (type) {
      case "Patient" -> new Patient();
      case "Encounter" -> new Encounter();
      case "Practitioner" -> new Practitioner();
      case "Organization" -> new Organization();
      default -> (Resource) ResourceFactory.createResourceOrType(type);
    };
    stub.setId(id);
    return stub;
  }

  /** The root scope of a request. */
  static Scope rootScope(ApplyRequest request, Screening screening, Resource subject, ExpressionEvaluator evaluator,
      Date now) {
    Bundle data = request.data() != null ? request.data() : new Bundle().setType(Bundle.BundleType.COLLECTION);
    Scope scope = new Scope(null, evaluator)
        .put("subject", subject)
        .put("patient", subject)
        .put("encounter", resolve(request.encounter(), data))
        .put("practitioner", resolve(request.practitioner(), data))
        .put("organization", resolve(request.organization(), data))
        .put("data", data)
        .put("screening", screening.response())
        .put("today", new DateType(now));
    ApplyRequest.UserContext u = request.context() == null ? ApplyRequest.UserContext.NONE : request.context();
    scope.put("userType", (Base) u.userType()).put("userLanguage", (Base) u.userLanguage())
        .put("userTaskContext", (Base) u.userTaskContext()).put("setting", (Base) u.setting())
        .put("settingContext", (Base) u.settingContext());
    return scope;
  }
}
