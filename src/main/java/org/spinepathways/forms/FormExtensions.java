package org.spinepathways.forms;

import java.util.List;
import java.util.Objects;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Type;

/** The SDC and project extensions the assembler reads and writes, and small helpers to read them. */
final class FormExtensions {

  static final String SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/";
  static final String ASSEMBLE_EXPECTATION = SDC + "sdc-questionnaire-assemble-expectation";
  static final String SUB_QUESTIONNAIRE = SDC + "sdc-questionnaire-subQuestionnaire";
  static final String ASSEMBLED_FROM = SDC + "sdc-questionnaire-assembledFrom";
  static final String LAUNCH_CONTEXT = SDC + "sdc-questionnaire-launchContext";
  static final String OBSERVATION_EXTRACT = SDC + "sdc-questionnaire-observationExtract";
  static final String OBSERVATION_LINK_PERIOD = SDC + "sdc-questionnaire-observationLinkPeriod";
  static final String ITEM_POPULATION_CONTEXT = SDC + "sdc-questionnaire-itemPopulationContext";
  static final String ITEM_EXTRACTION_CONTEXT = SDC + "sdc-questionnaire-itemExtractionContext";
  static final String VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable";
  static final String CQF_LIBRARY = "http://hl7.org/fhir/StructureDefinition/cqf-library";
  static final String TARGET_CONSTRAINT = "http://hl7.org/fhir/StructureDefinition/targetConstraint";
  static final String MODULE_OVERRIDE =
      "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-module-override";

  /** assemble-expectation codes: a root form and a module (SDC: may only be used as a sub-questionnaire). */
  static final String ROOT = "assemble-root";
  static final String MODULE = "assemble-child";

  /** SDC: a module's root-level extensions that move to the assembled Questionnaire's root. */
  static final List<String> TO_ROOT = List.of(LAUNCH_CONTEXT, CQF_LIBRARY, OBSERVATION_EXTRACT,
      OBSERVATION_LINK_PERIOD);
  /** SDC: a module's root-level extensions that move to the item holding the substituted display item. */
  static final List<String> TO_CONTAINER = List.of(VARIABLE, ITEM_POPULATION_CONTEXT, ITEM_EXTRACTION_CONTEXT,
      TARGET_CONSTRAINT);

  private FormExtensions() {}

  /** The value of an extension as text (a Coding gives its code), or null when it is absent or has none. */
  static String text(Extension extension) {
    return extension == null ? null : text(extension.getValue());
  }

  static String text(Type value) {
    if (value == null) {
      return null;
    }
    return value instanceof Coding coding ? coding.getCode() : value.primitiveValue();
  }

  /**
   * What makes two propagated extensions "the same one" (SDC de-duplication): a variable's name, a launch
   * context's name, a library's url, a constraint's key; other propagated extensions may appear once.
   */
  static String identity(Extension extension) {
    return Objects.toString(identityOrNull(extension), "");
  }

  private static String identityOrNull(Extension extension) {
    String url = extension.getUrl();
    if (VARIABLE.equals(url)) {
      return extension.getValue() instanceof Expression expression ? expression.getName() : null;
    }
    if (LAUNCH_CONTEXT.equals(url)) {
      return text(extension.getExtensionByUrl("name"));
    }
    if (TARGET_CONSTRAINT.equals(url)) {
      return text(extension.getExtensionByUrl("key"));
    }
    if (CQF_LIBRARY.equals(url)) {
      return text(extension.getValue());
    }
    return "";
  }
}
