package org.spinepathways.provider;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Resource;
import org.spinepathways.apply.ApplyProcessor;
import org.spinepathways.apply.ApplyRequest;
import org.spinepathways.apply.InputRejectedException;
import org.spinepathways.transaction.TransactionBundleBuilder;

/** The {@code output} parameter of {@code $apply}: {@code careplan} (the default) or {@code transaction}. */
enum ApplyOutput {
  CAREPLAN("careplan"),
  TRANSACTION("transaction");

  final String code;

  ApplyOutput(String code) {
    this.code = code;
  }

  static ApplyOutput of(CodeType output) {
    if (output == null || !output.hasValue()) {
      return CAREPLAN;
    }
    for (ApplyOutput o : values()) {
      if (o.code.equals(output.getValue())) {
        return o;
      }
    }
    throw new InputRejectedException(InputRejectedException.Kind.INVALID, "Unknown output '" + output.getValue()
        + "': use 'careplan' (the default) or 'transaction'", "output");
  }

  Resource render(ApplyProcessor processor, ApplyRequest request, TransactionBundleBuilder bundles) {
    CarePlan carePlan = processor.apply(request);
    return this == TRANSACTION ? bundles.build(carePlan, request) : carePlan;
  }
}
