package org.spinepathways.forms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.spinepathways.content.ContentProblem;

/** The authored roots and modules, checked and indexed by canonical url (and version) for resolution. */
final class FormLibrary {

  private final List<FormSource> roots = new ArrayList<>();
  private final Map<String, List<FormSource>> modulesByUrl = new HashMap<>();

  FormLibrary(List<FormSource> sources, Collection<ContentProblem> problems) {
    Map<String, FormSource> byCanonical = new LinkedHashMap<>();
    for (FormSource source : sources) {
      if (!check(source, problems)) {
        continue;
      }
      FormSource earlier = byCanonical.putIfAbsent(source.canonical(), source);
      if (earlier != null) {
        problems.add(new ContentProblem(source.file(), "Questionnaire.url", "duplicate canonical "
            + source.canonical() + " (also in " + earlier.file() + ")"));
      } else if (source.isRoot()) {
        roots.add(source);
      } else {
        modulesByUrl.computeIfAbsent(source.questionnaire().getUrl(), u -> new ArrayList<>()).add(source);
      }
    }
  }

  List<FormSource> roots() {
    return List.copyOf(roots);
  }

  /**
   * The module a subQuestionnaire canonical names: url|version exactly, or a bare url when only one version of it
   * exists. Adds a problem (at {@code file} and {@code path}) when there is no such module or the url is ambiguous.
   */
  Optional<FormSource> resolve(String canonical, String file, String path, Collection<ContentProblem> problems) {
    int bar = canonical.indexOf('|');
    String url = bar < 0 ? canonical : canonical.substring(0, bar);
    List<FormSource> candidates = modulesByUrl.getOrDefault(url, List.of()).stream()
        .filter(m -> bar < 0 || canonical.substring(bar + 1).equals(m.questionnaire().getVersion())).toList();
    if (candidates.size() == 1) {
      return Optional.of(candidates.get(0));
    }
    String why = candidates.isEmpty()
        ? "no module (assemble-expectation " + FormExtensions.MODULE + ") has canonical " + canonical
            + (roots.stream().anyMatch(r -> r.questionnaire().getUrl().equals(url)) ? "; a root form cannot be "
            + "included" : "")
        : "module " + canonical + " has several versions (" + candidates.stream().map(FormSource::file).toList()
            + "): name one with |version";
    problems.add(new ContentProblem(file, path, why));
    return Optional.empty();
  }

  /** Whether the source can take part: a root or module with a url; roots need an id (the output file's name). */
  private static boolean check(FormSource source, Collection<ContentProblem> problems) {
    Questionnaire q = source.questionnaire();
    String file = source.file();
    int before = problems.size();
    if (!source.isRoot() && !source.isModule()) {
      problems.add(new ContentProblem(file, "Questionnaire.extension", "needs the extension "
          + FormExtensions.ASSEMBLE_EXPECTATION + " with valueCode " + FormExtensions.ROOT + " (a form) or "
          + FormExtensions.MODULE + " (a module); found " + source.expectation()));
    }
    if (!q.hasUrl()) {
      problems.add(new ContentProblem(file, "Questionnaire.url", "a root or module needs a canonical url"));
    }
    if (source.isRoot() && (q.getIdElement().getIdPart() == null)) {
      problems.add(new ContentProblem(file, "Questionnaire.id", "a root needs an id: it names the assembled file"));
    }
    if (source.isModule() && (q.hasImplicitRules() || q.hasModifierExtension())) {
      problems.add(new ContentProblem(file, "Questionnaire", "a module may not have implicitRules or "
          + "modifierExtension (SDC)"));
    }
    if (q.hasContained()) {
      problems.add(new ContentProblem(file, "Questionnaire.contained", "contained resources are not supported in "
          + "forms: put ValueSets in profiles/ and refer to them by canonical"));
    }
    if (declaresLinkIdPrefix(q.getExtension(), q.getItem())) {
      problems.add(new ContentProblem(file, "Questionnaire", "the SDC variable linkIdPrefix is not supported: give "
          + "module items linkIds that are unique across forms"));
    }
    return problems.size() == before;
  }

  private static boolean declaresLinkIdPrefix(List<Extension> extensions, List<QuestionnaireItemComponent> items) {
    return extensions.stream().anyMatch(e -> FormExtensions.VARIABLE.equals(e.getUrl())
        && "linkIdPrefix".equals(FormExtensions.identity(e)))
        || items.stream().anyMatch(i -> declaresLinkIdPrefix(i.getExtension(), i.getItem()));
  }
}
