package org.spinepathways.apply;

/**
 * What happened to one action, for the explanation.
 *
 * @param node the action
 * @param status included, skipped, not selected or error
 * @param conditionResult the applicability result, or null when the action has no condition or it was not evaluated
 * @param reason a sentence saying why (the condition that decided, the selection rule, the enclosing action)
 */
record ActionOutcome(ActionNode node, Status status, Boolean conditionResult, String reason) {

  enum Status {
    INCLUDED("included"), SKIPPED("skipped"), NOT_SELECTED("not-selected"), ERROR("error");

    final String code;

    Status(String code) {
      this.code = code;
    }
  }

  boolean included() {
    return status == Status.INCLUDED;
  }
}
