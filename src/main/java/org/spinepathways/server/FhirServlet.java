package org.spinepathways.server;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.LoggingInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import org.spinepathways.PathwayModule;
import org.spinepathways.letter.PatientLetters;
import org.spinepathways.provider.KnowledgeResourceProvider;
import org.spinepathways.provider.PatientLetterProvider;
import org.spinepathways.provider.PathwayCapabilityStatementProvider;
import org.spinepathways.provider.PlanDefinitionApplyProvider;
import org.spinepathways.provider.QuestionnairePopulateProvider;
import org.spinepathways.provider.ValueSetExpandProvider;
import org.spinepathways.provider.ValidationOnlyProvider;

/** The HAPI plain server: wires providers and interceptors, nothing else. */
final class FhirServlet extends RestfulServer {

  private static final long serialVersionUID = 1L;
  private static final int PAGING_CACHE_SIZE = 100;

  private final transient PathwayModule module;
  private final transient ServerSettings settings;

  FhirServlet(PathwayModule module, ServerSettings settings) {
    super(module.fhirContext());
    this.module = module;
    this.settings = settings;
  }

  @Override
  protected void initialize() {
    setDefaultResponseEncoding(EncodingEnum.JSON);
    setImplementationDescription("Spinal injection pathways: knowledge artifacts and PlanDefinition/$apply");
    List<IResourceProvider> providers = new ArrayList<>(KnowledgeResourceProvider.forEveryType(module.store(),
        module.fhirContext(), module.validator()));
    providers.addAll(ValidationOnlyProvider.forOtherTypes(module.fhirContext(), module.validator()));
    setResourceProviders(providers);
    registerProvider(new PlanDefinitionApplyProvider(module.processor(), module.fhirContext()));
    registerProvider(new PatientLetterProvider(new PatientLetters(module.store()), module.fhirContext()));
    registerProvider(new QuestionnairePopulateProvider(module.populator()));
    registerProvider(new ValueSetExpandProvider(module.store(), module.validator().valueSetExpander()));
    ValidateLeniencyInterceptor.install(module.fhirContext());
    // First, so that every answer to an allowed origin, errors included, carries the CORS headers.
    var cors = CorsPolicy.interceptor(settings.corsOrigins());
    if (cors != null) {
      registerInterceptor(cors);
    }
    registerInterceptor(new ValidateLeniencyInterceptor());
    registerInterceptor(new RequestGuardInterceptor(settings.maxBodyBytes()));
    registerInterceptor(new ErrorMappingInterceptor());
    registerInterceptor(accessLog());
    registerInterceptor(new ResponseHighlighterInterceptor());
    conformance();
  }

  /**
   * Conformance: the CapabilityStatement states what the server instantiates and points $apply at its own
   * OperationDefinition; OpenAPI 3 at {@code /fhir/api-docs} with Swagger UI; searches page with {@code _count} and
   * {@code _offset} through HAPI's paging provider.
   */
  private void conformance() {
    setServerConformanceProvider(new PathwayCapabilityStatementProvider(this, module.fhirContext()));
    FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(PAGING_CACHE_SIZE);
    paging.setDefaultPageSize(KnowledgeResourceProvider.DEFAULT_PAGE_SIZE);
    paging.setMaximumPageSize(KnowledgeResourceProvider.MAXIMUM_PAGE_SIZE);
    setPagingProvider(paging);
    registerInterceptor(new OpenApiInterceptor());
  }

  /** One line per request: id, verb, operation, target, time. Never parameters, bodies or error texts. */
  private static LoggingInterceptor accessLog() {
    LoggingInterceptor access = new LoggingInterceptor();
    access.setLoggerName("access");
    access.setMessageFormat(
        "request ${requestId} ${requestVerb} ${operationType} ${operationName} ${idOrResourceName} ok "
            + "${processingTimeMillis}ms");
    access.setLogExceptions(true);
    access.setErrorMessageFormat(
        "request ${requestId} ${requestVerb} ${operationType} ${idOrResourceName} rejected ${processingTimeMillis}ms");
    return access;
  }
}
