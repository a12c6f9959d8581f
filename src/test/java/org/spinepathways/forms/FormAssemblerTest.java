package org.spinepathways.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.junit.jupiter.api.Test;
import org.spinepathways.content.ContentProblem;

/** The assembler over the small roots and modules in src/test/resources/forms-fixtures. */
class FormAssemblerTest {

  static final FhirContext FHIR = FhirContext.forR4();
  static final Path FIXTURES = Path.of("src/test/resources/forms-fixtures");
  private static final String VS = "http://spinal-injection-pathways.org/fhir/ValueSet/";

  static Map<String, Questionnaire> assembleValid() {
    return FormAssembler.fromFolder(FHIR, FIXTURES.resolve("valid")).assembleAll().entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().file(), Map.Entry::getValue));
  }

  @Test
  void aModuleReplacesItsDisplayItemInPlace() {
    Questionnaire spine = assembleValid().get("root-spine.json");
    assertEquals(List.of("intro", "region", "health", "thanks"), linkIds(spine.getItem()));
    assertTrue(all(spine).stream().noneMatch(i -> i.hasExtension(FormExtensions.SUB_QUESTIONNAIRE)),
        "no subQuestionnaire display item is left");
  }

  @Test
  void aModuleIncludedByAModuleIsAssembledToo() {
    QuestionnaireItemComponent health = assembleValid().get("root-spine.json").getItem().get(2);
    assertEquals(List.of("safety"), linkIds(health.getItem()));
    assertEquals(List.of("infection", "blood-thinners", "blood-thinner-name"),
        linkIds(health.getItem().get(0).getItem()));
  }

  @Test
  void overridesAdaptTheIncludedItemsForThisFormOnly() {
    Map<String, Questionnaire> forms = assembleValid();
    QuestionnaireItemComponent region = item(forms.get("root-spine.json"), "region");
    assertTrue(region.getRequired(), "required override");
    assertFalse(region.hasEnableWhen(), "removeEnableWhen override");
    assertTrue(item(forms.get("root-spine.json"), "blood-thinner-name").getRequired(), "override of a nested item");
    assertNull(find(forms.get("root-spine.json"), "site-type"), "exclude override");
    Questionnaire joint = forms.get("root-joint.json");
    assertEquals(VS + "sip-body-side|0.1.0", item(joint, "joint").getAnswerValueSet(), "answerValueSet override");
    assertNull(find(joint, "region"));
    assertTrue(item(joint, "joint").hasEnableWhen(), "the other form's exclusions and removals do not leak");
    assertFalse(item(joint, "blood-thinner-name").getRequired(), "nor do its required flags");
  }

  @Test
  void theAssembledFormKeepsTheRootsMetadataAndSaysWhatItWasAssembledFrom() {
    Questionnaire spine = assembleValid().get("root-spine.json");
    assertEquals("sip-test-spine", spine.getIdElement().getIdPart());
    assertEquals("http://spinal-injection-pathways.org/fhir/Questionnaire/sip-test-spine", spine.getUrl());
    assertEquals("0.1.0", spine.getVersion());
    assertEquals("TestSpineScreening", spine.getName());
    assertEquals("Test root: spine pathway.", spine.getDescription());
    assertNull(spine.getExtensionByUrl(FormExtensions.ASSEMBLE_EXPECTATION), "no longer needs assembly");
    assertEquals("http://spinal-injection-pathways.org/fhir/Questionnaire/sip-test-spine|0.1.0",
        spine.getExtensionByUrl(FormExtensions.ASSEMBLED_FROM).getValue().primitiveValue());
  }

  @Test
  void moduleVariablesMoveToTheItemHoldingTheDisplayItem() {
    Questionnaire spine = assembleValid().get("root-spine.json");
    assertEquals(List.of("siteType"), variables(spine.getExtension()), "included at the root: on the root");
    QuestionnaireItemComponent safety = item(spine, "safety");
    assertEquals(List.of("onBloodThinners"), variables(safety.getExtension()), "included in a group: on it");
  }

  @Test
  void theAuthoredModulesAreNotChanged() {
    List<FormSource> sources = FormFiles.read(FHIR, FIXTURES.resolve("valid"), new ArrayList<>());
    String before = asText(sources);
    assertEquals(2, new FormAssembler(sources).assembleAll().size());
    assertEquals(before, asText(sources));
  }

  @Test
  void modulesIncludingEachOtherAreAnError() {
    assertProblem("cycle", "module-b.json", "modules include each other: "
        + "http://spinal-injection-pathways.org/fhir/Questionnaire/sip-test-module-a|0.1.0 -> "
        + "http://spinal-injection-pathways.org/fhir/Questionnaire/sip-test-module-b|0.1.0 -> "
        + "http://spinal-injection-pathways.org/fhir/Questionnaire/sip-test-module-a|0.1.0");
  }

  @Test
  void anUnknownModuleIsAnErrorAtTheDisplayItem() {
    ContentProblem p = assertProblem("unknown-module", "root.json", "no module (assemble-expectation "
        + "assemble-child) has canonical http://spinal-injection-pathways.org/fhir/Questionnaire/"
        + "sip-test-module-missing|0.1.0");
    assertEquals("Questionnaire.item[1]", p.element());
  }

  @Test
  void aLinkIdTheRootAndAModuleBothUseIsAnError() {
    ContentProblem p = assertProblem("duplicate-linkid", "root.json", "linkId 'blood-thinners' appears 2 times");
    assertTrue(p.message().contains("root.json @ Questionnaire.item[0]")
        && p.message().contains("module-medicines.json @ Questionnaire.item[0]"), p.message());
  }

  @Test
  void anOverrideNamingNoItemOfTheModuleIsAnError() {
    ContentProblem p = assertProblem("unknown-override", "root.json", "module http://spinal-injection-pathways.org/"
        + "fhir/Questionnaire/sip-test-module-medicines|0.1.0 has no item with linkId 'no-such-item'");
    assertEquals("Questionnaire.item[0].extension[1]", p.element());
  }

  @Test
  void excludingAnItemOthersDependOnIsAnError() {
    assertProblem("dangling-enablewhen", "module-medicines.json", "enableWhen of 'blood-thinner-name' names "
        + "'blood-thinners', which is not in the form");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    List<FormSource> sources = new ArrayList<>();
    for (String folder : List.of("cycle", "unknown-module", "unknown-override")) {
      sources.addAll(FormFiles.read(FHIR, FIXTURES.resolve(folder), new ArrayList<>()).stream()
          .map(s -> new FormSource(folder + "/" + s.file(), s.questionnaire())).toList());
    }
    FormAssemblyException e = assertThrows(FormAssemblyException.class,
        () -> new FormAssembler(sources).assembleAll());
    List<String> files = e.problems().stream().map(ContentProblem::file).distinct().sorted().toList();
    assertEquals(List.of("cycle/module-b.json", "unknown-module/root.json", "unknown-override/root.json"), files,
        e.getMessage());
  }

  static ContentProblem assertProblem(String folder, String file, String message) {
    FormAssemblyException e = assertThrows(FormAssemblyException.class,
        () -> FormAssembler.fromFolder(FHIR, FIXTURES.resolve(folder)).assembleAll());
    return e.problems().stream().filter(p -> p.file().equals(file) && p.message().contains(message)).findFirst()
        .orElseThrow(() -> new AssertionError("expected a problem in " + file + " saying " + message + ", got:\n"
            + e.getMessage()));
  }

  private static String asText(List<FormSource> sources) {
    return sources.stream().map(s -> FHIR.newJsonParser().encodeResourceToString(s.questionnaire()))
        .collect(Collectors.joining("\n"));
  }

  private static List<String> variables(List<Extension> extensions) {
    return extensions.stream().filter(e -> FormExtensions.VARIABLE.equals(e.getUrl()))
        .map(e -> ((Expression) e.getValue()).getName()).toList();
  }

  static List<String> linkIds(List<QuestionnaireItemComponent> items) {
    return items.stream().map(QuestionnaireItemComponent::getLinkId).toList();
  }

  static List<QuestionnaireItemComponent> all(Questionnaire form) {
    List<QuestionnaireItemComponent> out = new ArrayList<>();
    collect(form.getItem(), out);
    return out;
  }

  private static void collect(List<QuestionnaireItemComponent> items, List<QuestionnaireItemComponent> out) {
    items.forEach(i -> {
      out.add(i);
      collect(i.getItem(), out);
    });
  }

  static QuestionnaireItemComponent find(Questionnaire form, String linkId) {
    return all(form).stream().filter(i -> linkId.equals(i.getLinkId())).findFirst().orElse(null);
  }

  static QuestionnaireItemComponent item(Questionnaire form, String linkId) {
    QuestionnaireItemComponent item = find(form, linkId);
    if (item == null) {
      throw new AssertionError("no item " + linkId + " in " + linkIds(form.getItem()));
    }
    return item;
  }
}
