package org.spinepathways.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.validation.ValidationEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;
import org.spinepathways.npm.FhirPackageBuilder;

/**
 * Our {@code $validate} keeps every message the bare HL7 validation engine gives: on produced CarePlans (golden
 * scenarios), every error and warning the engine reports is reported by ours at the same location with the same
 * message id. The engine is loaded with R4 core and the project's package and set like ours
 * ({@link Hl7ValidationEngine#configureLikeOurs}).
 *
 * <p>Differences that are by design, not lost messages:
 * <ul>
 * <li>Resolution through a resource fetcher: the engine tries to resolve references ({@code Patient/example}, the
 * screening response: records outside the output) and URL values; ours validates offline with no fetcher, so it neither
 * resolves nor reports them. {@code Hl7EngineValidationTest} accepts the same unresolved references.</li>
 * <li>Codes the engine cannot check because it runs without a terminology server (UCUM units and codes it would ask a
 * server about): ours checks them in memory ({@code CommonCodeSystemsTerminologyService}, the project's code systems),
 * so where the engine says "cannot validate", ours has validated.</li>
 * </ul>
 */
class BareEngineAgreementTest {

  private static final List<String> SCENARIOS = List.of("sip-drg-block/blood-thinners-and-diabetes",
      "sip-drg-block/all-clear", "sip-epidural-steroid-xray/all-clear", "sip-fluoro-spine-joint/facet-joint",
      "sip-lumbar-nrb-sedation/all-clear", "sip-nerve-root-us/all-clear");

  private static ValidationEngine engine;
  private static ResourceValidator ours;

