package org.spinepathways.apply;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.ActivityDefinition.ActivityDefinitionKind;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.spinepathways.content.Canonicals;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Turns an ActivityDefinition into the request it defines (ServiceRequest, CommunicationRequest or Task) for the
 * subject. The definition's {@code description} is the plain-language text the patient or team receives: the
 * communication payload, the task description, the service request's patient instruction. Dynamic values are applied
 * afterwards by the caller.
 */
final class ActivityApplier {

  private ActivityApplier() {}

  static DomainResource apply(ActivityDefinition definition, String id, OutputContext ctx) {
    ActivityDefinitionKind kind = definition.getKind();
    DomainResource resource = switch (kind) {
      case SERVICEREQUEST -> serviceRequest(definition, ctx);
      case COMMUNICATIONREQUEST -> communicationRequest(definition, ctx);
      case TASK -> task(definition, ctx);
      default -> throw new ExpressionException("ActivityDefinition kind " + kind.toCode() + " is not supported");
    };
    resource.setId(id);
    if (definition.hasProfile()) {
      resource.getMeta().addProfile(definition.getProfile());
    }
    return resource;
  }

  /**
   * The collect-information pattern: a Task asking the patient to complete the screening Questionnaire. The
   * Questionnaire is named by its canonical (a Task input), never by a server-local reference that an EHR importing
   * the Task would not hold.
   */
  static Task collectInformation(Questionnaire questionnaire, String id, OutputContext ctx) {
    Task task = new Task();
    task.setId(id);
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.PROPOSAL);
    // CPG's collect-information activity, coded in the project's CodeSystem: the CPG CodeSystem is not available to
    // offline validators, and the HL7 validation engine treats an unresolvable hl7.org code system as an error.
    task.setCode(new CodeableConcept(new Coding(PathwayVocabulary.CS_PATHWAY_ACTIVITY, "complete-screening",
        "Complete the screening questionnaire (collect information)")));
    task.setDescription("Complete the screening questionnaire: " + questionnaire.getTitle());
    task.setFor(ctx.subjectRef());
    task.setAuthoredOn(ctx.now());
    task.setRequester(ctx.authorRef());
    task.addInput().setType(new CodeableConcept().setText("questionnaire"))
        .setValue(new CanonicalType(Canonicals.of(questionnaire.getUrl(), questionnaire.getVersion())));
    return task;
  }

  private static ServiceRequest serviceRequest(ActivityDefinition ad, OutputContext ctx) {
    ServiceRequest sr = new ServiceRequest();
    sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    sr.setIntent(ServiceRequest.ServiceRequestIntent.fromCode(intentOf(ad)));
    sr.addInstantiatesCanonical(canonicalOf(ad));
    sr.setCode(ad.hasCode() ? ad.getCode().copy() : null);
    if (ad.hasPriority()) {
      sr.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(ad.getPriority().toCode()));
    }
    if (ad.hasDoNotPerform()) {
      sr.setDoNotPerform(ad.getDoNotPerform());
    }
    ad.getBodySite().forEach(b -> sr.addBodySite(b.copy()));
    sr.setSubject(ctx.subjectRef());
    sr.setEncounter(ctx.encounter() == null ? null : new Reference(ctx.encounter()));
    sr.setAuthoredOn(ctx.now());
    sr.setRequester(ctx.authorRef());
    if (ad.hasTiming()) {
      sr.setOccurrence(ad.getTiming().copy());
    }
    if (ad.hasDescription()) {
      sr.setPatientInstruction(ad.getDescription());
    }
    return sr;
  }

  private static CommunicationRequest communicationRequest(ActivityDefinition ad, OutputContext ctx) {
    CommunicationRequest cr = new CommunicationRequest();
    cr.setStatus(CommunicationRequest.CommunicationRequestStatus.ACTIVE);
    cr.addCategory(ad.hasCode() ? ad.getCode().copy() : null);
    if (ad.hasPriority()) {
      cr.setPriority(CommunicationRequest.CommunicationPriority.fromCode(ad.getPriority().toCode()));
    }
    cr.setSubject(ctx.subjectRef());
    cr.addRecipient(ctx.subjectRef());
    cr.setEncounter(ctx.encounter() == null ? null : new Reference(ctx.encounter()));
    cr.setAuthoredOn(ctx.now());
    cr.setRequester(ctx.authorRef());
    if (ad.hasDescription()) {
      cr.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(ad.getDescription()));
    }
    if (ad.hasTiming()) {
      cr.setOccurrence(ad.getTiming().copy());
    }
    cr.addExtension("http://hl7.org/fhir/StructureDefinition/workflow-instantiatesCanonical",
        new CanonicalType(canonicalOf(ad)));
    if (cr.getCategory().size() == 1 && cr.getCategoryFirstRep().isEmpty()) {
      cr.getCategory().clear();
    }
    return cr;
  }

  private static Task task(ActivityDefinition ad, OutputContext ctx) {
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.fromCode(intentOf(ad)));
    task.setInstantiatesCanonical(canonicalOf(ad));
    task.setCode(ad.hasCode() ? ad.getCode().copy() : null);
    if (ad.hasPriority()) {
      task.setPriority(Task.TaskPriority.fromCode(ad.getPriority().toCode()));
    }
    task.setDescription(ad.hasDescription() ? ad.getDescription() : ad.getTitle());
    task.setFor(ctx.subjectRef());
    task.setEncounter(ctx.encounter() == null ? null : new Reference(ctx.encounter()));
    task.setAuthoredOn(ctx.now());
    task.setRequester(ctx.authorRef());
    return task;
  }

  private static String intentOf(ActivityDefinition ad) {
    return ad.hasIntent() ? ad.getIntent().toCode() : "proposal";
  }

  private static String canonicalOf(ActivityDefinition ad) {
    return Canonicals.of(ad.getUrl(), ad.getVersion());
  }
}
