package org.spinepathways.bench;

import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.spinepathways.PathwayModule;
import org.spinepathways.apply.ScenarioRequests;

/**
 * {@code $apply} in process, as the server runs it minus HTTP: parse the request Parameters, apply, encode the
 * CarePlan. One all-clear scenario per pathway and the most complex scenario.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ApplyBenchmark {

  @Param({"sip-drg-block/all-clear", "sip-drg-block/blood-thinners-and-diabetes", "sip-nerve-root-us/all-clear",
      "sip-nerve-root-us/mri-needed-and-no-escort", "sip-lumbar-nrb-sedation/all-clear",
      "sip-fluoro-spine-joint/facet-joint", "sip-epidural-steroid-xray/all-clear"})
  public String scenario;

  private PathwayModule module;
  private String request;
  private String plan;

  @Setup
  public void setUp() {
    module = BenchInputs.module();
    request = BenchInputs.request(scenario);
    plan = BenchInputs.plan(scenario);
  }

  @Benchmark
  public String apply() {
    IParser parser = module.fhirContext().newJsonParser();
    Parameters parameters = parser.parseResource(Parameters.class, request);
    CarePlan carePlan = module.processor().apply(ScenarioRequests.from(plan, parameters));
    return parser.encodeResourceToString(carePlan);
  }
}
