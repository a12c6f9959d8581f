package org.spinepathways.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.Test;
import org.spinepathways.TestModule;

/** Assembled forms are valid R4 Questionnaires by the project's own offline validator. */
class AssembledFormValidationTest {

  @Test
  void theAssembledFixturesHaveNoValidationErrors() {
    for (Questionnaire form : FormAssemblerTest.assembleValid().values()) {
      List<String> errors = TestModule.get().validator().validate(form).getMessages().stream()
          .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
          .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
      assertEquals(List.of(), errors, form.getId());
    }
  }
}
