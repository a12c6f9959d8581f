package org.spinepathways;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.PerformanceOptionsEnum;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.spinepathways.apply.ApplyProcessor;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeLoader;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PathwayVocabulary;
import org.spinepathways.populate.QuestionnairePopulator;
import org.spinepathways.validation.CoreDefinitions;
import org.spinepathways.validation.ResourceValidator;

/**
 * The composition root: one FHIR context, the loaded knowledge library, the validator and the apply engine, built
 * once at start-up and shared by the server, the command line and the tests.
 *
 * @param fhirContext R4, with a strict parser: an unknown element in clinical input is an error, never dropped
 */
public record PathwayModule(FhirContext fhirContext, KnowledgeStore store, ResourceValidator validator,
    ApplyProcessor processor, QuestionnairePopulator populator) {

  /** Loads the packaged library, or the packaged profiles plus the content in {@code contentDir} when given. */
  public static PathwayModule load(Path contentDir) {
    return load(contentDir, Clock.systemUTC());
  }

  /** As {@link #load(Path)}, with the clock that stamps outputs (tests fix it to get repeatable output). */
  public static PathwayModule load(Path contentDir, Clock clock) {
    PathwayModule module = loadCold(contentDir, clock);
    module.warmUp();
    return module;
  }

  /**
   * Loads, lints and compiles the library and builds the engine, leaving the validator cold. Call {@link #warmUp()}
   * before the validator's first use: it has the validator load and convert what it needs. The server answers reads
   * while it warms.
   */
  public static PathwayModule loadCold(Path contentDir, Clock clock) {
    FhirContext fhirContext = FhirContext.forR4();
    // Scan a type's children when it is first used, not the whole R4 model up front (about 8 MB of live heap).
    fhirContext.setPerformanceOptions(PerformanceOptionsEnum.DEFERRED_MODEL_SCANNING);
    fhirContext.setParserErrorHandler(new StrictErrorHandler());
    // Every contained resource this module writes is added with its id and referred to as "#id"; nothing relies on
    // HAPI containing a referenced resource object for us. Without this, every encode walked every Reference of the
    // resource looking for such objects (about a tenth of an $apply's time over HTTP, in JFR).
    fhirContext.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    // The trimmed core definitions the build prepared, not HAPI's XML: FHIRPath and the validator share them.
    CoreDefinitions.install(fhirContext);
    FhirPathCompiler compiler = new FhirPathCompiler(fhirContext);
    KnowledgeLoader loader = new KnowledgeLoader(fhirContext, compiler);
    KnowledgeStore store = contentDir == null ? loader.loadPackaged() : loader.loadWithContent(contentDir);
    ResourceValidator validator = new ResourceValidator(fhirContext, store);
    compiler.useTerminology(validator.terminology());
    ApplyProcessor processor = new ApplyProcessor(store, compiler, validator, clock);
    QuestionnairePopulator populator = new QuestionnairePopulator(store, compiler, clock);
    return new PathwayModule(fhirContext, store, validator, processor, populator);
  }

  /** Validates one screening response per Questionnaire and one CarePlan, so no request pays the validator's start. */
  public void warmUp() {
    List<Resource> samples = new ArrayList<>();
    store.all(Questionnaire.class).forEach(q -> samples.add(new QuestionnaireResponse()
        .setQuestionnaire(q.getUrl()).setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS)));
    CarePlan carePlan = new CarePlan();
    carePlan.getMeta().addProfile(PathwayVocabulary.PROFILE_CAREPLAN);
    samples.add(carePlan);
    validator.warmUp(samples);
    processor.prepareScreeningChecks();
  }
}
