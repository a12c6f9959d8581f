package org.spinepathways.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionDynamicValueComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.RequestGroup.RequestGroupActionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PathwayVocabulary;

/**
 * Builds the RequestGroup action tree for the included actions and the resources they produce (requests,
 * DetectedIssues, the Consent, the screening Task). Every produced resource gets a stable id derived from its action,
 * is collected for containment, and is referenced from its action with a valid {@code #id}.
 */
final class RequestGroupBuilder {

  private final ActionSelector.Selection selection;
  private final ExpressionEvaluator evaluator;
  private final OutputContext ctx;
  private final KnowledgeStore store;
  private final Map<String, Resource> produced = new LinkedHashMap<>();
  private final Map<String, RequestGroupActionComponent> actionsByKey = new LinkedHashMap<>();
  private final Map<ActionNode, String> outputErrors = new LinkedHashMap<>();
  private final java.util.function.Consumer<Resource> narrative;

  RequestGroupBuilder(ActionSelector.Selection selection, ExpressionEvaluator evaluator, OutputContext ctx,
      KnowledgeStore store, java.util.function.Consumer<Resource> narrative) {
    this.selection = selection;
    this.evaluator = evaluator;
    this.ctx = ctx;
    this.store = store;
    this.narrative = narrative;
  }

  /** Builds the actions of the tree; returns the top-level RequestGroup actions. */
  List<RequestGroupActionComponent> build(PlanTree tree) {
    List<RequestGroupActionComponent> top = buildAll(tree.roots());
    ActionTimer.resolve(actionsByKey, produced);
    return top;
  }

  /** Produced resources, keyed by the action that produced them, in action order. */
  Map<String, Resource> produced() {
    return produced;
  }

  /** Errors met while producing outputs (dynamic values, evidence), by action. */
  Map<ActionNode, String> outputErrors() {
    return outputErrors;
  }

  private List<RequestGroupActionComponent> buildAll(List<ActionNode> nodes) {
    List<RequestGroupActionComponent> out = new ArrayList<>();
    for (ActionNode node : nodes) {
      if (!selection.outcomes().get(node).included()) {
        continue;
      }
      RequestGroupActionComponent action = build(node);
      boolean empty = !action.hasResource() && !action.hasAction() && !node.children().isEmpty();
      if (!empty) {
        out.add(action);
      }
    }
    return out;
  }

  private RequestGroupActionComponent build(ActionNode node) {
    Scope scope = selection.scopes().getOrDefault(node, null);
    RequestGroupActionComponent action = copyOf(node.action());
    action.setId(node.key());
    actionsByKey.put(node.key(), action);
    Resource resource = null;
    try {
      resource = produce(node, scope);
      if (resource != null) {
        action.setResource(new Reference("#" + resource.getIdPart()));
      } else if (node.questionnaire() != null && ctx.screening().response() != null) {
        action.setResource(new Reference(ctx.screening().reference()));
      }
      for (PlanDefinitionActionDynamicValueComponent dv : node.action().getDynamicValue()) {
        if (dv.getPath().startsWith("action.")) {
          ValueSetter.set(action, dv.getPath().substring("action.".length()), evaluate(dv.getExpression(), scope));
        }
      }
    } catch (ExpressionException e) {
      if (resource instanceof DomainResource request) {
        hold(request);
      }
      outputErrors.put(node, e.getMessage());
    }
    action.getAction().addAll(buildAll(node.children()));
    return action;
  }

  private Resource produce(ActionNode node, Scope scope) {
    if (node.isRule()) {
      List<Base> evidence = List.of();
      Expression expression = DetectedIssueFactory.evidenceExpression(node);
      if (expression != null) {
        try {
          evidence = evaluator.evaluate(expression, scope);
        } catch (ExpressionException e) {
          outputErrors.put(node, "evidence: " + e.getMessage());
        }
      }
      return keep(node, DetectedIssueFactory.create(node, "issue-" + node.key(), ctx, evidence));
    }
    Consent consent = consentFor(node, scope);
    if (node.activity() != null) {
      DomainResource request = ActivityApplier.apply(node.activity(), prefixOf(node) + node.key(), ctx);
      if (consent != null && request instanceof Task task) {
        task.setFocus(new Reference("#" + consent.getIdPart()).setDisplay("Consent to sign"));
      }
      try {
        applyDynamicValues(node, request, scope);
      } catch (ExpressionException e) {
        hold(request);
        outputErrors.put(node, e.getMessage());
      }
      return keep(node, request);
    }
    if (consent != null) {
      return consent;
    }
    if (node.questionnaire() != null && ctx.screening().missing()) {
      return keep(node, ActivityApplier.collectInformation(node.questionnaire(), "task-" + node.key(), ctx));
    }
    return null;
  }

