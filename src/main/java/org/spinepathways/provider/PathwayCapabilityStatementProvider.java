package org.spinepathways.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Metadata;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ServerCapabilityStatementProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationDefinition;

/**
 * HAPI's CapabilityStatement with what the server conforms to ({@code instantiates}: the CRMI shareable artifact
 * repository), and {@code $apply} pointing at its own OperationDefinition, served at
 * {@code OperationDefinition/PlanDefinition-apply} (true cardinalities, the {@code output} parameter, the
 * {@code return}, based on the CPG operation). Other operations keep HAPI's generated definitions.
 */
public final class PathwayCapabilityStatementProvider extends ServerCapabilityStatementProvider {

  public static final String CRMI_SHAREABLE_REPOSITORY =
      "http://hl7.org/fhir/uv/crmi/CapabilityStatement/crmi-shareable-artifact-repository";
  static final String APPLY_DEFINITION_RESOURCE = "/conformance/OperationDefinition-PlanDefinition-apply.json";

  private final OperationDefinition apply;

  public PathwayCapabilityStatementProvider(RestfulServer server, FhirContext fhirContext) {
    super(server);
    this.apply = applyDefinition(fhirContext);
    // No _revinclude to advertise: no search here has a reference parameter. HAPI looks for them by walking every
    // method binding of every resource type once per resource type (146 types take $validate), which cost 1 to 3 s
    // of start-up before the port opened, to add nothing.
    setRestResourceRevIncludesEnabled(false);
  }

  /** The {@code $apply} OperationDefinition as packaged. */
  public static OperationDefinition applyDefinition(FhirContext fhirContext) {
    try (InputStream in = PathwayCapabilityStatementProvider.class.getResourceAsStream(APPLY_DEFINITION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(APPLY_DEFINITION_RESOURCE + " is missing from the class path");
      }
      return fhirContext.newJsonParser().parseResource(OperationDefinition.class,
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  @Metadata
  public IBaseConformance getServerConformance(HttpServletRequest request, RequestDetails details) {
    CapabilityStatement cs = (CapabilityStatement) super.getServerConformance(request, details);
    if (cs.getInstantiates().stream().noneMatch(i -> CRMI_SHAREABLE_REPOSITORY.equals(i.getValue()))) {
      cs.addInstantiates(CRMI_SHAREABLE_REPOSITORY);
    }
    for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
      for (CapabilityStatement.CapabilityStatementRestResourceComponent r : rest.getResource()) {
        if ("PlanDefinition".equals(r.getType())) {
          r.getOperation().stream().filter(o -> "apply".equals(o.getName()))
              .forEach(o -> o.setDefinition(apply.getUrl() + "|" + apply.getVersion()));
        }
      }
    }
    return cs;
  }

  @Override
  @Read(type = OperationDefinition.class)
  public IBaseResource readOperationDefinition(@IdParam IIdType id, RequestDetails details) {
    // By id, or by the canonical the CapabilityStatement names (HAPI's OpenAPI generator reads it that way).
    String idPart = id.getIdPart() == null ? "" : id.getIdPart().replaceFirst("\\|.*$", "");
    if (apply.getIdElement().getIdPart().equals(idPart)) {
      return apply.copy();
    }
    return super.readOperationDefinition(id, details);
  }
}
