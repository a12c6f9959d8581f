package org.spinepathways.populate;

import org.hl7.fhir.r4.model.Questionnaire;

/** Lets the server tests use the packaged screening Questionnaire with the proposed pre-fill. */
public final class InitialExpressionsTestAccess {

  private InitialExpressionsTestAccess() {}

  /** A packaged Questionnaire asking the given linkId, with the proposed pre-fill on its items. */
  public static Questionnaire asking(String linkId) throws Exception {
    return InitialExpressionsTest.withProposal().stream().filter(p -> p.linkIds().contains(linkId))
        .map(InitialExpressionsTest.Proposed::questionnaire).findFirst().orElseThrow();
  }
}
