package org.spinepathways.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.spinepathways.PathwayModule;
import org.spinepathways.content.ElementWalker;
import org.spinepathways.content.FhirPathCompiler;
import org.spinepathways.content.KnowledgeStore;
import org.spinepathways.content.PathwayVocabulary;
import org.spinepathways.content.PlanGraph;
import org.spinepathways.content.VariableHostServices;

/**
 * The floor for the same work: parse the same Parameters with HAPI, evaluate every expression of the pathway (its
 * own, its building blocks' and its activities', variables first) with HAPI's FHIRPath engine against the parsed
 * response, and encode a CarePlan of the same size. What $apply costs beyond this is what the engine adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FloorBenchmark {

  @Param({"sip-drg-block/all-clear", "sip-drg-block/blood-thinners-and-diabetes", "sip-nerve-root-us/all-clear",
      "sip-nerve-root-us/mri-needed-and-no-escort", "sip-lumbar-nrb-sedation/all-clear",
      "sip-fluoro-spine-joint/facet-joint", "sip-epidural-steroid-xray/all-clear"})
  public String scenario;

  private PathwayModule module;
  private String request;
  private CarePlan sameSize;
  private List<Expression> variables;
  private List<Expression> expressions;
  private FHIRPathEngine engine;
  private KnowledgeStore store;

  @Setup
  public void setUp() {
    module = BenchInputs.module();
    store = module.store();
    request = BenchInputs.request(scenario);
    sameSize = module.fhirContext().newJsonParser().parseResource(CarePlan.class,
        BenchInputs.expectedCarePlan(scenario));
    PlanDefinition plan = store.byId(PlanDefinition.class, BenchInputs.plan(scenario)).orElseThrow();
    Set<PlanDefinition> plans = new LinkedHashSet<>();
    collect(plan, new PlanGraph(store), plans);
    variables = new ArrayList<>();
    expressions = new ArrayList<>();
    for (PlanDefinition p : plans) {
      p.getExtension().stream().filter(e -> PathwayVocabulary.isVariable(e.getUrl()))
          .forEach(e -> variables.add((Expression) e.getValue()));
      ElementWalker.forEach(p, Expression.class, (path, e) -> {
        if (!variables.contains(e) && store.compiled(e) != null) {
          expressions.add(e);
        }
      });
      ElementWalker.forEach(p, org.hl7.fhir.r4.model.CanonicalType.class, (path, c) ->
          store.byCanonical(ActivityDefinition.class, c.getValue()).ifPresent(ad ->
              ad.getDynamicValue().forEach(dv -> expressions.add(dv.getExpression()))));
    }
    variables.removeIf(e -> store.compiled(e) == null);
    expressions.removeIf(e -> store.compiled(e) == null);
    engine = new FhirPathCompiler(module.fhirContext()).newEngine(new MapHost());
  }

  private static void collect(PlanDefinition plan, PlanGraph graph, Set<PlanDefinition> out) {
    if (out.add(plan)) {
      graph.nestedPlans(plan).forEach(p -> collect(p, graph, out));
    }
  }

  @Benchmark
  public String floor() {
    IParser parser = module.fhirContext().newJsonParser();
    Parameters parameters = parser.parseResource(Parameters.class, request);
    Map<String, List<Base>> vars = new HashMap<>();
    Bundle data = new Bundle();
    for (Parameters.ParametersParameterComponent p : parameters.getParameter()) {
      if (p.getResource() instanceof QuestionnaireResponse qr) {
        vars.put("screening", List.of(qr));
      } else if (p.getResource() instanceof Bundle b) {
        data = b;
      }
    }
    vars.put("data", List.of(data));
    vars.put("today", List.of(new DateType("2027-01-10")));
    vars.put("decision", List.of(new StringType("eligible")));
    Patient patient = new Patient();
    patient.setId("example");
    for (Expression v : variables) {
      vars.put(v.getName(), engine.evaluate(vars, patient, patient, patient, store.compiled(v)));
    }
    int results = 0;
    for (Expression e : expressions) {
      ExpressionNode node = store.compiled(e);
      results += engine.evaluate(vars, patient, patient, patient, node).size();
    }
    return parser.encodeResourceToString(sameSize) + results;
  }

  /** Variables from a map given as the application context; unknown names are empty. */
  private static final class MapHost extends VariableHostServices {
    @SuppressWarnings("unchecked")
    @Override
    protected List<Base> variable(Object appContext, String name) {
      return ((Map<String, List<Base>>) appContext).getOrDefault(name, List.of());
    }
  }
}
