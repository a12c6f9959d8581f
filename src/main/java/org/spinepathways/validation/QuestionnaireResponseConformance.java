package org.spinepathways.validation;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinepathways.content.KnowledgeStore;

/**
 * A screening Questionnaire compiled once into a quick conformance check of its responses, so that a well-formed
 * response does not pay for a full instance validation (encode, re-parse into the validator's element model, walk
 * every definition and invariant) on every {@code $apply}.
 *
 * <p>The check is one-sided by design: {@link #certainlyConforms} says true only for a response built from the
 * plain shapes it understands (the elements a form renderer writes; items in the form's order with the form's
 * linkIds, texts and answer types; answers among the allowed options; no answer to a disabled item; every enabled
 * required item answered) and which passes every rule the validator would apply to them. Anything else, or anything
 * it is unsure of, says false, and the caller runs HAPI's validator, whose messages are then the ones reported. A
 * Questionnaire using a feature the check does not model (an item type, operator or item extension not listed here)
 * is not compiled: its responses are always validated in full. {@code QuestionnaireResponseConformanceTest} holds the
 * check to the validator over every scenario response and hundreds of mutations of them.
 */
public final class QuestionnaireResponseConformance {

  /** Item extensions the validator does not act on when it checks a response, or that this check models. */
  private static final Set<String> KNOWN_ITEM_EXTENSIONS = Set.of(
      "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression",
      "http://hl7.org/fhir/StructureDefinition/minValue",
      "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-populate-source",
      "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-optional-item",
      "http://spinal-injection-pathways.org/fhir/StructureDefinition/sip-past-event-date");
  private static final String MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";

  /** Questionnaire item elements the check models (all else: not compiled). */
  private static final Set<String> KNOWN_ITEM_ELEMENTS = Set.of("linkId", "text", "type", "code", "required",
      "extension", "item", "enableWhen", "enableBehavior", "answerValueSet", "answerOption", "repeats", "prefix");

  /** Response elements a plain response may carry; any other present element sends it to the validator. */
  private static final Set<String> RESPONSE_ELEMENTS = Set.of("id", "questionnaire", "status", "subject", "authored",
      "author", "source", "item");
  private static final Set<String> ITEM_ELEMENTS = Set.of("linkId", "text", "answer", "item");
  private static final Set<String> ANSWER_ELEMENTS = Set.of("value[x]");
  private static final Set<String> REFERENCE_ELEMENTS = Set.of("reference", "display");
  private static final Set<String> CODING_ELEMENTS = Set.of("system", "code", "display");

