package org.spinepathways.apply;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.spinepathways.PathwayModule;
import org.spinepathways.TestModule;
import org.spinepathways.content.ElementWalker;

/** The engine over the small test library in src/test/resources/engine-library, plus helpers to read outputs. */
final class EngineFixture {

  private static PathwayModule module;

  private EngineFixture() {}

  static synchronized PathwayModule module() {
    if (module == null) {
      try {
        Path dir = Path.of(EngineFixture.class.getResource("/engine-library").toURI());
        module = PathwayModule.load(dir, Clock.fixed(TestModule.NOW, ZoneOffset.UTC));
        module.processor().setCheckOutput(true);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return module;
  }

  /** A completed response to the test Questionnaire. */
  static QuestionnaireResponse response(boolean flag, String date) {
    QuestionnaireResponse qr = new QuestionnaireResponse();
    qr.setId("qr-1");
    qr.setQuestionnaire("http://example.test/Questionnaire/t-q|1");
    qr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    qr.setSubject(new Reference("Patient/p1"));
    qr.addItem().setLinkId("flag").addAnswer().setValue(new org.hl7.fhir.r4.model.BooleanType(flag));
    if (date != null) {
      qr.addItem().setLinkId("date").addAnswer().setValue(new org.hl7.fhir.r4.model.DateType(date));
    }
    return qr;
  }

  static ApplyRequest request(String planId, QuestionnaireResponse qr) {
    return new ApplyRequest(ApplyRequest.PlanSelector.byId(planId), "Patient/p1", null, null, null,
        ApplyRequest.UserContext.NONE, null, qr);
  }

  static <T extends Resource> List<T> contained(CarePlan carePlan, Class<T> type) {
    return carePlan.getContained().stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends Resource> T containedById(CarePlan carePlan, String id) {
    @SuppressWarnings("unchecked")
    T found = (T) carePlan.getContained().stream().filter(r -> id.equals(r.getIdPart())).findFirst().orElse(null);
    return found;
  }

  /** The explanation's outcome code for one action (included, skipped, not-selected, error). */
  static String outcomeOf(CarePlan carePlan, String actionId) {
    return explanationPart(carePlan, actionId, "outcome");
  }

  /** The explanation's reason for one action. */
  static String reasonOf(CarePlan carePlan, String actionId) {
    return explanationPart(carePlan, actionId, "reason");
  }

  private static String explanationPart(CarePlan carePlan, String actionId, String name) {
    Parameters p = containedById(carePlan, "explanation-actions");
    return p.getParameter().stream()
        .filter(action -> "action".equals(action.getName()) && actionId.equals(part(action, "id")))
        .map(action -> part(action, name)).findFirst().orElse(null);
  }

  private static String part(Parameters.ParametersParameterComponent action, String name) {
    return action.getPart().stream().filter(x -> name.equals(x.getName())).map(x -> ((Type) x.getValue())
        .primitiveValue()).findFirst().orElse(null);
  }

  /** Every '#id' reference resolves to a contained resource, and every contained resource is referenced. */
  static Set<String> referenceProblems(CarePlan carePlan) {
    Set<String> contained = new HashSet<>();
    carePlan.getContained().forEach(r -> contained.add(r.getIdPart()));
    Set<String> referenced = new HashSet<>();
    Set<String> problems = new HashSet<>();
    ElementWalker.forEach(carePlan, Reference.class, (path, ref) -> {
      if (ref.hasReference() && ref.getReference().startsWith("#")) {
        String id = ref.getReference().substring(1);
        referenced.add(id);
        if (!contained.contains(id)) {
          problems.add(path + " -> #" + id + " is not contained");
        }
      }
    });
    for (String id : contained) {
      if (!referenced.contains(id)) {
        problems.add("contained " + id + " is never referenced");
      }
    }
    return problems;
  }
}