  @BeforeAll
  static void start() throws Exception {
    Path tgz = Path.of("target/bare-engine-agreement/package.tgz");
    new FhirPackageBuilder(Path.of(".")).write(tgz);
    engine = Hl7ValidationEngine.withPackage(tgz);
    Hl7ValidationEngine.configureLikeOurs(engine, TestModule.get().fhirContext());
    ours = TestModule.get().validator();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sip-drg-block/blood-thinners-and-diabetes", "sip-drg-block/all-clear",
      "sip-epidural-steroid-xray/all-clear", "sip-fluoro-spine-joint/facet-joint", "sip-lumbar-nrb-sedation/all-clear",
      "sip-nerve-root-us/all-clear"})
  void oursReportsEveryErrorAndWarningTheEngineReports(String scenario) throws Exception {
    String json = Files.readString(Path.of("src/test/resources/scenarios", scenario, "expected-careplan.json"));
    List<ValidationMessage> bare = bare(json);
    List<String> missing = missingFromOurs(bare, ours.validate(json, null).getMessages());
    assertTrue(missing.isEmpty(), scenario + ": the engine reports what ours does not: " + missing);
    // The engine did judge the CarePlan: at least its unresolvable outside references come back.
    assertFalse(bare.isEmpty(), scenario);
  }

  /** A CarePlan made invalid on purpose: both see the errors, and ours has every one the engine has. */
  @Test
  void brokenCarePlanErrorsAgree() throws Exception {
    String json = Files.readString(Path.of("src/test/resources/scenarios", SCENARIOS.get(0), "expected-careplan.json"))
        .replaceFirst("\"status\" *: *\"active\"", "\"status\": \"not-a-status\"")
        .replaceFirst("\"intent\" *: *\"proposal\"", "\"intent\": 12");
    List<ValidationMessage> bare = bare(json);
    List<SingleValidationMessage> oursMessages = ours.validate(json, null).getMessages();
    long bareErrors = bare.stream().filter(m -> isErrorOrWarning(m) && !byDesign(m)).count();
    assertTrue(bareErrors >= 2, "the engine sees the broken status and intent: " + bare);
    assertTrue(oursMessages.stream().filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR).count() >= 2);
    assertEquals(List.of(), missingFromOurs(bare, oursMessages));
  }

  /** The comparison itself finds a message ours would have dropped. */
  @Test
  void aDroppedMessageIsFound() throws Exception {
    String json = Files.readString(Path.of("src/test/resources/scenarios", SCENARIOS.get(0), "expected-careplan.json"))
        .replaceFirst("\"status\" *: *\"active\"", "\"status\": \"not-a-status\"");
    List<SingleValidationMessage> oursMessages = new ArrayList<>(ours.validate(json, null).getMessages());
    List<ValidationMessage> bare = bare(json);
    assertEquals(List.of(), missingFromOurs(bare, oursMessages));
    oursMessages.removeIf(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
    assertFalse(missingFromOurs(bare, oursMessages).isEmpty(), "ours without its errors must disagree");
  }

  private static List<ValidationMessage> bare(String json) throws Exception {
    List<ValidationMessage> messages = new ArrayList<>();
    engine.validate(json.getBytes(StandardCharsets.UTF_8), FhirFormat.JSON, List.of(), messages);
    return messages;
  }

  /** The engine's errors and warnings that ours lacks (same location and message id), but for the by-design ones. */
  static List<String> missingFromOurs(List<ValidationMessage> bare, List<SingleValidationMessage> oursMessages) {
    List<String> missing = new ArrayList<>();
    for (ValidationMessage b : bare) {
      if (!isErrorOrWarning(b) || byDesign(b)) {
        continue;
      }
      boolean found = oursMessages.stream().anyMatch(o -> sameFinding(b, o));
      if (!found) {
        missing.add(b.getLevel() + " " + b.getMessageId() + " @ " + b.getLocation() + ": " + b.getMessage());
      }
    }
    return missing;
  }

  /**
   * The same finding: at the same location, with the same message id, or (for messages without an id, such as JSON
   * syntax errors) the same text; a code's verdict is worded by each side's terminology service (the engine, without a
   * server, cannot infer the system of a bad code; ours looks it up in memory and calls it unknown), so there a
   * terminology message of ours at the same location and at least the same severity is the same finding.
   */
  private static boolean sameFinding(ValidationMessage b, SingleValidationMessage o) {
    if (!b.getLocation().equals(o.getLocationString())) {
      return false;
    }
    if (b.getMessageId() == null) {
      return o.getMessageId() == null && b.getMessage().equals(o.getMessage());
    }
    if (b.getMessageId().equals(o.getMessageId())) {
      return true;
    }
    return isTerminology(b.getMessageId()) && isTerminology(o.getMessageId())
        && severity(o) >= severity(b.getLevel());
  }

  private static boolean isTerminology(String id) {
    return id != null && (id.startsWith("Terminology_") || id.equals(I18nConstants.UNABLE_TO_INFER_CODESYSTEM));
  }

  private static int severity(IssueSeverity level) {
    return switch (level) {
      case FATAL -> 3;
      case ERROR -> 2;
      case WARNING -> 1;
      default -> 0;
    };
  }

  private static int severity(SingleValidationMessage m) {
    return switch (m.getSeverity()) {
      case FATAL -> 3;
      case ERROR -> 2;
      case WARNING -> 1;
      default -> 0;
    };
  }

  private static boolean isErrorOrWarning(ValidationMessage m) {
    return m.getLevel() == IssueSeverity.FATAL || m.getLevel() == IssueSeverity.ERROR
        || m.getLevel() == IssueSeverity.WARNING;
  }

  /** See the class comment: fetcher-only resolution, and codes the engine cannot check without a server. */
  private static boolean byDesign(ValidationMessage m) {
    String id = m.getMessageId();
    String text = m.getMessage() == null ? "" : m.getMessage();
    return I18nConstants.REFERENCE_REF_CANTRESOLVE.equals(id)
        || I18nConstants.TYPE_SPECIFIC_CHECKS_DT_URL_RESOLVE.equals(id)
        || I18nConstants.ERROR_VALIDATING_CODE_RUNNING_WITHOUT_TERMINOLOGY_SERVICES.equals(id)
        || (id != null && id.startsWith("Terminology_TX_Error_") && text.contains("TerminologyClientContext"));
  }
}
