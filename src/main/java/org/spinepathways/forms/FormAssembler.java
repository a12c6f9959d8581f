package org.spinepathways.forms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.spinepathways.content.ContentProblem;

/**
 * Assembles SDC modular forms at build time. A root ({@code sdc-questionnaire-assemble-expectation} =
 * {@code assemble-root}) keeps its metadata; each of its display items carrying
 * {@code sdc-questionnaire-subQuestionnaire} is replaced in place by the top-level items of the named module
 * ({@code assemble-child}), recursively, adapted by any {@code sip-module-override} on that display item. The
 * assembled form loses the assemble-expectation and gains {@code sdc-questionnaire-assembledFrom} (root url|version).
 * Every problem (unresolved module, cycle, duplicate linkId, override naming no item...) is collected and thrown
 * together as a {@link FormAssemblyException}. The authored Questionnaires are never modified.
 */
public final class FormAssembler {

  private final List<ContentProblem> sourceProblems;
  private final FormLibrary library;

  /** An assembler over these roots and modules. */
  public FormAssembler(List<FormSource> sources) {
    this(sources, List.of());
  }

  private FormAssembler(List<FormSource> sources, List<ContentProblem> readProblems) {
    Collection<ContentProblem> problems = new LinkedHashSet<>(readProblems);
    this.library = new FormLibrary(sources, problems);
    this.sourceProblems = List.copyOf(problems);
  }

  /** An assembler over every {@code *.json} file under {@code folder}; unreadable files are reported on assembly. */
  public static FormAssembler fromFolder(FhirContext fhirContext, Path folder) {
    List<ContentProblem> problems = new ArrayList<>();
    List<FormSource> sources = FormFiles.read(fhirContext, folder, problems);
    return new FormAssembler(sources, problems);
  }

  /** The root forms, in file order. */
  public List<FormSource> roots() {
    return library.roots();
  }

  /** Assembles every root; throws with every problem of every root (and of the sources) at once. */
  public Map<FormSource, Questionnaire> assembleAll() {
    Collection<ContentProblem> problems = new LinkedHashSet<>(sourceProblems);
    Map<FormSource, Questionnaire> forms = new LinkedHashMap<>();
    for (FormSource root : library.roots()) {
      forms.put(root, assemble(root, problems));
    }
    throwIfAny(problems);
    return forms;
  }

  /** Assembles one root; throws with every problem found in it (and in the sources). */
  public Questionnaire assemble(FormSource root) {
    if (!library.roots().contains(root)) {
      throw new IllegalArgumentException(root.file() + " is not one of this assembler's roots");
    }
    Collection<ContentProblem> problems = new LinkedHashSet<>(sourceProblems);
    Questionnaire form = assemble(root, problems);
    throwIfAny(problems);
    return form;
  }

  private Questionnaire assemble(FormSource root, Collection<ContentProblem> problems) {
    Questionnaire authored = root.questionnaire();
    Questionnaire form = authored.copy();
    form.getExtension().removeIf(e -> FormExtensions.ASSEMBLE_EXPECTATION.equals(e.getUrl())
        || FormExtensions.ASSEMBLED_FROM.equals(e.getUrl()));
    form.getItem().clear();
    ModuleExpansion expansion = new ModuleExpansion(library, form, problems);
    form.getItem().addAll(expansion.expand(root, authored.getItem(), "Questionnaire", form.getExtension()));
    form.addExtension(FormExtensions.ASSEMBLED_FROM, new CanonicalType(root.canonical()));
    AssembledFormChecks.check(form, root.file(), problems);
    return form;
  }

  private static void throwIfAny(Collection<ContentProblem> problems) {
    if (!problems.isEmpty()) {
      throw new FormAssemblyException(new ArrayList<>(problems));
    }
  }
}
