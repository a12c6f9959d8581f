package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spinepathways.TestModule;
import org.spinepathways.provider.PathwayCapabilityStatementProvider;

/** What an integration engine reads before it calls: CapabilityStatement, OperationDefinition, OpenAPI, paging, ETags. */
class ConformanceIT {

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final FhirContext FHIR = TestModule.get().fhirContext();

  @Test
  void capabilityStatementInstantiatesCrmiAndPointsApplyAtItsOperationDefinition() throws Exception {
    CapabilityStatement cs = FHIR.newJsonParser().parseResource(CapabilityStatement.class, get("/metadata").body());
    assertTrue(cs.getInstantiates().stream()
        .anyMatch(i -> PathwayCapabilityStatementProvider.CRMI_SHAREABLE_REPOSITORY.equals(i.getValue())));
    String definition = cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("PlanDefinition"))
        .flatMap(r -> r.getOperation().stream()).filter(o -> o.getName().equals("apply")).findFirst().orElseThrow()
        .getDefinition();
    assertEquals("http://spinal-injection-pathways.org/fhir/OperationDefinition/PlanDefinition-apply|0.1.0", definition);
  }

  @Test
  void applyOperationDefinitionIsServedWithTrueCardinalities() throws Exception {
    HttpResponse<String> r = get("/OperationDefinition/PlanDefinition-apply");
    assertEquals(200, r.statusCode(), r.body());
    OperationDefinition od = FHIR.newJsonParser().parseResource(OperationDefinition.class, r.body());
    assertEquals("http://hl7.org/fhir/uv/cpg/OperationDefinition/cpg-plandefinition-apply", od.getBase());
    OperationDefinition.OperationDefinitionParameterComponent subject = od.getParameter().stream()
        .filter(p -> p.getName().equals("subject")).findFirst().orElseThrow();
    assertEquals(1, subject.getMin());
    assertTrue(od.getParameter().stream().anyMatch(p -> p.getName().equals("output") && p.getType().equals("code")));
    assertTrue(od.getParameter().stream().anyMatch(p -> p.getName().equals("return")
        && p.getUse() == OperationDefinition.OperationParameterUse.OUT && p.getMin() == 1));
  }

  @Test
  void openApiDescribesTheServer() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api-docs"))
        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    // HAPI answers YAML or JSON; either way it names the OpenAPI version and the $apply paths.
    assertTrue(r.body().matches("(?s).*\"?openapi\"?\\s*:\\s*\"?3\\..*") && r.body().contains("/PlanDefinition/{id}/$apply")
        && r.body().contains("/PlanDefinition/$apply"), r.body().substring(0, Math.min(400, r.body().length())));
  }

  @Test
  void pagingHonoursCountOnEveryPage() throws Exception {
    Bundle first = bundle(get("/ActivityDefinition?_count=5"));
    int total = first.getTotal();
    assertTrue(total > 10, "enough ActivityDefinitions to page: " + total);
    Set<String> seen = new HashSet<>();
    Bundle page = first;
    int pages = 0;
    while (true) {
      assertTrue(page.getEntry().size() <= 5, "page " + pages + " has " + page.getEntry().size() + " entries");
      page.getEntry().forEach(e -> assertTrue(seen.add(e.getResource().getIdElement().getIdPart()),
          "repeated " + e.getResource().getId()));
      pages++;
      if (page.getLink("next") == null) {
        break;
      }
      String next = page.getLink("next").getUrl();
      page = bundle(http.send(HttpRequest.newBuilder(URI.create(next)).GET().build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    assertEquals(total, seen.size(), "every match exactly once");
    assertEquals((total + 4) / 5, pages);

    Bundle offset = bundle(get("/ActivityDefinition?_count=3&_offset=3"));
    assertEquals(3, offset.getEntry().size());
  }

  @Test
  void readsCarryAnEtagAndAnswer304ToIt() throws Exception {
    HttpResponse<String> r = get("/PlanDefinition/sip-drg-block");
    assertEquals(200, r.statusCode());
    String etag = r.headers().firstValue("ETag").orElse(null);
    assertNotNull(etag, "ETag header");
    assertTrue(r.headers().firstValue("Last-Modified").isPresent(), "Last-Modified header");
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "/PlanDefinition/sip-drg-block")).header("If-None-Match", etag).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(304, again.statusCode());
    HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "/PlanDefinition/sip-drg-block")).header("If-None-Match", "W/\"stale\"").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, other.statusCode());
  }

  private static Bundle bundle(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return FHIR.newJsonParser().parseResource(Bundle.class, r.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
