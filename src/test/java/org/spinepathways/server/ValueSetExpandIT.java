package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spinepathways.TestModule;

/** ValueSet/$expand over HTTP, as form renderers call it for answerValueSet items. */
class ValueSetExpandIT {

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  private static final FhirContext fhir = FhirContext.forR4Cached();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final String REGION = "http://spinal-injection-pathways.org/fhir/ValueSet/sip-spinal-region";

  private static HttpResponse<String> get(String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + query)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static ValueSet expansion(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return fhir.newJsonParser().parseResource(ValueSet.class, response.body());
  }

  private static List<String> codes(ValueSet vs) {
    List<String> codes = new ArrayList<>();
    vs.getExpansion().getContains().forEach(c -> codes.add(c.getCode()));
    return codes;
  }

  @Test
  void everyAnswerValueSetOfEveryQuestionnaireExpandsWithDisplays() throws Exception {
    Set<String> answerValueSets = new TreeSet<>();
    for (Questionnaire q : TestModule.get().store().all(Questionnaire.class)) {
      collect(q.getItem(), answerValueSets);
    }
    assertFalse(answerValueSets.isEmpty(), "the Questionnaires have answerValueSet items");
    for (String canonical : answerValueSets) {
      ValueSet vs = expansion(get("/ValueSet/$expand?url=" + enc(canonical)));
      assertFalse(vs.getExpansion().getContains().isEmpty(), canonical);
      assertEquals(vs.getExpansion().getContains().size(), vs.getExpansion().getTotal(), canonical);
      boolean enumerated = vs.getCompose().getInclude().stream().allMatch(i -> i.hasConcept() && !i.hasFilter()
          && !i.hasValueSet()) && !vs.getCompose().hasExclude();
      if (enumerated) {
        int listed = vs.getCompose().getInclude().stream().mapToInt(i -> i.getConcept().size()).sum();
        assertEquals(listed, vs.getExpansion().getContains().size(), canonical + ": every listed concept");
      }
      vs.getExpansion().getContains().forEach(c -> assertTrue(c.hasDisplay() && c.hasSystem(),
          canonical + " " + c.getCode() + " has a display and a system"));
    }
  }

  private static void collect(List<Questionnaire.QuestionnaireItemComponent> items, Set<String> out) {
    for (Questionnaire.QuestionnaireItemComponent item : items) {
      if (item.hasAnswerValueSet()) {
        out.add(item.getAnswerValueSet());
      }
      collect(item.getItem(), out);
    }
  }

  @Test
  void byUrlAndVersionParameterByIdAndByPost() throws Exception {
    ValueSet byVersion = expansion(get("/ValueSet/$expand?url=" + enc(REGION) + "&valueSetVersion=0.1.0"));
    assertEquals(List.of("cervical", "thoracic", "lumbar"), codes(byVersion));
    assertEquals("Lumbar spine (lower back)", byVersion.getExpansion().getContains().get(2).getDisplay());
    ValueSet byId = expansion(get("/ValueSet/sip-spinal-region/$expand"));
    assertEquals(codes(byVersion), codes(byId));
    String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"url\",\"valueUri\":\"" + REGION
        + "|0.1.0\"},{\"name\":\"filter\",\"valueString\":\"LUMB\"}]}";
    ValueSet posted = expansion(server.postJson("/ValueSet/$expand", HttpRequest.BodyPublishers.ofString(parameters)));
    assertEquals(List.of("lumbar"), codes(posted));
  }

  @Test
  void filterOffsetAndCountPageTheExpansion() throws Exception {
    ValueSet page = expansion(get("/ValueSet/$expand?url=" + enc(REGION) + "&offset=1&count=1"));
    assertEquals(List.of("thoracic"), codes(page));
    assertEquals(3, page.getExpansion().getTotal(), "total counts every match, not the page");
    assertEquals(1, page.getExpansion().getOffset());
    ValueSet filtered = expansion(get("/ValueSet/$expand?url=" + enc(REGION) + "&filter=back"));
    assertEquals(List.of("thoracic", "lumbar"), codes(filtered), "the filter matches displays");
    ValueSet none = expansion(get("/ValueSet/$expand?url=" + enc(REGION) + "&filter=knee"));
    assertEquals(0, none.getExpansion().getTotal());
  }

  @Test
  void badRequestsAreNamedErrors() throws Exception {
    HttpResponse<String> unknown = get("/ValueSet/$expand?url=" + enc("http://example.org/ValueSet/nope"));
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("http://example.org/ValueSet/nope"), unknown.body());
    fhir.newJsonParser().parseResource(OperationOutcome.class, unknown.body());
    assertEquals(404, get("/ValueSet/no-such-id/$expand").statusCode());
    assertEquals(404, get("/ValueSet/$expand?url=" + enc(REGION + "|9.9.9")).statusCode());
    HttpResponse<String> negative = get("/ValueSet/$expand?url=" + enc(REGION) + "&count=-1");
    assertEquals(400, negative.statusCode());
    assertTrue(negative.body().contains("count"), negative.body());
    assertEquals(400, get("/ValueSet/$expand").statusCode(), "neither url nor valueSet");
  }
}
