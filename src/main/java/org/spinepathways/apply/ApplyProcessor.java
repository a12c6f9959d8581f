package org.spinepathways.apply;

import java.time.Clock;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.RequestGroup.RequestGroupActionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.spinepathways.content.Decision;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PlanGraph;
import org.spinepathways.validation.ResourceValidator;

/**
 * {@code PlanDefinition/$apply}: screening response in, patient-specific CarePlan out. Steps: resolve the plan and
 * its screening, check the inputs, select actions (rules first, then the rest with {@code %decision}), produce the
 * requests and issues, assemble the CarePlan with its explanation and narrative. Knows nothing of HTTP; thread-safe.
 */
public final class ApplyProcessor {

  private final KnowledgeStore store;
  private final FhirPathCompiler compiler;
  private final PlanResolver plans;
  private final PlanGraph graph;
  private final ScreeningValidator screeningValidator;
  private final ScreeningResolver screenings;
  private final ThreadLocal<FHIRPathEngine> engines;
  private final Map<PlanDefinition, PlanTree> trees = new IdentityHashMap<>();
  private final NarrativeRenderer narrative = new NarrativeRenderer();
  private final Clock clock;
  private final ResourceValidator validator;
  private volatile boolean checkOutput;
  private volatile boolean allowInlinePlans = true;
  private final EvaluationSandbox sandbox = new EvaluationSandbox();

  public ApplyProcessor(KnowledgeStore store, FhirPathCompiler compiler,
      ResourceValidator validator, Clock clock) {
    this.store = store;
    this.compiler = compiler;
    this.plans = new PlanResolver(store, compiler);
    this.graph = new PlanGraph(store);
    this.screeningValidator = new ScreeningValidator(validator, store);
    this.screenings = new ScreeningResolver(screeningValidator);
    this.engines = ExpressionEvaluator.enginesFor(compiler, store);
    this.clock = clock;
    this.validator = validator;
    for (PlanDefinition plan : store.all(PlanDefinition.class)) {
      trees.put(plan, PlanTree.compile(plan, store));
    }
  }

  public CarePlan apply(ApplyRequest request) {
    if (!allowInlinePlans && request.plan() != null && request.plan().inline() != null) {
      throw new InputRejectedException(InputRejectedException.Kind.INVALID, "This server does not accept an inline "
          + "planDefinition (it would run caller-supplied FHIRPath); name a plan of the library by id or url",
          "planDefinition");
    }
    if (request.plan() != null && request.plan().inline() != null) {
      // caller-supplied FHIRPath: bounded in time and memory
      return sandbox.run(() -> applyResolved(plans.resolve(request.plan()), request));
    }
    return applyResolved(plans.resolve(request.plan()), request);
  }

  private CarePlan applyResolved(PlanDefinition plan, ApplyRequest request) {
    PatientInputs.checkReference(request.subject(), "Patient", "subject", true);
    PatientInputs.checkReference(request.encounter(), "Encounter", "encounter", false);
    PatientInputs.checkReference(request.practitioner(), "Practitioner", "practitioner", false);
    PatientInputs.checkReference(request.organization(), "Organization", "organization", false);
    PatientInputs.checkData(request.data(), request.subject());

    Questionnaire questionnaire = graph.screeningQuestionnaire(plan).orElse(null);
    Date now = Date.from(clock.instant());
    Screening screening = screenings.resolve(questionnaire, request.questionnaireResponse(), request.data(),
        request.subject(), now);
    OutputContext ctx = new OutputContext(request.subject(), request.encounter(), request.practitioner(),
        request.organization(), now, screening);

    Resource subject = PatientInputs.resolve(request.subject(), request.data());
    ExpressionEvaluator evaluator = new ExpressionEvaluator(store, compiler, engines, subject);
    PlanTree tree = trees.containsKey(plan) ? trees.get(plan) : PlanTree.compile(plan, store);
    Scope planScope = PatientInputs.rootScope(request, screening, subject, evaluator, now).child();
    for (Expression variable : tree.variables()) {
      planScope.declare(variable.getName(), variable);
    }
    Decision floor = screening.missing() ? Decision.POSTPONE : Decision.ELIGIBLE;
    ActionSelector.Selection selection = new ActionSelector(evaluator).select(tree, planScope, floor);
    RequestGroupBuilder builder = new RequestGroupBuilder(selection, evaluator, ctx, store, this::narrate);
    List<RequestGroupActionComponent> actions = builder.build(tree);
    Decision reviewed = selection.decision().and(Decision.CLINICIAN_REVIEW);
    if (!builder.outputErrors().isEmpty() && reviewed != selection.decision()) {
      // An output failed (a dynamic value, an evidence expression): the plan needs a clinician, and every output
      // that depends on %decision must say so. Select and build again with that decision.
      Map<ActionNode, String> firstErrors = new LinkedHashMap<>(builder.outputErrors());
      selection = new ActionSelector(evaluator).select(tree, planScope, floor.and(Decision.CLINICIAN_REVIEW));
      builder = new RequestGroupBuilder(selection, evaluator, ctx, store, this::narrate);
      actions = builder.build(tree);
      // The errors that forced the review stay in the explanation even when the second build does not meet them.
      firstErrors.forEach(builder.outputErrors()::putIfAbsent);
    }
    CarePlan carePlan = CarePlanAssembler.assemble(tree, selection, builder, actions, ctx);
    carePlan.setId(java.util.UUID.randomUUID().toString());
    narrate(carePlan);
    if (checkOutput) {
      checkOutput(carePlan);
    }
    return carePlan;
  }

  /**
   * Compiles the quick conformance check of each screening Questionnaire (expanding its value sets); call once the
   * validator's terminology is loaded. Before this, every screening response is validated in full.
   */
  public void prepareScreeningChecks() {
    screeningValidator.prepare();
  }

  /**
   * Validate every CarePlan against the profiles before returning it (on in the tests; a server option, off by default
   * because it costs more than the apply itself). A failure is a bug in the engine or the content, never the caller's.
   */
  public void setCheckOutput(boolean checkOutput) {
    this.checkOutput = checkOutput;
  }

  /**
   * Whether an inline {@code planDefinition} is accepted. The server turns it off unless started with
   * {@code --allow-inline-plans}: an inline plan runs caller-supplied FHIRPath.
   */
  public void setAllowInlinePlans(boolean allowInlinePlans) {
    this.allowInlinePlans = allowInlinePlans;
  }

  private void checkOutput(CarePlan carePlan) {
    List<String> errors = validator.validate(carePlan).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ca.uhn.fhir.validation.ResultSeverityEnum.ERROR.ordinal())
        .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("The CarePlan produced for " + carePlan.getInstantiatesCanonical().get(0)
          .getValue() + " does not validate: " + errors);
    }
  }

  private void narrate(Resource resource) {
    if (resource instanceof CarePlan carePlan) {
      narrative.render(carePlan);
    } else if (resource instanceof org.hl7.fhir.r4.model.Consent consent) {
      narrative.render(consent);
    }
  }
}
