package org.spinepathways.validation;

import java.io.ByteArrayInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.context.ConfigurationException;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's {@link FhirInstanceValidator}, with its core validators kept in a small pool instead of built per call.
 *
 * <p>HAPI constructs a new {@link InstanceValidator} for every validation; the constructor reads the 1.5 MB OID
 * registry and builds a FHIRPath engine and profile utilities, which cost more than validating a screening response.
 * Here each validator is built once with the same settings HAPI applies, borrowed for one validation at a time, and
 * rebuilt after a bounded number of uses (its cache of canonical lookups only grows). Between uses it forgets the
 * state the core validator keeps from one call to the next (see {@link Reusable}). The validation itself is HAPI's, unchanged: same worker context, same parser, same messages. XML input
 * takes HAPI's own path.
 */
final class PooledInstanceValidator extends FhirInstanceValidator {

  /** Validations before a pooled validator is dropped, bounding what its internal caches can hold. */
  private static final int USES_BEFORE_REBUILD = 1_000;

  private final int size;
  private final BlockingQueue<Reusable> idle;
  private final AtomicInteger built = new AtomicInteger();

  PooledInstanceValidator(IValidationSupport support, int size) {
    super(support);
    setWrappedWorkerContext(support, new RememberingWorkerContext(support));
    this.size = size;
    this.idle = new ArrayBlockingQueue<>(size);
  }

