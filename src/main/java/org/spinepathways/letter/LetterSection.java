package org.spinepathways.letter;

import java.util.Optional;

/**
 * The sections of the patient letter, in the order they are printed. Which instruction goes where is data: the
 * {@code letter-section} property of CodeSystem {@code sip-pathway-activity} (see {@link SectionMap}); an instruction
 * whose category has no section lands in {@link #OTHER}, never dropped.
 */
public enum LetterSection {
  DECISION("decision"),
  PREPARATION("preparation"),
  DAY("day"),
  AFTERCARE("aftercare"),
  RED_FLAGS("red-flags"),
  FOLLOW_UP("follow-up"),
  OTHER("other");

  private final String code;

  LetterSection(String code) {
    this.code = code;
  }

  /** The code used in the CodeSystem property and in the letter template. */
  public String code() {
    return code;
  }

  /** Whether the section only makes sense when the procedure goes ahead (so a held plan does not print it). */
  public boolean dependsOnProcedure() {
    return this != DECISION && this != OTHER;
  }

  /** The section with that code; {@link #OTHER} is not a value content may assign. */
  public static Optional<LetterSection> ofCode(String code) {
    for (LetterSection s : values()) {
      if (s != OTHER && s.code.equals(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
