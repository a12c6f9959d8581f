package org.spinepathways.apply;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * One {@code $apply} call, independent of how it arrived (REST, command line, tests).
 *
 * @param plan how the PlanDefinition was named: by id, by canonical, or inline
 * @param subject the patient reference, {@code Patient/<id>}
 * @param encounter optional {@code Encounter/<id>}
 * @param practitioner optional {@code Practitioner/<id>} (becomes the author and the Consent performer)
 * @param organization optional {@code Organization/<id>}
 * @param context the CPG user and setting codes, each optional
 * @param data optional Bundle of patient data (screening response, medications, conditions, ...)
 * @param questionnaireResponse optional screening response; wins over one carried in {@code data}
 */
public record ApplyRequest(PlanSelector plan, String subject, String encounter, String practitioner,
    String organization, UserContext context, Bundle data, QuestionnaireResponse questionnaireResponse) {

  /** How the caller named the plan. Exactly one of the three is set. */
  public record PlanSelector(String id, String canonical, PlanDefinition inline) {
    public static PlanSelector byId(String id) {
      return new PlanSelector(id, null, null);
    }

    public static PlanSelector byCanonical(String url, String version) {
      return new PlanSelector(null, version == null || version.isBlank() ? url : url + "|" + version, null);
    }

    public static PlanSelector inline(PlanDefinition plan) {
      return new PlanSelector(null, null, plan);
    }
  }

  /** The CPG user and setting parameters; any may be null. */
  public record UserContext(CodeableConcept userType, CodeableConcept userLanguage,
      CodeableConcept userTaskContext, CodeableConcept setting, CodeableConcept settingContext) {
    public static final UserContext NONE = new UserContext(null, null, null, null, null);
  }
}
