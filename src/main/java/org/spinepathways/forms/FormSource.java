package org.spinepathways.forms;

import org.hl7.fhir.r4.model.Questionnaire;

/**
 * One authored Questionnaire, a root form or a module, with the file it was read from (used in every message).
 *
 * @param file the file name, relative to the forms folder
 * @param questionnaire the Questionnaire as authored; the assembler never modifies it
 */
public record FormSource(String file, Questionnaire questionnaire) {

  /** The assemble-expectation code (assemble-root or assemble-child), or null when there is none. */
  public String expectation() {
    return FormExtensions.text(questionnaire.getExtensionByUrl(FormExtensions.ASSEMBLE_EXPECTATION));
  }

  public boolean isRoot() {
    return FormExtensions.ROOT.equals(expectation());
  }

  public boolean isModule() {
    return FormExtensions.MODULE.equals(expectation());
  }

  /** url|version, or the url alone when there is no version. */
  public String canonical() {
    Questionnaire q = questionnaire;
    return q.hasVersion() ? q.getUrl() + "|" + q.getVersion() : q.getUrl();
  }
}