  private Consent consentFor(ActionNode node, Scope scope) {
    Extension ext = node.action().getExtensionByUrl(PathwayVocabulary.EXT_CONSENT_TEMPLATE);
    if (ext == null || !(ext.getValue() instanceof Reference ref)) {
      return null;
    }
    String id = ref.getReference().substring("Consent/".length());
    Consent template = store.byId(Consent.class, id).orElseThrow();
    Consent consent = ConsentFactory.create(template, "consent-" + node.key(), ctx,
        statement -> statementApplies(node, statement, scope));
    narrative.accept(consent);
    produced.put(node.key() + "#consent", consent);
    return consent;
  }

  /** A consent statement applies unless its appliesWhen is false; an error keeps it (and is reported). */
  private boolean statementApplies(ActionNode node, Extension statement, Scope scope) {
    Extension when = statement.getExtensionByUrl("appliesWhen");
    if (when == null || !(when.getValue() instanceof Expression e)) {
      return true;
    }
    try {
      return evaluator.test(e, scope);
    } catch (ExpressionException ex) {
      outputErrors.put(node, "consent statement: " + ex.getMessage());
      return true;
    }
  }

  private void applyDynamicValues(ActionNode node, DomainResource request, Scope scope) {
    for (var dv : node.activity().getDynamicValue()) {
      ValueSetter.set(request, dv.getPath(), evaluate(dv.getExpression(), scope));
    }
    for (PlanDefinitionActionDynamicValueComponent dv : node.action().getDynamicValue()) {
      if (!dv.getPath().startsWith("action.")) {
        ValueSetter.set(request, dv.getPath(), evaluate(dv.getExpression(), scope));
      }
    }
  }

  /** A request whose dynamic values failed must not go ahead silently. */
  private static void hold(DomainResource request) {
    if (request instanceof ServiceRequest sr) {
      sr.setStatus(ServiceRequest.ServiceRequestStatus.ONHOLD);
    } else if (request instanceof CommunicationRequest cr) {
      cr.setStatus(CommunicationRequest.CommunicationRequestStatus.ONHOLD);
    } else if (request instanceof Task task) {
      task.setStatus(Task.TaskStatus.ONHOLD);
    }
  }

  private List<Base> evaluate(Expression expression, Scope scope) {
    return evaluator.evaluate(expression, scope);
  }

  private Resource keep(ActionNode node, Resource resource) {
    produced.put(node.key(), resource);
    return resource;
  }

  private static String prefixOf(ActionNode node) {
    return switch (node.activity().getKind()) {
      case SERVICEREQUEST -> "sr-";
      case COMMUNICATIONREQUEST -> "cr-";
      default -> "task-";
    };
  }

  private static RequestGroupActionComponent copyOf(PlanDefinitionActionComponent a) {
    RequestGroupActionComponent r = new RequestGroupActionComponent();
    r.setPrefix(a.getPrefix());
    r.setTitle(a.getTitle());
    r.setDescription(a.getDescription());
    r.setTextEquivalent(a.getTextEquivalent());
    if (a.hasPriority()) {
      r.setPriority(RequestGroup.RequestPriority.fromCode(a.getPriority().toCode()));
    }
    a.getCode().forEach(c -> r.addCode(c.copy()));
    a.getDocumentation().forEach(d -> r.addDocumentation(d.copy()));
    a.getCondition().forEach(c -> r.addCondition()
        .setKind(RequestGroup.ActionConditionKind.fromCode(c.getKind().toCode()))
        .setExpression(c.getExpression().copy()));
    a.getRelatedAction().forEach(ra -> {
      var rel = r.addRelatedAction().setActionId(ra.getActionId())
          .setRelationship(RequestGroup.ActionRelationshipType.fromCode(ra.getRelationship().toCode()));
      if (ra.hasOffset()) {
        rel.setOffset(ra.getOffset().copy());
      }
    });
    if (a.hasTiming()) {
      r.setTiming(a.getTiming().copy());
    }
    if (a.hasType()) {
      r.setType(a.getType().copy());
    }
    if (a.hasGroupingBehavior()) {
      r.setGroupingBehavior(RequestGroup.ActionGroupingBehavior.fromCode(a.getGroupingBehavior().toCode()));
    }
    if (a.hasSelectionBehavior()) {
      r.setSelectionBehavior(RequestGroup.ActionSelectionBehavior.fromCode(a.getSelectionBehavior().toCode()));
    }
    if (a.hasRequiredBehavior()) {
      r.setRequiredBehavior(RequestGroup.ActionRequiredBehavior.fromCode(a.getRequiredBehavior().toCode()));
    }
    if (a.hasPrecheckBehavior()) {
      r.setPrecheckBehavior(RequestGroup.ActionPrecheckBehavior.fromCode(a.getPrecheckBehavior().toCode()));
    }
    if (a.hasCardinalityBehavior()) {
      r.setCardinalityBehavior(RequestGroup.ActionCardinalityBehavior.fromCode(a.getCardinalityBehavior().toCode()));
    }
    return r;
  }
}
