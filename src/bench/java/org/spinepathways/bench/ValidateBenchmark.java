package org.spinepathways.bench;

import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spinepathways.PathwayModule;
import org.spinepathways.apply.ScenarioRequests;
import org.spinepathways.validation.ResourceValidator;

/** $validate of a produced CarePlan with a warm validator, and the cold cost of building one. */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ValidateBenchmark {

  private PathwayModule module;
  private CarePlan carePlan;

  @Setup
  public void setUp() {
    module = BenchInputs.module();
    String scenario = "sip-drg-block/blood-thinners-and-diabetes";
    Parameters p = module.fhirContext().newJsonParser().parseResource(Parameters.class,
        BenchInputs.request(scenario));
    carePlan = module.processor().apply(ScenarioRequests.from(BenchInputs.plan(scenario), p));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public ValidationResult validateCarePlanWarm() {
    return module.validator().validate(carePlan);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(3)
  public ValidationResult buildValidatorAndValidateCold() {
    ResourceValidator cold = new ResourceValidator(module.fhirContext(), module.store());
    return cold.validate(carePlan);
  }
}
