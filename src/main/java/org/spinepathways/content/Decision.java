package org.spinepathways.content;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The pathway decision, from least to most restrictive. Rule actions name the decision they force
 * ({@code decision-effect}); the plan's decision is the most restrictive one that applies.
 */
public enum Decision {
  ELIGIBLE("eligible", "Eligible", null),
  ELIGIBLE_WITH_PRECAUTIONS("eligible-with-precautions", "Eligible with precautions", "precaution"),
  CLINICIAN_REVIEW("clinician-review", "Clinician review needed before proceeding", "clinician-review"),
  POSTPONE("postpone", "Postpone", "postpone"),
  CONTRAINDICATED("contraindicated", "Contraindicated", "contraindicated");

  /** The codes a rule action may use in its decision-effect extension. */
  public static final List<String> EFFECT_CODES =
      Arrays.stream(values()).map(d -> d.effect).filter(e -> e != null).toList();

  private final String code;
  private final String display;
  private final String effect;

  Decision(String code, String display, String effect) {
    this.code = code;
    this.display = display;
    this.effect = effect;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  /** The decision a rule's effect code forces. */
  public static Optional<Decision> fromEffect(String effect) {
    return Arrays.stream(values()).filter(d -> effect.equals(d.effect)).findFirst();
  }

  /** Whether the procedure goes ahead: everything that depends on it is active rather than on hold. */
  public boolean proceeds() {
    return this == ELIGIBLE || this == ELIGIBLE_WITH_PRECAUTIONS;
  }

  /** The more restrictive of the two. */
  public Decision and(Decision other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
