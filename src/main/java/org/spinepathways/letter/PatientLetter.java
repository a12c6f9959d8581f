package org.spinepathways.letter;

import java.util.List;

/**
 * What the patient letter says, ready for the template: no FHIR types, only text. Built by
 * {@link PatientLetterBuilder} from a CarePlan that $apply produced.
 *
 * @param title the procedure or pathway title
 * @param patient how the CarePlan names its subject (its display, else its reference)
 * @param created the date the plan was made, written out (may be null)
 * @param decision the pathway decision code (eligible, eligible-with-precautions, clinician-review, postpone,
 *     contraindicated); the template words it when no decision message is present
 * @param held whether the procedure is not going ahead as planned: the letter then prints no preparation, day,
 *     aftercare, warning-sign or follow-up instructions as if they applied
 * @param procedure the procedure being planned (null when no procedure request was raised)
 * @param decisionMessages the active patient messages about the decision, printed first
 * @param sections the sections with at least one instruction, in letter order (the decision section excluded)
 */
public record PatientLetter(String title, String patient, String created, String decision, boolean held,
    Procedure procedure, List<Item> decisionMessages, List<Section> sections) {

  /** The procedure: its name, its date written out (may be null), and its description for the patient. */
  public record Procedure(String name, String date, String description) {}

  /** One section of instructions. {@code code} is a {@link LetterSection} code. */
  public record Section(String code, List<Item> items) {}

  /** One instruction: its text and, when it has one, when it applies, written out. */
  public record Item(String text, String when) {}
}
