package org.spinepathways.content;

import java.util.Set;

/** Canonical URLs of the project's own extensions and code systems, shared by content, engine and profiles. */
public final class PathwayVocabulary {

  /** Canonical base of every artifact this project publishes. */
  public static final String BASE = "http://spinal-injection-pathways.org/fhir";

  /** On a PlanDefinition action: this action is a screening rule; valueCode = the decision it forces when it applies. */
  public static final String EXT_DECISION_EFFECT = BASE + "/StructureDefinition/sip-decision-effect";
  /** On a rule action: valueExpression giving the evidence (screening answers or EHR resources) for its DetectedIssue. */
  public static final String EXT_ISSUE_EVIDENCE = BASE + "/StructureDefinition/sip-detected-issue-evidence";
  /** On a rule action: valueCode high | moderate | low, overriding the DetectedIssue severity implied by the effect. */
  public static final String EXT_ISSUE_SEVERITY = BASE + "/StructureDefinition/sip-issue-severity";
  /**
   * On a Consent template: one thing the patient agrees to or is told (procedure, benefit, alternative, right to
   * refuse, off-label use, risk). Parts: topic (valueCode), text (valueString), frequency (valueString, risks),
   * source (valueString), appliesWhen (valueExpression; the statement is kept only when it is true).
   */
  public static final String EXT_CONSENT_STATEMENT = BASE + "/StructureDefinition/sip-consent-statement";
  /** On a PlanDefinition action: valueReference to the Consent template the action personalises. */
  public static final String EXT_CONSENT_TEMPLATE = BASE + "/StructureDefinition/sip-consent-template";
  /** On the CarePlan: valueCodeableConcept with the pathway decision. */
  public static final String EXT_PATHWAY_DECISION = BASE + "/StructureDefinition/sip-pathway-decision";
  /** On DetectedIssue.evidence: valueString with the linkId of the screening answer that is the evidence. */
  public static final String EXT_EVIDENCE_LINK_ID = BASE + "/StructureDefinition/sip-evidence-link-id";
  /**
   * On a PlanDefinition or an action: valueExpression with a name, declaring a named expression in scope. Our own
   * because R4's {@code variable} extension may only be used on Questionnaire; the engine accepts both.
   */
  public static final String EXT_VARIABLE = BASE + "/StructureDefinition/sip-variable";
  /**
   * On an action that includes a building block: a rule of that block takes another decision effect on this
   * pathway (complex: {@code rule} = the rule action's id, {@code effect} = the effect code, {@code source} = why).
   */
  /** On a screening item that no rule reads on purpose: why it is asked (valueString). */
  public static final String EXT_INFORMATIONAL_ITEM = BASE + "/StructureDefinition/sip-informational-item";
  /** On a rule action: the reason in plain words for the patient when the rule holds the procedure (valueString). */
  public static final String EXT_PATIENT_REASON = BASE + "/StructureDefinition/sip-patient-reason";
  /** On a screening item a rule reads but that may stay blank: why a blank answer is safe (valueString). */
  public static final String EXT_OPTIONAL_ITEM = BASE + "/StructureDefinition/sip-optional-item";
  /** On a date item of a screening Questionnaire: the answer dates something that has already happened. */
  public static final String EXT_PAST_EVENT_DATE = BASE + "/StructureDefinition/sip-past-event-date";
  public static final String EXT_RULE_EFFECT_OVERRIDE = BASE + "/StructureDefinition/sip-rule-effect-override";
  /** The standard variable extension, accepted as well for content written in the CPG style. */
  public static final String EXT_VARIABLE_STANDARD = "http://hl7.org/fhir/StructureDefinition/variable";

  /** Whether an extension declares a variable. */
  public static boolean isVariable(String url) {
    return EXT_VARIABLE.equals(url) || EXT_VARIABLE_STANDARD.equals(url);
  }

  /** Profiles the engine's outputs declare in meta.profile. */
  public static final String PROFILE_CAREPLAN = BASE + "/StructureDefinition/sip-procedure-careplan";
  public static final String PROFILE_DETECTED_ISSUE = BASE + "/StructureDefinition/sip-contraindication-detectedissue";
  public static final String PROFILE_CONSENT = BASE + "/StructureDefinition/sip-proposed-consent";
  public static final String PROFILE_SCREENING_RESPONSE = BASE + "/StructureDefinition/sip-screening-response";

  /** Code system of the pathway decision (eligible, eligible-with-precautions, postpone, ...). */
  public static final String CS_PATHWAY_DECISION = BASE + "/CodeSystem/sip-pathway-decision";

  /** Code system of the pathway's activities (tasks and communications). */
  public static final String CS_PATHWAY_ACTIVITY = BASE + "/CodeSystem/sip-pathway-activity";

  /** Variables the engine defines for every expression (besides those declared with {@link #EXT_VARIABLE}). */
  public static final Set<String> INPUT_VARIABLES = Set.of("subject", "patient", "encounter", "practitioner",
      "organization", "userType", "userLanguage", "userTaskContext", "setting", "settingContext", "data",
      "screening", "decision", "proceeds", "reasons", "today");

  /** Constants the FHIRPath engine resolves itself. */
  public static final Set<String> ENGINE_CONSTANTS = Set.of("sct", "loinc", "ucum", "resource", "rootResource",
      "context", "us-zip");

  /** SDC: on a Questionnaire item, the expression whose result pre-fills the answer ({@code $populate}). */
  public static final String EXT_SDC_INITIAL_EXPRESSION =
      "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";
  /** SDC: on a group item, the expression giving the context (one group per result) its items are filled from. */
  public static final String EXT_SDC_ITEM_POPULATION_CONTEXT =
      "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-itemPopulationContext";
  /** On a Questionnaire item: valueExpression giving the EHR records an initialExpression answer comes from. */
  public static final String EXT_POPULATE_SOURCE = BASE + "/StructureDefinition/sip-populate-source";
  /**
   * On a QuestionnaireResponse item: the answer was pre-filled by {@code $populate} (complex: {@code source} = auto,
   * {@code record} = each record it came from, {@code value} = each answer as pre-filled). Our equivalent of DTR's
   * information-origin, with the record and the pre-filled value, so a changed answer is seen by {@code $apply}.
   */
  public static final String EXT_ANSWER_ORIGIN = BASE + "/StructureDefinition/sip-answer-origin";

  private PathwayVocabulary() {}
}
