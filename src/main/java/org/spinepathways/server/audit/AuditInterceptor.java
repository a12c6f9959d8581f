package org.spinepathways.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;

/**
 * Tells the audit record what HAPI understood the request to be (interaction, resource type and id, operation), and
 * which plan an {@code $apply} used (the CarePlan's {@code instantiatesCanonical}). Never records parameters or bodies.
 */
@Interceptor
public final class AuditInterceptor {

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean describe(RequestDetails details, HttpServletRequest request) {
    if (request.getAttribute(AuditRecord.ATTRIBUTE) instanceof AuditRecord record) {
      RestOperationTypeEnum type = details.getRestOperationType();
      String id = details.getId() != null && details.getId().hasIdPart() ? details.getId().getIdPart() : null;
      record.describe(interaction(type), details.getResourceName(), id, details.getOperation());
    }
    return true;
  }

  /** The FHIR restful-interaction code (http://hl7.org/fhir/restful-interaction) for HAPI's operation type. */
  static String interaction(RestOperationTypeEnum type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER -> "operation";
      case METADATA -> "capabilities";
      case GET_PAGE -> "search-type";
      default -> type.getCode();
    };
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean outgoing(HttpServletRequest request, IBaseResource resource) {
    if (resource instanceof CarePlan carePlan && carePlan.hasInstantiatesCanonical()
        && request.getAttribute(AuditRecord.ATTRIBUTE) instanceof AuditRecord record) {
      record.plan(carePlan.getInstantiatesCanonical().get(0).getValue());
    }
    return true;
  }
}
