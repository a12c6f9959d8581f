package org.spinepathways.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/** Declares the server's security in its CapabilityStatement: a SMART-on-FHIR service, and the token endpoint. */
@Interceptor
public final class SmartCapabilityInterceptor {

  static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

  private final AuthSettings settings;

  public SmartCapabilityInterceptor(AuthSettings settings) {
    this.settings = settings;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void declare(IBaseConformance conformance) {
    if (!(conformance instanceof CapabilityStatement cs)) {
      return;
    }
    for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
      CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
      security.setCors(security.getCors());
      security.getService().add(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
          "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
      security.setDescription("OAuth 2.0 bearer tokens (JWT, SMART backend services). SMART v2 system scopes: "
          + "<Type>.r to read, <Type>.s to search, CarePlan.c for PlanDefinition/$apply, <Type>.c for "
          + "<Type>/$validate, QuestionnaireResponse.c for $populate; wildcards system/*.<letters> accepted. "
          + "Token issuer " + settings.issuer() + ", audience " + settings.audience() + ".");
      if (settings.tokenEndpoint() != null) {
        Extension uris = new Extension(OAUTH_URIS);
        uris.addExtension("token", new UriType(settings.tokenEndpoint()));
        security.addExtension(uris);
      }
    }
  }
}
