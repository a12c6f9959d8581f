package org.spinepathways.populate;

import java.util.List;

import org.hl7.fhir.r4.model.Questionnaire;

/** Lets the server tests use the packaged screening Questionnaire with the proposed pre-fill. */
public final class InitialExpressionsTestAccess {

  private InitialExpressionsTestAccess() {}

  public static List<Questionnaire> withProposal() throws Exception {
    return InitialExpressionsTest.withProposal();
  }
}
