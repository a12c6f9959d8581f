package org.spinepathways.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.server.EmbeddedServer;
import org.spinepathways.server.ServerSettings;

/**
 * The transaction Bundle as an EHR receives it: every example in {@code examples/} that succeeds is applied over HTTP
 * with {@code output=transaction}, and the Bundle is imported into a real FHIR server with storage (HAPI's JPA server on
 * H2, {@link JpaEhr}) that holds the patient and the records the request's {@code data} came from. Every entry must be
 * accepted, every request and issue found again by {@code ?subject=}, and a second import of the same Bundles must
 * leave every count unchanged.
 */
class TransactionImportIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final List<String> TYPES = List.of("CarePlan", "RequestGroup", "ServiceRequest",
      "CommunicationRequest", "Task", "DetectedIssue", "Consent", "QuestionnaireResponse");

  private static JpaEhr ehr;
  private static EmbeddedServer pathways;
  private static IGenericClient ehrClient;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    ehr = JpaEhr.start();
    System.out.printf("JPA EHR started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    pathways = EmbeddedServer.start(TestModule.get(), new ServerSettings(0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES));
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
    ehrClient = FHIR.newRestfulGenericClient(ehr.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (pathways != null) {
      pathways.close();
    }
    if (ehr != null) {
      ehr.close();
    }
  }

  @Test
  void everyExampleImportsOnceAndIsFoundBySubject() throws Exception {
    Map<String, Bundle> bundles = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("examples/index.csv")).subList(1, 14)) {
      String[] cells = line.split(",");
      if (!"200".equals(cells[2])) {
        continue;
      }
      Parameters request = (Parameters) FHIR.newJsonParser()
          .parseResource(Files.readString(Path.of("examples", cells[0])));
      seedEhr(request);
      request.addParameter().setName("output").setValue(new CodeType("transaction"));
      bundles.put(cells[0], applyOverHttp(cells[1], request));
    }
    assertEquals(12, bundles.size(), "examples that succeed");

    long t0 = System.nanoTime();
    int entries = 0;
    Set<String> seen = new HashSet<>();
    int shared = 0;
    for (Map.Entry<String, Bundle> e : bundles.entrySet()) {
      Bundle response = ehrClient.transaction().withBundle(e.getValue()).execute();
      for (int i = 0; i < response.getEntry().size(); i++) {
        Bundle.BundleEntryComponent sent = e.getValue().getEntry().get(i);
        String status = response.getEntry().get(i).getResponse().getStatus();
        // Examples that share inputs share entries: the same screening response (same answers, other EHR data), or
        // the whole result (the same request naming the plan by id and by canonical). Those are matched, not new.
        boolean seenBefore = !seen.add(sent.getRequest().getIfNoneExist());
        assertTrue(status.startsWith(seenBefore ? "200" : "201"), e.getKey() + ": first import of "
            + sent.getResource().fhirType() + " answered " + status);
        shared += seenBefore ? 1 : 0;
      }
      entries += response.getEntry().size();
    }
    System.out.printf("first import: %d bundles, %d entries (%d shared between examples) in %d ms%n",
        bundles.size(), entries, shared, (System.nanoTime() - t0) / 1_000_000);
    assertTrue(shared < entries / 2, "most entries are new: " + shared + " of " + entries);

    Map<String, Integer> afterFirst = countsBySubject();
    int requests = 0;
    for (Bundle bundle : bundles.values()) {
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        String type = entry.getResource().fhirType();
        assertTrue(TYPES.contains(type), "unexpected entry type " + type);
        String found = entry.getRequest().getIfNoneExist();
        Bundle hits = ehrClient.search().byUrl(type + "?" + found + "&" + patientParam(type) + "=Patient/example")
            .returnBundle(Bundle.class).execute();
        assertEquals(1, hits.getEntry().size(), type + " found by identifier and patient: " + found);
        requests += type.endsWith("Request") || type.equals("Task") ? 1 : 0;
      }
    }
    assertTrue(afterFirst.get("ServiceRequest") > 0 && afterFirst.get("Task") > 0, afterFirst.toString());
    System.out.printf("stored by subject after the first import: %s (%d requests in the bundles)%n", afterFirst,
        requests);

    t0 = System.nanoTime();
    for (Map.Entry<String, Bundle> e : bundles.entrySet()) {
      Bundle response = ehrClient.transaction().withBundle(e.getValue()).execute();
      for (Bundle.BundleEntryComponent r : response.getEntry()) {
        assertTrue(r.getResponse().getStatus().startsWith("200"), e.getKey()
            + ": a second import creates nothing, got " + r.getResponse().getStatus());
      }
    }
    System.out.printf("second import: %d bundles in %d ms, nothing created%n", bundles.size(),
        (System.nanoTime() - t0) / 1_000_000);
    assertEquals(afterFirst, countsBySubject(), "counts after importing the same Bundles again");
  }

  /** The EHR holds the patient and every record the request's data Bundle carries (with its id). */
  private static void seedEhr(Parameters request) {
    Bundle seed = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient patient = new Patient();
    patient.setId("example");
    seed.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/example");
    for (Parameters.ParametersParameterComponent p : request.getParameter()) {
      if ("data".equals(p.getName()) && p.getResource() instanceof Bundle data) {
        for (Bundle.BundleEntryComponent e : data.getEntry()) {
          Resource r = e.getResource();
          if (r != null && r.hasIdElement() && !(r instanceof Patient)) {
            seed.addEntry().setResource(r.copy()).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(r.fhirType() + "/" + r.getIdPart());
          }
        }
      }
    }
    ehrClient.transaction().withBundle(seed).execute();
  }

  private static Bundle applyOverHttp(String endpoint, Parameters request) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(pathways.baseUrl() + "/" + endpoint))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(request),
            StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    Bundle bundle = (Bundle) FHIR.newJsonParser().parseResource(response.body());
    assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType());
    assertFalse(bundle.getEntry().isEmpty());
    return bundle;
  }

  /** Consent and DetectedIssue name their patient with {@code patient}; the others with {@code subject}. */
  private static String patientParam(String type) {
    return type.equals("Consent") || type.equals("DetectedIssue") ? "patient" : "subject";
  }

  private static Map<String, Integer> countsBySubject() {
    Map<String, Integer> counts = new TreeMap<>();
    for (String type : TYPES) {
      Bundle b = ehrClient.search().byUrl(type + "?" + patientParam(type) + "=Patient/example&_summary=count")
          .returnBundle(Bundle.class).execute();
      counts.put(type, b.getTotal());
    }
    return counts;
  }
}
