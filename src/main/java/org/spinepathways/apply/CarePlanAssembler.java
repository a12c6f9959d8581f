package org.spinepathways.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.RequestGroup.RequestGroupActionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.spinepathways.content.Canonicals;
import org.spinepathways.content.Decision;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Puts the result together as one R4 CarePlan: the decision (extension {@code pathway-decision}), a contained
 * RequestGroup mirroring the applied actions, every produced resource contained once and referenced with a valid
 * {@code #id}, the DetectedIssues and the screening response as supporting information, and the explanation.
 */
final class CarePlanAssembler {

  static final String REQUEST_GROUP_ID = "request-group";

  private CarePlanAssembler() {}

  static CarePlan assemble(PlanTree tree, ActionSelector.Selection selection, RequestGroupBuilder builder,
      List<RequestGroupActionComponent> actions, OutputContext ctx) {
    Decision decision = builder.outputErrors().isEmpty() ? selection.decision()
        : selection.decision().and(Decision.CLINICIAN_REVIEW);
    String planCanonical = Canonicals.of(tree.plan().getUrl(), tree.plan().getVersion());

    CarePlan carePlan = new CarePlan();
    carePlan.getMeta().addProfile(PathwayVocabulary.PROFILE_CAREPLAN);
    carePlan.addExtension(PathwayVocabulary.EXT_PATHWAY_DECISION, new CodeableConcept(
        new Coding(PathwayVocabulary.CS_PATHWAY_DECISION, decision.code(), decision.display())));
    carePlan.addInstantiatesCanonical(planCanonical);
    carePlan.setStatus(CarePlan.CarePlanStatus.DRAFT);
    carePlan.setIntent(CarePlan.CarePlanIntent.PROPOSAL);
    carePlan.addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "734163000", "Care Plan")));
    carePlan.setTitle(tree.plan().getTitle());
    carePlan.setDescription("Pathway decision: " + decision.display() + ".");
    carePlan.setSubject(ctx.subjectRef());
    if (ctx.encounter() != null) {
      carePlan.setEncounter(new Reference(ctx.encounter()));
    }
    carePlan.setCreated(ctx.now());
    carePlan.setAuthor(ctx.authorRef());

    RequestGroup group = new RequestGroup();
    group.setId(REQUEST_GROUP_ID);
    group.setStatus(RequestGroup.RequestStatus.DRAFT);
    group.setIntent(RequestGroup.RequestIntent.PROPOSAL);
    group.addInstantiatesCanonical(planCanonical);
    tree.nodes().stream().map(ActionNode::nestedPlan).filter(p -> p != null).distinct()
        .forEach(p -> group.addInstantiatesCanonical(Canonicals.of(p.getUrl(), p.getVersion())));
    group.setSubject(ctx.subjectRef());
    group.setAuthoredOn(ctx.now());
    group.setAuthor(ctx.authorRef());
    group.getAction().addAll(actions);
    carePlan.addContained(group);
    carePlan.addActivity().setReference(new Reference("#" + REQUEST_GROUP_ID).setDisplay("Applied pathway"));

    Map<String, Resource> produced = builder.produced();
    List<Reference> issues = new ArrayList<>();
    for (Resource resource : produced.values()) {
      carePlan.addContained(resource);
      Reference ref = new Reference("#" + resource.getIdPart()).setDisplay(displayOf(resource));
      if (resource instanceof DetectedIssue) {
        issues.add(ref);
      } else if (resource instanceof ServiceRequest || resource instanceof CommunicationRequest
          || resource instanceof Task) {
        carePlan.addActivity().setReference(ref);
      }
    }
    if (ctx.screening().containedCopy()) {
      QuestionnaireResponse copy = ctx.screening().response().copy();
      copy.setId(Screening.CONTAINED_ID);
      carePlan.addContained(copy);
    }
    if (ctx.screening().response() != null) {
      carePlan.addSupportingInfo(new Reference(ctx.screening().reference()).setDisplay("Screening response"));
    }
    issues.forEach(carePlan::addSupportingInfo);

    ExplanationBuilder.Explanation explanation = ExplanationBuilder.build(tree, selection, builder.outputErrors(),
        decision, ctx, REQUEST_GROUP_ID);
    carePlan.addContained(explanation.guidance());
    carePlan.addContained(explanation.actions());
    if (explanation.issues() != null) {
      carePlan.addContained(explanation.issues());
    }
    carePlan.addSupportingInfo(new Reference("#" + ExplanationBuilder.GUIDANCE_ID)
        .setDisplay("How each action was decided"));
    return carePlan;
  }

  private static String displayOf(Resource resource) {
    if (resource instanceof ServiceRequest sr && sr.hasCode()) {
      return sr.getCode().hasText() ? sr.getCode().getText() : sr.getCode().getCodingFirstRep().getDisplay();
    }
    if (resource instanceof Task task && task.hasDescription()) {
      return task.getDescription();
    }
    if (resource instanceof DetectedIssue issue && issue.hasCode()) {
      return issue.getCode().hasText() ? issue.getCode().getText() : issue.getCode().getCodingFirstRep().getDisplay();
    }
    if (resource instanceof Consent) {
      return "Consent to sign";
    }
    return resource.fhirType();
  }
}
