package org.spinepathways.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.OperationOutcome;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidationEngine;
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
import org.openjdk.jmh.infra.Blackhole;
import org.spinepathways.PathwayModule;
import org.spinepathways.apply.ScenarioRequests;
import org.spinepathways.npm.FhirPackageBuilder;
import org.spinepathways.validation.Hl7ValidationEngine;
import org.spinepathways.validation.ResourceValidator;

/**
 * $validate of a produced CarePlan with a warm validator, the cold cost of building one, and the bare HL7 validation
 * engine ({@code org.hl7.fhir.validation.ValidationEngine}, the library behind validator_cli.jar) validating the same
 * CarePlan text against the same profiles.
 *
 * <p>Ours and the bare engine compare like for like:
 * <ul>
 * <li>Input: the same CarePlan JSON text (ours through {@link ResourceValidator#validate(String, String)}, the path
 * {@code $validate} takes; the engine through {@link ValidationEngine#validate(byte[], FhirFormat, List, List)} on its
 * UTF-8 bytes).</li>
 * <li>Profiles: the CarePlan's {@code meta.profile}, which ours reads from the resource and the engine is given
 * explicitly (it reads them from the resource too).</li>
 * <li>Definitions: R4 core (the same HAPI-shipped definitions, see {@link Hl7ValidationEngine}) and the project's FHIR
 * package, built from the same content the server loads.</li>
 * <li>Terminology: no terminology server in either; both check codes with what they hold in memory.</li>
 * <li>Settings: {@link Hl7ValidationEngine#configureLikeOurs} copies ours: any extension allowed (as
 * {@code ResourceValidator.configure} sets), no best-practice extras (HAPI leaves the level unset, the core validator's
 * ignore), unknown code systems are errors in both (as HAPI sets), extensible-binding, REST-reference and example-URL
 * settings as ours.</li>
 * <li>Messages: both benchmarks count every message and hand them to the blackhole, so none is optimised away.</li>
 * </ul>
 * JMH runs each benchmark method in its own fork of the same JVM with the same flags; {@code -f 0} runs them all in the
 * launching JVM instead.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ValidateBenchmark {

  static final String SCENARIO = "sip-drg-block/blood-thinners-and-diabetes";

  /** Our validator, warm, and the CarePlan produced for one scenario, as an object and as JSON text. */
  @State(Scope.Benchmark)
  public static class Ours {
    PathwayModule module;
    CarePlan carePlan;
    String json;

    @Setup
    public void setUp() {
      module = BenchInputs.module();
      Parameters p = module.fhirContext().newJsonParser().parseResource(Parameters.class,
          BenchInputs.request(SCENARIO));
      carePlan = module.processor().apply(ScenarioRequests.from(BenchInputs.plan(SCENARIO), p));
      json = module.fhirContext().newJsonParser().encodeResourceToString(carePlan);
    }
  }

  /** The bare HL7 engine with R4 core and the project's package, set like ours. */
  @State(Scope.Benchmark)
  public static class Bare {
    ValidationEngine engine;
    byte[] json;
    List<String> profiles;

    @Setup
    public void setUp(Ours ours) throws Exception {
      Path tgz = Path.of("target/bench/package.tgz");
      new FhirPackageBuilder(Path.of(".")).write(tgz);
      engine = Hl7ValidationEngine.withPackage(tgz);
      Hl7ValidationEngine.configureLikeOurs(engine, ours.module.fhirContext());
      json = ours.json.getBytes(StandardCharsets.UTF_8);
      profiles = ours.carePlan.getMeta().getProfile().stream().map(CanonicalType::getValue).toList();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public ValidationResult validateCarePlanWarm(Ours ours) {
    return ours.module.validator().validate(ours.carePlan);
  }

  /** What {@code $validate} does with a CarePlan body: validate its text, profiles from meta.profile. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public int validateCarePlanTextWarm(Ours ours, Blackhole bh) {
    ValidationResult result = ours.module.validator().validate(ours.json, null);
    bh.consume(result.getMessages());
    return result.getMessages().size();
  }

  /** The bare HL7 engine on the same text and profiles. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public int bareHl7EngineValidateCarePlanWarm(Bare bare, Blackhole bh) throws Exception {
    List<ValidationMessage> messages = new ArrayList<>();
    OperationOutcome outcome = bare.engine.validate(bare.json, FhirFormat.JSON, bare.profiles, messages);
    bh.consume(outcome);
    bh.consume(messages);
    return messages.size();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(3)
  public ValidationResult buildValidatorAndValidateCold(Ours ours) {
    ResourceValidator cold = new ResourceValidator(ours.module.fhirContext(), ours.module.store());
    return cold.validate(ours.carePlan);
  }
}
