package org.spinepathways.server.audit;

import java.time.Instant;

/**
 * What the audit trail records about one request, filled in as the request passes the layers: the edge (request id,
 * method, client address, status), the token check (who) and HAPI (what: interaction, operation, resource, plan).
 * Holds no patient data: no bodies, parameters, answers, names or identifiers.
 */
public final class AuditRecord {

  /** The request attribute holding the record. */
  public static final String ATTRIBUTE = AuditRecord.class.getName();

  final String requestId;
  final Instant start;
  final String method;
  final String clientAddress;
  volatile String interaction;
  volatile String resourceType;
  volatile String resourceId;
  volatile String operation;
  volatile String plan;

  AuditRecord(String requestId, Instant start, String method, String clientAddress) {
    this.requestId = requestId;
    this.start = start;
    this.method = method;
    this.clientAddress = clientAddress;
  }

  public String requestId() {
    return requestId;
  }

  /** HAPI's view of the request: the FHIR interaction (read, search-type, operation...), type, id and operation. */
  public void describe(String interaction, String resourceType, String resourceId, String operation) {
    this.interaction = interaction;
    this.resourceType = resourceType;
    this.resourceId = resourceId;
    this.operation = operation;
  }

  /** The canonical (url|version) of the plan an $apply used. */
  public void plan(String canonical) {
    this.plan = canonical;
  }
}
