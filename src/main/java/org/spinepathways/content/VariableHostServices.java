package org.spinepathways.content;

import java.util.List;

import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.fhirpath.FHIRPathUtilityClasses.FunctionDetails;
import org.hl7.fhir.r4.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r4.fhirpath.TypeDetails;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.fhirpath.FHIRPathConstantEvaluationMode;

/**
 * FHIRPath host services that add nothing but {@code %variables}: no custom functions, no reference resolution,
 * no value sets. Subclasses say how an explicit {@code %name} resolves from the application context.
 */
public abstract class VariableHostServices implements IHostApplicationServices {

  /** The value of {@code %name} in the given application context. */
  protected abstract List<Base> variable(Object appContext, String name);

  @Override
  public final List<Base> resolveConstant(FHIRPathEngine engine, Object appContext, String name,
      FHIRPathConstantEvaluationMode mode) {
    return mode == FHIRPathConstantEvaluationMode.EXPLICIT ? variable(appContext, name) : List.of();
  }

  @Override
  public TypeDetails resolveConstantType(FHIRPathEngine engine, Object appContext, String name,
      FHIRPathConstantEvaluationMode mode) {
    return null;
  }

  @Override
  public boolean log(String argument, List<Base> focus) {
    return false;
  }

  @Override
  public FunctionDetails resolveFunction(FHIRPathEngine engine, String functionName) {
    return null;
  }

  @Override
  public TypeDetails checkFunction(FHIRPathEngine engine, Object appContext, String functionName,
      TypeDetails focus, List<TypeDetails> parameters) {
    return null;
  }

  @Override
  public List<Base> executeFunction(FHIRPathEngine engine, Object appContext, List<Base> focus,
      String functionName, List<List<Base>> parameters) {
    return null;
  }

  @Override
  public Base resolveReference(FHIRPathEngine engine, Object appContext, String url, Base refContext) {
    return null;
  }

  @Override
  public boolean conformsToProfile(FHIRPathEngine engine, Object appContext, Base item, String url) {
    return false;
  }

  @Override
  public ValueSet resolveValueSet(FHIRPathEngine engine, Object appContext, String url) {
    return null;
  }

  @Override
  public boolean paramIsType(String name, int index) {
    return false;
  }
}
