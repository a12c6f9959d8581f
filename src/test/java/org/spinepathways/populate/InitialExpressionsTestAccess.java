package org.spinepathways.populate;

import org.hl7.fhir.r4.model.Questionnaire;

/** Lets the server tests find a packaged screening form that pre-fills a given item. */
public final class InitialExpressionsTestAccess {

  private InitialExpressionsTestAccess() {}

  /** A packaged pathway form that pre-fills the given linkId. */
  public static Questionnaire asking(String linkId) throws Exception {
    return InitialExpressionsTest.withProposal().stream().filter(p -> p.linkIds().contains(linkId))
        .map(InitialExpressionsTest.Proposed::questionnaire).findFirst().orElseThrow();
  }
}
