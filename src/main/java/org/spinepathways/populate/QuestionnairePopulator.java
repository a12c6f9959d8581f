package org.spinepathways.populate;

import static org.spinepathways.apply.InputRejectedException.Kind.INVALID;
import static org.spinepathways.apply.InputRejectedException.Kind.NOT_FOUND;

import java.time.Clock;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.spinepathways.apply.ExpressionEvaluator;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.apply.PatientInputs;
import org.spinepathways.apply.Scope;
import org.spinepathways.content.Canonicals;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PathwayVocabulary;

/**
 * {@code Questionnaire/$populate} (SDC): a QuestionnaireResponse {@code in-progress} for the subject, with answers
 * pre-filled from the patient's records by the items' {@code initialExpression} (and {@code initial} values), groups
 * repeated over their {@code itemPopulationContext}, and Questionnaire and item {@code variable}s in scope. The
 * expressions are the library's, parsed at load, evaluated by the same engine and variables as {@code $apply}
 * ({@code %subject}, {@code %patient}, {@code %data}, {@code %today}, {@code %questionnaire}). Each pre-filled answer's
 * item carries {@code sip-answer-origin}: the records it came from and the value as pre-filled. Thread-safe.
 */
public final class QuestionnairePopulator {

  /** What $populate returns: the response and the issues met while filling it. */
  public record PopulateResult(QuestionnaireResponse response, OperationOutcome issues) {}

  static final String CQF_LIBRARY = "http://hl7.org/fhir/StructureDefinition/cqf-library";

  private final KnowledgeStore store;
  private final FhirPathCompiler compiler;
  private final ThreadLocal<FHIRPathEngine> engines;
  private final Clock clock;

  public QuestionnairePopulator(KnowledgeStore store, FhirPathCompiler compiler, Clock clock) {
    this.store = store;
    this.compiler = compiler;
    this.engines = ExpressionEvaluator.enginesFor(compiler, store);
    this.clock = clock;
  }

  public PopulateResult populate(PopulateRequest request) {
    Questionnaire questionnaire = resolve(request);
    PatientInputs.checkReference(request.subject(), "Patient", "subject", true);
    PatientInputs.checkData(request.data(), request.subject());
    Bundle data = request.data() != null ? request.data() : new Bundle().setType(Bundle.BundleType.COLLECTION);
    Resource subject = PatientInputs.resolve(request.subject(), data);
    Date now = Date.from(clock.instant());
    ExpressionEvaluator evaluator = new ExpressionEvaluator(store, compiler, engines, subject);
    Scope root = new Scope(null, evaluator).put("subject", subject).put("patient", subject).put("data", data)
        .put("today", new DateType(now)).put("questionnaire", questionnaire).put("screening", List.of()).child();
    // The Libraries the form names (cqf-library) lend it their named expressions: the same facts the rules read.
    for (Extension library : questionnaire.getExtensionsByUrl(CQF_LIBRARY)) {
      store.byCanonical(Library.class, library.getValue().primitiveValue())
          .ifPresent(l -> declareVariables(l.getExtension(), root));
    }
    declareVariables(questionnaire.getExtension(), root);

    QuestionnaireResponse response = new QuestionnaireResponse();
    response.setQuestionnaire(Canonicals.of(questionnaire.getUrl(), questionnaire.getVersion()));
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
    response.setSubject(new Reference(request.subject()));
    response.setAuthored(now);
    ItemFiller filler = new ItemFiller(evaluator, data);
    response.getItem().addAll(filler.fill(questionnaire.getItem(), root, "Questionnaire"));
    return new PopulateResult(response, filler.issues(questionnaire));
  }

  private Questionnaire resolve(PopulateRequest request) {
    if (request.inline() != null) {
      return request.inline();
    }
    if (request.questionnaireId() != null) {
      return store.byId(Questionnaire.class, request.questionnaireId()).orElseThrow(() ->
          new InputRejectedException(NOT_FOUND, "No Questionnaire with id '" + request.questionnaireId() + "'", "id"));
    }
    if (request.canonical() != null) {
      return store.byCanonical(Questionnaire.class, request.canonical()).orElseThrow(() ->
          new InputRejectedException(NOT_FOUND, "No Questionnaire with canonical " + request.canonical()
              + " on this server", "canonical"));
    }
    throw new InputRejectedException(INVALID, "Name the Questionnaire: call Questionnaire/<id>/$populate, or give "
        + "'canonical' (url or url|version) or an inline 'questionnaire'", "canonical");
  }

  /** Declares the {@code variable} extensions (the standard one and the project's) in the scope. */
  static void declareVariables(List<Extension> extensions, Scope scope) {
    for (Extension e : extensions) {
      if (PathwayVocabulary.isVariable(e.getUrl()) && e.getValue() instanceof Expression x && x.hasName()) {
        scope.declare(x.getName(), x);
      }
    }
  }
}