  @Override
  protected List<ValidationMessage> validate(IValidationContext<?> context) {
    if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
      return super.validate(context);
    }
    IWorkerContext worker = provideWorkerContext();
    String input = context.getResourceAsString();
    List<ValidationMessage> messages = new ArrayList<>();
    List<ValidationMessage> unknownProfiles = new ArrayList<>();
    List<StructureDefinition> profiles = new ArrayList<>();
    for (String url : context.getOptions().getProfiles()) {
      addProfile(worker, url, profiles, unknownProfiles);
    }
    for (String url : declaredProfiles(input)) {
      addProfile(worker, url, profiles, unknownProfiles);
    }
    Reusable validator = borrow(worker);
    boolean healthy = false;
    try {
      validator.forget();
      validator.validate(context.getOptions().getAppContext(), messages,
          new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), FhirFormat.JSON, profiles);
      healthy = true;
    } finally {
      giveBack(validator, healthy);
    }
    if (profiles.isEmpty()) {
      messages.addAll(unknownProfiles);
    }
    List<ValidationMessage> result = new ArrayList<>(messages.size());
    for (ValidationMessage m : messages) {
      if (isNoise(m)) {
        continue;
      }
      if (isUnknownProfile(m)) {
        m.setLevel(isErrorForUnknownProfiles() ? ValidationMessage.IssueSeverity.ERROR
            : ValidationMessage.IssueSeverity.WARNING);
      }
      result.add(m);
    }
    return result;
  }

  /** The profiles a JSON resource claims in meta.profile; HAPI passes them to the core validator explicitly too. */
  private static List<String> declaredProfiles(String json) {
    List<String> urls = new ArrayList<>();
    JsonElement root = JsonParser.parseString(json);
    if (root.isJsonObject() && root.getAsJsonObject().get("meta") instanceof JsonObject meta
        && meta.get("profile") != null && meta.get("profile").isJsonArray()) {
      for (JsonElement url : meta.getAsJsonArray("profile")) {
        if (url.isJsonPrimitive()) {
          urls.add(url.getAsString());
        }
      }
    }
    return urls;
  }

  private static void addProfile(IWorkerContext worker, String url, List<StructureDefinition> profiles,
      List<ValidationMessage> unknown) {
    StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
    if (profile != null) {
      profiles.add(profile);
    } else {
      ValidationMessage m = new ValidationMessage();
      m.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
      m.setLevel(ValidationMessage.IssueSeverity.ERROR);
      m.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
      unknown.add(m);
    }
  }

  /** Messages HAPI's wrapper drops: a binding with no source, and the unknown mime-type value set. */
  private static boolean isNoise(ValidationMessage m) {
    String id = m.getMessageId();
    return I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(id)
        || (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(id) && m.getMessage() != null
            && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"));
  }

  private static boolean isUnknownProfile(ValidationMessage m) {
    return I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(m.getMessageId())
        || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(m.getMessageId());
  }

  private Reusable borrow(IWorkerContext worker) {
    Reusable validator = idle.poll();
    if (validator != null) {
      return validator;
    }
    if (built.incrementAndGet() <= size) {
      return build(worker);
    }
    built.decrementAndGet();
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a validator", e);
    }
  }

  private void giveBack(Reusable validator, boolean healthy) {
    validator.forget();
    if (healthy && reuses() && ++validator.uses < USES_BEFORE_REBUILD && idle.offer(validator)) {
      return;
    }
    built.decrementAndGet();
  }

  /** The settings HAPI's FhirInstanceValidator gives each core validator it builds. */
  private Reusable build(IWorkerContext worker) {
    IHostApplicationServices host = getHostApplicationServices() != null ? getHostApplicationServices()
        : new FhirInstanceValidator.NullEvaluationContext();
    Reusable v;
    try {
      v = new Reusable(worker, host);
    } catch (Exception e) {
      built.decrementAndGet();
      throw new ConfigurationException("Could not build the FHIR instance validator: " + e.getMessage(), e);
    }
    v.setAssumeValidRestReferences(isAssumeValidRestReferences());
    v.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
    v.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
    v.setResourceIdRule(IdStatus.OPTIONAL);
    v.setNoTerminologyChecks(isNoTerminologyChecks());
    v.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
    v.setUnknownCodeSystemsCauseErrors(true);
    v.getExtensionDomains().addAll(getExtensionDomains());
    v.setFetcher(getValidatorResourceFetcher());
    v.setPolicyAdvisor(getValidatorPolicyAdvisor());
    v.setNoExtensibleWarnings(isNoExtensibleWarnings());
    v.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
    v.setAllowExamples(isAllowExamples());
    v.setAllowXsiLocation(true);
    return v;
  }

  /**
   * Whether validators are reused. They are when the two per-call collections the core validator never clears (the
   * codings it has seen, the narrative ids it has indexed; both hold the parsed resource) can be cleared. If a HAPI
   * upgrade renames them, every validator is used once, exactly as HAPI does.
   */
  static boolean reuses() {
    return Reusable.CODINGS_OBSERVER != null;
  }

  /**
   * HAPI's worker context, remembering the definitions it has found. Each lookup otherwise goes through the support
   * chain's cache key, a resource-type lookup and the canonical-version conversion check, for the same few hundred
   * canonicals on every element of every validation. Only found definitions are kept (the library does not change while
   * the server runs), so what a caller's resource names cannot grow it beyond the definitions that exist.
   */
  static final class RememberingWorkerContext extends WorkerContextValidationSupportAdapter {

    private final Map<Class<?>, Map<String, Resource>> found = new ConcurrentHashMap<>();

    RememberingWorkerContext(IValidationSupport support) {
      super(support);
    }

    @Override
    public <T extends Resource> T fetchResource(Class<T> type, String uri) {
      if (uri == null) {
        return super.fetchResource(type, uri);
      }
      Map<String, Resource> ofType = found.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
      Resource known = ofType.get(uri);
      if (known != null) {
        return type.cast(known);
      }
      T fetched = super.fetchResource(type, uri);
      if (fetched != null) {
        ofType.put(uri, fetched);
      }
      return fetched;
    }
  }

  /**
   * A core validator that can be used again. Before each use it forgets what the previous one left: the draft and
   * retired warnings it reports once per instance, the codings it collected, the narrative id index.
   */
  private static final class Reusable extends InstanceValidator {

    private static final VarHandle CODINGS_OBSERVER;
    private static final VarHandle SEEN_CODINGS;
    private static final VarHandle NARRATIVE_IDS;

    static {
      VarHandle observer = null;
      VarHandle codings = null;
      VarHandle narrativeIds = null;
      try {
        MethodHandles.Lookup validator = MethodHandles.privateLookupIn(InstanceValidator.class, MethodHandles.lookup());
        observer = validator.findVarHandle(InstanceValidator.class, "codingObserver", CodingsObserver.class);
        narrativeIds = validator.findVarHandle(InstanceValidator.class, "xhtmlElementMap", Map.class);
        codings = MethodHandles.privateLookupIn(CodingsObserver.class, MethodHandles.lookup())
            .findVarHandle(CodingsObserver.class, "list", List.class);
      } catch (ReflectiveOperationException | RuntimeException e) {
        observer = null;
      }
      CODINGS_OBSERVER = observer;
      SEEN_CODINGS = codings;
      NARRATIVE_IDS = narrativeIds;
    }

    private int uses;

    Reusable(IWorkerContext worker, IHostApplicationServices host) {
      super(worker, host, new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
    }

    /** Forgets the previous validation; also called after each use so that nothing holds a resource in the pool. */
    void forget() {
      statusWarnings.clear();
      if (CODINGS_OBSERVER != null) {
        ((List<?>) SEEN_CODINGS.get(CODINGS_OBSERVER.get(this))).clear();
        ((Map<?, ?>) NARRATIVE_IDS.get(this)).clear();
      }
    }
  }
}