  private static final Set<String> AUTHOR_TYPES = Set.of("Device", "Practitioner", "PractitionerRole", "Patient",
      "RelatedPerson", "Organization");
  private static final Set<String> SOURCE_TYPES = Set.of("Patient", "Practitioner", "PractitionerRole",
      "RelatedPerson");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern RELATIVE_REFERENCE = Pattern.compile("([A-Z][A-Za-z]+)/[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
  private static final Pattern DATE_TIME = Pattern.compile(
      "\\d{4}(-\\d{2}(-\\d{2}(T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?(Z|[+-]((0\\d|1[0-3]):[0-5]\\d|14:00)))?)?)?");
  private static final DateTimeFormatter STRICT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
      .withResolverStyle(ResolverStyle.STRICT);

  /** One Questionnaire item, compiled. */
  private record Item(String linkId, String text, Questionnaire.QuestionnaireItemType type, boolean required,
      List<Condition> enableWhen, boolean all, Map<String, String> codings, Integer minValue, List<Item> children) {}

  /** One enableWhen condition: the question it reads, and either "exists" or "=" with an answer. */
  private record Condition(String question, boolean exists, Type answer) {}

  private final List<Item> items;

  private QuestionnaireResponseConformance(List<Item> items) {
    this.items = items;
  }

  /**
   * Compiles a Questionnaire, or says it cannot: a feature the check does not model, or a value set it cannot expand.
   *
   * @param expansions the codes of a value set by canonical ({@code system|code} to display, the display null when
   *        the value set gives none), or empty when it cannot be expanded here
   */
  public static Optional<QuestionnaireResponseConformance> compile(Questionnaire questionnaire,
      Function<String, Optional<Map<String, String>>> expansions) {
    try {
      return Optional.of(new QuestionnaireResponseConformance(compileItems(questionnaire.getItem(), expansions)));
    } catch (NotModelled e) {
      return Optional.empty();
    }
  }

  /**
   * Compiles a Questionnaire of the library, its answer value sets taken from the library and expanded with the
   * validator's terminology; empty as {@link #compile(Questionnaire, Function)} says.
   */
  public static Optional<QuestionnaireResponseConformance> compile(Questionnaire questionnaire, KnowledgeStore store,
      ValueSetExpander expander) {
    return compile(questionnaire, canonical -> store.byCanonical(ValueSet.class, canonical)
        .flatMap(valueSet -> codesOf(valueSet, expander)));
  }

  /** The codes of a value set's expansion; empty when it cannot be expanded here (the form is then validated in full). */
  private static Optional<Map<String, String>> codesOf(ValueSet valueSet, ValueSetExpander expander) {
    ValueSet expanded;
    try {
      expanded = expander.expand(valueSet, new ValueSetExpander.Paging(null, 0, -1));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Map<String, String> codes = new HashMap<>();
    for (ValueSet.ValueSetExpansionContainsComponent c : expanded.getExpansion().getContains()) {
      codes.put(c.getSystem() + "|" + c.getCode(), c.hasDisplay() ? c.getDisplay() : null);
    }
    return Optional.of(codes);
  }

  private static final class NotModelled extends Exception {
    private static final long serialVersionUID = 1L;

    NotModelled() {
      super(null, null, false, false);
    }
  }

  private static List<Item> compileItems(List<QuestionnaireItemComponent> in,
      Function<String, Optional<Map<String, String>>> expansions) throws NotModelled {
    List<Item> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (QuestionnaireItemComponent q : in) {
      if (!q.hasLinkId() || !seen.add(q.getLinkId()) || q.getRepeats() || !q.hasType()) {
        throw new NotModelled();
      }
      for (Property p : q.children()) {
        if (p.hasValues() && !KNOWN_ITEM_ELEMENTS.contains(p.getName())) {
          throw new NotModelled();
        }
      }
      Integer minValue = null;
      for (Extension e : q.getExtension()) {
        if (!KNOWN_ITEM_EXTENSIONS.contains(e.getUrl())) {
          throw new NotModelled();
        }
        if (MIN_VALUE.equals(e.getUrl())) {
          if (!(e.getValue() instanceof IntegerType min)
              || q.getType() != Questionnaire.QuestionnaireItemType.INTEGER) {
            throw new NotModelled();
          }
          minValue = min.getValue();
        }
      }
      Map<String, String> codings = null;
      switch (q.getType()) {
        case GROUP, BOOLEAN, STRING, DATE, DATETIME, INTEGER, DECIMAL -> {
          if (q.hasAnswerOption() || q.hasAnswerValueSet()) {
            throw new NotModelled();
          }
        }
        case CHOICE -> codings = choices(q, expansions);
        default -> throw new NotModelled();
      }
      if (q.getType() == Questionnaire.QuestionnaireItemType.GROUP ? !q.hasItem() : q.hasItem()) {
        throw new NotModelled(); // a question with children, or an empty group
      }
      List<Condition> conditions = new ArrayList<>();
      for (QuestionnaireItemEnableWhenComponent w : q.getEnableWhen()) {
        conditions.add(condition(w));
      }
      if (conditions.size() > 1 && !q.hasEnableBehavior()) {
        throw new NotModelled();
      }
      out.add(new Item(q.getLinkId(), q.hasText() ? q.getText() : null, q.getType(), q.getRequired(), conditions,
          q.getEnableBehavior() != Questionnaire.EnableWhenBehavior.ANY, codings, minValue,
          compileItems(q.getItem(), expansions)));
    }
    return out;
  }

  private static Map<String, String> choices(QuestionnaireItemComponent q,
      Function<String, Optional<Map<String, String>>> expansions) throws NotModelled {
    if (q.hasAnswerOption() == q.hasAnswerValueSet()) {
      throw new NotModelled();
    }
    if (q.hasAnswerValueSet()) {
      return expansions.apply(q.getAnswerValueSet()).orElseThrow(NotModelled::new);
    }
    Map<String, String> codes = new HashMap<>();
    for (Questionnaire.QuestionnaireItemAnswerOptionComponent option : q.getAnswerOption()) {
      if (!(option.getValue() instanceof Coding c) || !c.hasSystem() || !c.hasCode()) {
        throw new NotModelled();
      }
      codes.put(c.getSystem() + "|" + c.getCode(), c.hasDisplay() ? c.getDisplay() : null);
    }
    return codes;
  }

  private static Condition condition(QuestionnaireItemEnableWhenComponent w) throws NotModelled {
    if (!w.hasQuestion() || !w.hasOperator() || !w.hasAnswer()) {
      throw new NotModelled();
    }
    switch (w.getOperator()) {
      case EXISTS -> {
        if (!(w.getAnswer() instanceof BooleanType b) || !b.hasValue()) {
          throw new NotModelled();
        }
        return new Condition(w.getQuestion(), true, b);
      }
      case EQUAL -> {
        Type answer = w.getAnswer();
        if (answer instanceof BooleanType || answer instanceof Coding c && c.hasSystem() && c.hasCode()) {
          return new Condition(w.getQuestion(), false, answer);
        }
        throw new NotModelled();
      }
      default -> throw new NotModelled();
    }
  }

  /**
   * Whether the response certainly passes the validator without an error. False means "not sure": validate in full.
   */
  public boolean certainlyConforms(QuestionnaireResponse response) {
    if (!onlyElements(response, RESPONSE_ELEMENTS)) {
      return false;
    }
    if (response.hasIdElement() && response.getIdElement().hasIdPart()
        && !ID.matcher(response.getIdElement().getIdPart()).matches()) {
      return false;
    }
    if (!plainPrimitive(response.getQuestionnaireElement()) || !plainPrimitive(response.getStatusElement())) {
      return false;
    }
    if (response.hasAuthored() && !(plainPrimitive(response.getAuthoredElement())
        && validDateTime(response.getAuthoredElement()))) {
      return false;
    }
    if (response.hasSubject() && !plainReference(response.getSubject(), null)
        || response.hasAuthor() && !plainReference(response.getAuthor(), AUTHOR_TYPES)
        || response.hasSource() && !plainReference(response.getSource(), SOURCE_TYPES)) {
      return false;
    }
    Map<String, QuestionnaireResponseItemComponent> byLinkId = new HashMap<>();
    if (!indexItems(response.getItem(), byLinkId)) {
      return false;
    }
    return conforms(items, response.getItem(), true, byLinkId);
  }

  /** Every response item by linkId; false when a linkId is missing, repeated or an item is not plain. */
  private static boolean indexItems(List<QuestionnaireResponseItemComponent> in,
      Map<String, QuestionnaireResponseItemComponent> byLinkId) {
    for (QuestionnaireResponseItemComponent item : in) {
      if (!onlyElements(item, ITEM_ELEMENTS) || !item.hasLinkId() || !plainPrimitive(item.getLinkIdElement())
          || byLinkId.put(item.getLinkId(), item) != null) {
        return false;
      }
      if (item.hasText() && !plainPrimitive(item.getTextElement())) {
        return false;
      }
      for (QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
        if (!onlyElements(answer, ANSWER_ELEMENTS) || !answer.hasValue()) {
          return false;
        }
      }
      if (!indexItems(item.getItem(), byLinkId)) {
        return false;
      }
    }
    return true;
  }

  private boolean conforms(List<Item> expected, List<QuestionnaireResponseItemComponent> given, boolean parentEnabled,
      Map<String, QuestionnaireResponseItemComponent> byLinkId) {
    int next = 0; // response items must follow the Questionnaire's order
    for (Item item : expected) {
      QuestionnaireResponseItemComponent found = null;
      if (next < given.size() && given.get(next).getLinkId().equals(item.linkId())) {
        found = given.get(next++);
      }
      boolean enabled = parentEnabled && enabled(item, byLinkId);
      if (found == null) {
        if (enabled && item.required()) {
          return false; // a required answer is missing (or the items are out of order)
        }
        continue;
      }
      if (!enabled || !sameText(found, item)) {
        return false;
      }
      if (item.type() == Questionnaire.QuestionnaireItemType.GROUP) {
        if (found.hasAnswer() || !found.hasItem() || !conforms(item.children(), found.getItem(), true, byLinkId)) {
          return false;
        }
      } else if (found.hasItem() || found.getAnswer().size() != 1 || !answerConforms(item,
          found.getAnswerFirstRep().getValue())) {
        return false;
      }
    }
    return next == given.size(); // anything left is unknown or out of order
  }

  private static boolean sameText(QuestionnaireResponseItemComponent found, Item item) {
    return !found.hasText() || found.getText().equals(item.text());
  }

  private static boolean answerConforms(Item item, Type value) {
    if (value instanceof PrimitiveType<?> primitive && (!plainPrimitive(primitive) || !primitive.hasValue())) {
      return false;
    }
    switch (item.type()) {
      case BOOLEAN:
        return value instanceof BooleanType;
      case INTEGER:
        return value instanceof IntegerType i && (item.minValue() == null || i.getValue() >= item.minValue());
      case DECIMAL:
        return value instanceof DecimalType;
      case DATE:
        return value instanceof DateType d && validDate(d.getValueAsString());
      case DATETIME:
        return value instanceof DateTimeType d && validDateTime(d);
      case STRING:
        return value instanceof StringType s && plainText(s.getValue());
      case CHOICE:
        if (!(value instanceof Coding c) || !onlyElements(c, CODING_ELEMENTS) || !c.hasSystem() || !c.hasCode()
            || !plainPrimitive(c.getSystemElement()) || !plainPrimitive(c.getCodeElement())) {
          return false;
        }
        String key = c.getSystem() + "|" + c.getCode();
        if (!item.codings().containsKey(key)) {
          return false;
        }
        return !c.hasDisplay() || plainPrimitive(c.getDisplayElement()) && c.getDisplay().equals(item.codings()
            .get(key));
      default:
        return false;
    }
  }

  private static boolean enabled(Item item, Map<String, QuestionnaireResponseItemComponent> byLinkId) {
    if (item.enableWhen().isEmpty()) {
      return true;
    }
    boolean any = false;
    boolean all = true;
    for (Condition condition : item.enableWhen()) {
      boolean met = met(condition, byLinkId.get(condition.question()));
      any |= met;
      all &= met;
    }
    return item.all() ? all : any;
  }

  private static boolean met(Condition condition, QuestionnaireResponseItemComponent question) {
    List<QuestionnaireResponseItemAnswerComponent> answers = question == null ? List.of() : question.getAnswer();
    if (condition.exists()) {
      return ((BooleanType) condition.answer()).booleanValue() == !answers.isEmpty();
    }
    for (QuestionnaireResponseItemAnswerComponent answer : answers) {
      if (condition.answer() instanceof BooleanType b && answer.getValue() instanceof BooleanType a
          && a.hasValue() && a.booleanValue() == b.booleanValue()) {
        return true;
      }
      if (condition.answer() instanceof Coding b && answer.getValue() instanceof Coding a
          && b.getSystem().equals(a.getSystem()) && b.getCode().equals(a.getCode())) {
        return true;
      }
    }
    return false;
  }

  /** True when the element carries no element of its own other than those named (no id, extension, etc.). */
  private static boolean onlyElements(Base element, Set<String> allowed) {
    for (Property p : element.children()) {
      if (!allowed.contains(p.getName()) && p.getValues().stream().anyMatch(v -> !v.isEmpty())) {
        return false; // (an empty element, such as a Meta created by a getter, is not sent)
      }
    }
    return true;
  }

  private static boolean plainPrimitive(IBase value) {
    return !(value instanceof Element e) || !e.hasId() && !e.hasExtension();
  }

  private static boolean plainReference(Reference reference, Set<String> types) {
    if (!onlyElements(reference, REFERENCE_ELEMENTS) || !reference.hasReference()
        || !plainPrimitive(reference.getReferenceElement_())
        || reference.hasDisplay() && !(plainPrimitive(reference.getDisplayElement())
            && plainText(reference.getDisplay()))) {
      return false;
    }
    var m = RELATIVE_REFERENCE.matcher(reference.getReference());
    return m.matches() && (types == null || types.contains(m.group(1)));
  }

  private static boolean plainText(String text) {
    if (text == null || text.isBlank() || !text.strip().equals(text)) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean validDate(String text) {
    if (text == null || !DATE.matcher(text).matches()) {
      return false;
    }
    String full = text.length() == 4 ? text + "-01-01" : text.length() == 7 ? text + "-01" : text;
    try {
      LocalDate.parse(full, STRICT_DATE);
      return Integer.parseInt(text.substring(0, 4)) >= 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean validDateTime(DateTimeType value) {
    String text = value.getValueAsString();
    return value.getValue() != null && text != null && DATE_TIME.matcher(text).matches()
        && validDate(text.length() > 10 ? text.substring(0, 10) : text);
  }
}
