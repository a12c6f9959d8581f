package org.spinepathways.forms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.spinepathways.content.ContentProblem;

/**
 * Builds the items of one assembled form: every display item carrying {@code sdc-questionnaire-subQuestionnaire} is
 * replaced, in place, by deep copies of the module's top-level items (modules may include modules), adapted by the
 * display item's {@code sip-module-override}s; the module's root-level extensions move as SDC says. Each output item
 * remembers where it was authored ({@link #ORIGIN}).
 */
final class ModuleExpansion {

  /** User-data key on output items: the {@link Origin} of the authored item. */
  static final String ORIGIN = "sip-forms-origin";

  /** Where an output item was authored. */
  record Origin(String file, String path) {
    @Override
    public String toString() {
      return file + " @ " + path;
    }
  }

  private final FormLibrary library;
  private final Questionnaire output;
  private final Collection<ContentProblem> problems;
  /** Canonicals of the modules being expanded, outermost first: a repeat is a cycle. */
  private final List<String> chain = new ArrayList<>();

  ModuleExpansion(FormLibrary library, Questionnaire output, Collection<ContentProblem> problems) {
    this.library = library;
    this.output = output;
    this.problems = problems;
  }

  /** The expanded copies of {@code items} (authored in {@code source} at {@code path}). */
  List<QuestionnaireItemComponent> expand(FormSource source, List<QuestionnaireItemComponent> items, String path,
      List<Extension> container) {
    List<QuestionnaireItemComponent> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      QuestionnaireItemComponent item = items.get(i);
      String itemPath = path + ".item[" + i + "]";
      if (item.hasExtension(FormExtensions.SUB_QUESTIONNAIRE)) {
        out.addAll(include(source, item, itemPath, container));
      } else {
        out.add(copy(source, item, itemPath));
      }
    }
    return out;
  }

  private QuestionnaireItemComponent copy(FormSource source, QuestionnaireItemComponent item, String path) {
    if (item.hasExtension(FormExtensions.MODULE_OVERRIDE)) {
      problems.add(new ContentProblem(source.file(), path, FormExtensions.MODULE_OVERRIDE
          + " belongs on a display item that includes a module (" + FormExtensions.SUB_QUESTIONNAIRE + ")"));
    }
    QuestionnaireItemComponent copy = item.copy();
    copy.setUserData(ORIGIN, new Origin(source.file(), path));
    copy.getItem().clear();
    copy.getItem().addAll(expand(source, item.getItem(), path, copy.getExtension()));
    return copy;
  }

  private List<QuestionnaireItemComponent> include(FormSource source, QuestionnaireItemComponent display,
      String path, List<Extension> container) {
    Optional<FormSource> found = checkDisplay(source, display, path)
        .flatMap(canonical -> library.resolve(canonical, source.file(), path, problems));
    if (found.isEmpty()) {
      return List.of();
    }
    FormSource module = found.get();
    if (chain.contains(module.canonical())) {
      problems.add(new ContentProblem(source.file(), path, "modules include each other: "
          + String.join(" -> ", chain) + " -> " + module.canonical()));
      return List.of();
    }
    chain.add(module.canonical());
    try {
      checkLanguage(module);
      propagateExtensions(module, container);
      List<QuestionnaireItemComponent> items = expand(module, module.questionnaire().getItem(), "Questionnaire",
          container);
      overrides(source, display, path).forEach(o -> o.apply(items, module.canonical(), problems));
      return items;
    } finally {
      chain.remove(chain.size() - 1);
    }
  }

  /** The module canonical a display item names, when the display item is well formed. */
  private Optional<String> checkDisplay(FormSource source, QuestionnaireItemComponent display, String path) {
    int before = problems.size();
    if (display.getType() != QuestionnaireItemType.DISPLAY) {
      problems.add(new ContentProblem(source.file(), path, FormExtensions.SUB_QUESTIONNAIRE
          + " belongs on a display item (this one is " + display.getTypeElement().getValueAsString() + ")"));
    }
    if (display.hasEnableWhen() || display.hasItem()) {
      problems.add(new ContentProblem(source.file(), path, "a module's display item is replaced, so its "
          + "enableWhen or child items would be lost: put them in a group around it"));
    }
    List<Extension> refs = display.getExtensionsByUrl(FormExtensions.SUB_QUESTIONNAIRE);
    String canonical = refs.size() == 1 ? FormExtensions.text(refs.get(0).getValue()) : null;
    if (canonical == null) {
      problems.add(new ContentProblem(source.file(), path, "needs exactly one " + FormExtensions.SUB_QUESTIONNAIRE
          + " with a valueCanonical"));
    }
    return problems.size() == before ? Optional.of(canonical) : Optional.empty();
  }

  private void checkLanguage(FormSource module) {
    Questionnaire q = module.questionnaire();
    if (q.hasLanguage() && !q.getLanguage().equals(output.getLanguage())) {
      problems.add(new ContentProblem(module.file(), "Questionnaire.language", "language " + q.getLanguage()
          + " differs from the form's (" + output.getLanguage() + ")"));
    }
  }

  /** SDC: launch contexts and libraries go to the form's root; variables and contexts to the holding item. */
  private void propagateExtensions(FormSource module, List<Extension> container) {
    List<Extension> extensions = module.questionnaire().getExtension();
    for (int i = 0; i < extensions.size(); i++) {
      Extension extension = extensions.get(i);
      String path = "Questionnaire.extension[" + i + "]";
      if (FormExtensions.TO_ROOT.contains(extension.getUrl())) {
        add(extension, output.getExtension(), module.file(), path);
      } else if (FormExtensions.TO_CONTAINER.contains(extension.getUrl())) {
        add(extension, container, module.file(), path);
      }
    }
  }

  /** Adds a copy unless an equal one is there; the same name with a different definition is an error. */
  private void add(Extension extension, List<Extension> target, String file, String path) {
    String identity = FormExtensions.identity(extension);
    for (Extension present : target) {
      if (present.getUrl().equals(extension.getUrl())
          && identity.equals(FormExtensions.identity(present))) {
        if (!present.equalsDeep(extension)) {
          problems.add(new ContentProblem(file, path, extension.getUrl() + (identity.isEmpty() ? "" : " '"
              + identity + "'") + " conflicts with a different one already in the form at that place"));
        }
        return;
      }
    }
    target.add(extension.copy());
  }

  private List<ModuleOverride> overrides(FormSource source, QuestionnaireItemComponent display, String path) {
    List<ModuleOverride> overrides = new ArrayList<>();
    List<Extension> extensions = display.getExtension();
    for (int i = 0; i < extensions.size(); i++) {
      if (FormExtensions.MODULE_OVERRIDE.equals(extensions.get(i).getUrl())) {
        String where = path + ".extension[" + i + "]";
        ModuleOverride.read(extensions.get(i), source.file(), where, problems).ifPresent(o -> {
          if (overrides.stream().anyMatch(other -> other.linkId().equals(o.linkId()))) {
            problems.add(new ContentProblem(source.file(), where, "'" + o.linkId() + "' is overridden twice"));
          } else {
            overrides.add(o);
          }
        });
      }
    }
    return overrides;
  }
}
