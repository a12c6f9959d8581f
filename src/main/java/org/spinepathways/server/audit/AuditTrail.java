package org.spinepathways.server.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Date;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinepathways.server.security.AccessToken;

/**
 * Writes one AuditEvent per request as a JSON line, shaped after IHE Basic Audit Log Patterns (BALP): a RESTful
 * event whose subtype is the FHIR interaction, the client as the requesting agent (token subject and client id,
 * network address), this server as the observer, the resource and operation acted on (knowledge artifacts only:
 * a plan's canonical, never a patient reference), the outcome with its HTTP status, and the request id as a
 * BALP {@code XrequestId} entity. Never an answer, a name or an identifier value from the request.
 */
public final class AuditTrail implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  static final String SERVER = "spine-pathways";
  private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

  private final IParser parser;
  private final PrintStream out;
  private final boolean ownsStream;

  private AuditTrail(FhirContext fhirContext, PrintStream out, boolean ownsStream) {
    this.parser = fhirContext.newJsonParser().setPrettyPrint(false);
    this.out = out;
    this.ownsStream = ownsStream;
  }

  /** Appends to the file (created if needed), or writes to standard output when the path is null or "-". */
  public static AuditTrail open(FhirContext fhirContext, Path file) throws IOException {
    if (file == null || file.toString().equals("-")) {
      return new AuditTrail(fhirContext, System.out, false);
    }
    OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    return new AuditTrail(fhirContext, new PrintStream(stream, true, StandardCharsets.UTF_8), true);
  }

  void write(AuditRecord record, int status, AccessToken token) {
    String line = parser.encodeResourceToString(event(record, status, token));
    synchronized (out) {
      out.println(line);
      out.flush();
      if (out.checkError()) {
        log.error("the audit trail could not be written (request {})", record.requestId);
      }
    }
  }

  static AuditEvent event(AuditRecord record, int status, AccessToken token) {
    AuditEvent event = new AuditEvent();
    event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
    String interaction = record.interaction != null ? record.interaction : "unknown";
    event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", interaction, null));
    event.setAction(isRead(interaction) ? AuditEventAction.R : AuditEventAction.E);
    event.setPeriod(new org.hl7.fhir.r4.model.Period().setStart(Date.from(record.start)).setEnd(new Date()));
    event.setRecorded(new Date());
    event.setOutcome(status < 400 ? AuditEventOutcome._0 : status < 500 ? AuditEventOutcome._4 : AuditEventOutcome._8);
    event.setOutcomeDesc("HTTP " + status);

    AuditEvent.AuditEventAgentComponent client = event.addAgent().setRequestor(true);
    client.setType(new org.hl7.fhir.r4.model.CodeableConcept(new Coding(DCM, "110153", "Source Role ID")));
    if (token != null) {
      client.setWho(new Reference().setIdentifier(new Identifier().setValue(token.subject())));
      if (token.clientId() != null) {
        client.setAltId(token.clientId());
      }
    } else {
      client.setWho(new Reference().setDisplay("unauthenticated"));
    }
    if (record.clientAddress != null) {
      client.getNetwork().setAddress(record.clientAddress)
          .setType(AuditEvent.AuditEventAgentNetworkType._2);
    }
    event.addAgent().setRequestor(false)
        .setType(new org.hl7.fhir.r4.model.CodeableConcept(new Coding(DCM, "110152", "Destination Role ID")))
        .setWho(new Reference().setDisplay(SERVER));
    event.getSource().setObserver(new Reference().setDisplay(SERVER))
        .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));

    if (record.resourceType != null || record.operation != null) {
      AuditEvent.AuditEventEntityComponent target = event.addEntity();
      target.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
      if (record.resourceType != null) {
        target.setWhat(new Reference(record.resourceId != null ? record.resourceType + "/" + record.resourceId
            : record.resourceType));
      }
      if (record.operation != null) {
        target.setName(record.operation);
      }
      if (record.plan != null) {
        target.addDetail().setType("plan").setValue(new org.hl7.fhir.r4.model.StringType(record.plan));
      }
    }
    event.addEntity()
        .setType(new Coding("http://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType", "XrequestId", null))
        .setWhat(new Reference().setIdentifier(new Identifier().setValue(record.requestId)))
        .addDetail().setType("method").setValue(new org.hl7.fhir.r4.model.StringType(record.method));
    return event;
  }

  private static boolean isRead(String interaction) {
    return interaction.startsWith("read") || interaction.startsWith("vread") || interaction.startsWith("search")
        || interaction.startsWith("history") || interaction.equals("capabilities");
  }

  @Override
  public void close() {
    if (ownsStream) {
      out.close();
    }
  }
}
