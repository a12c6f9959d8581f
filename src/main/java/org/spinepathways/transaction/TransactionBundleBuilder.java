package org.spinepathways.transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.spinepathways.apply.ApplyRequest;

/**
 * Turns the CarePlan {@code $apply} returns into a {@code transaction} Bundle an EHR can import: the CarePlan, its
 * RequestGroup, every request, DetectedIssue and Consent, and the screening response become top-level entries with
 * {@code urn:uuid} full URLs, every reference between them is rewritten to those URLs, and each entry is created only
 * if no resource with its business identifier exists ({@code ifNoneExist}), so importing the result of the same
 * screening twice stores nothing new. The explanation (GuidanceResponse, its Parameters and OperationOutcome) stays
 * contained in the CarePlan: it explains that CarePlan and nothing else. References to knowledge artifacts are
 * canonicals already; references to the patient and to EHR records are left as they are.
 */
public final class TransactionBundleBuilder {

  /** Contained resources that stay in the CarePlan: its explanation. */
  private static final Set<String> STAYS_CONTAINED = Set.of("GuidanceResponse", "Parameters", "OperationOutcome");

  private final FhirContext fhirContext;

  public TransactionBundleBuilder(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /**
   * @param produced the CarePlan as {@code $apply} returned it (not changed)
   * @param request the request it answered: the screening response is looked up there when the CarePlan refers to it
   *     by id rather than containing it
   */
  public Bundle build(CarePlan produced, ApplyRequest request) {
    CarePlan carePlan = produced.copy();
    Map<String, String> rewrites = new LinkedHashMap<>();
    List<DomainResource> entries = new ArrayList<>();

    QuestionnaireResponse screening = takeScreening(carePlan, request, rewrites);
    OutputIdentifiers ids = OutputIdentifiers.of(fhirContext, carePlan.getInstantiatesCanonical().isEmpty() ? ""
        : carePlan.getInstantiatesCanonical().get(0).getValue(), carePlan.getSubject().getReference(), screening,
        request.data());
    if (screening != null) {
      entries.add(screening);
    }
    List<Resource> keep = new ArrayList<>();
    for (Resource contained : carePlan.getContained()) {
      if (STAYS_CONTAINED.contains(contained.fhirType()) || !(contained instanceof DomainResource)) {
        keep.add(contained);
      } else if (!(contained instanceof QuestionnaireResponse)) {
        rewrites.put("#" + contained.getIdPart(), null);
        entries.add((DomainResource) contained);
      }
    }
    carePlan.setContained(keep);
    entries.add(carePlan);

    Map<DomainResource, String> fullUrls = new LinkedHashMap<>();
    for (DomainResource resource : entries) {
      String localName = resource == carePlan ? "CarePlan" : resource.fhirType() + "/" + resource.getIdPart();
      String fullUrl = "urn:uuid:" + ids.uuidFor(localName);
      String before = localReference(resource, rewrites);
      if (before != null) {
        rewrites.put(before, fullUrl);
      }
      fullUrls.put(resource, fullUrl);
    }
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    ReferenceRewriter rewriter = new ReferenceRewriter(fhirContext, rewrites);
    fullUrls.forEach((resource, fullUrl) -> {
      String localName = resource == carePlan ? "CarePlan" : resource.fhirType() + "/" + resource.getIdPart();
      Identifier identifier = identify(resource, ids.identifierFor(localName));
      resource.setIdElement(null);
      rewriter.rewrite(resource);
      bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
          .setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType())
          .setIfNoneExist("identifier=" + identifier.getSystem() + "|" + identifier.getValue());
    });
    return bundle;
  }

  /**
   * Takes the screening response out of the CarePlan (a contained copy) or out of the request (the CarePlan refers to
   * it by id), and notes the reference to rewrite. Null when no response was used.
   */
  private static QuestionnaireResponse takeScreening(CarePlan carePlan, ApplyRequest request,
      Map<String, String> rewrites) {
    for (Resource contained : carePlan.getContained()) {
      if (contained instanceof QuestionnaireResponse qr) {
        rewrites.put("#" + qr.getIdPart(), null);
        return qr;
      }
    }
    for (Reference info : carePlan.getSupportingInfo()) {
      String ref = info.getReference();
      if (ref != null && ref.startsWith("QuestionnaireResponse/")) {
        QuestionnaireResponse found = findInRequest(request, ref.substring(ref.indexOf('/') + 1));
        if (found != null) {
          QuestionnaireResponse copy = found.copy();
          copy.setId(ref.substring(ref.indexOf('/') + 1));
          rewrites.put(ref, null);
          return copy;
        }
      }
    }
    return null;
  }

  private static QuestionnaireResponse findInRequest(ApplyRequest request, String id) {
    if (request.questionnaireResponse() != null && id.equals(request.questionnaireResponse().getIdPart())) {
      return request.questionnaireResponse();
    }
    if (request.data() != null) {
      for (Bundle.BundleEntryComponent e : request.data().getEntry()) {
        if (e.getResource() instanceof QuestionnaireResponse qr && id.equals(qr.getIdPart())) {
          return qr;
        }
      }
    }
    return null;
  }

  /** The reference by which the CarePlan's resources pointed at this one before it became an entry. */
  private static String localReference(DomainResource resource, Map<String, String> rewrites) {
    String contained = "#" + resource.getIdPart();
    if (rewrites.containsKey(contained)) {
      return contained;
    }
    String typed = resource.fhirType() + "/" + resource.getIdPart();
    return rewrites.containsKey(typed) ? typed : null;
  }

  /**
   * The identifier the entry is created on: the screening response keeps its own when it has one; every other
   * resource gets the derived identifier.
   */
  private Identifier identify(DomainResource resource, Identifier derived) {
    if (resource instanceof QuestionnaireResponse qr) {
      if (qr.hasIdentifier() && qr.getIdentifier().hasSystem() && qr.getIdentifier().hasValue()) {
        return qr.getIdentifier();
      }
      qr.setIdentifier(derived);
      return derived;
    }
    Identifier added = (Identifier) fhirContext.newTerser().addElement(resource, "identifier");
    return added.setSystem(derived.getSystem()).setValue(derived.getValue());
  }
}
