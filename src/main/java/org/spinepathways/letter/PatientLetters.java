package org.spinepathways.letter;

import org.hl7.fhir.r4.model.CarePlan;
import org.spinepathways.content.KnowledgeStore;

/**
 * The patient letter: the patient-facing instructions of a CarePlan that $apply produced, as a printable HTML page or
 * a PDF, with the decision first, then preparation, the day, aftercare, warning signs and follow-up. Built once at
 * start-up; thread-safe. A CarePlan that did not come from $apply is rejected with an
 * {@link org.spinepathways.apply.InputRejectedException} (kind INVALID).
 */
public final class PatientLetters {

  /** The two forms of the letter. */
  public enum Format {
    HTML("text/html"), PDF("application/pdf");

    private final String mimeType;

    Format(String mimeType) {
      this.mimeType = mimeType;
    }

    public String mimeType() {
      return mimeType;
    }
  }

  private final PatientLetterBuilder builder;
  private final LetterRenderer renderer = new LetterRenderer();

  public PatientLetters(KnowledgeStore store) {
    this.builder = new PatientLetterBuilder(SectionMap.from(store));
  }

  /** What the letter says, before it is rendered. */
  public PatientLetter letter(CarePlan carePlan) {
    return builder.build(carePlan);
  }

  /** The letter as an HTML page (UTF-8). */
  public String html(CarePlan carePlan) {
    return renderer.html(letter(carePlan));
  }

  /** The letter as a PDF. */
  public byte[] pdf(CarePlan carePlan) {
    return renderer.pdf(letter(carePlan));
  }

  /** The letter in the given format, as bytes (HTML in UTF-8). */
  public byte[] render(CarePlan carePlan, Format format) {
    return format == Format.PDF ? pdf(carePlan)
        : html(carePlan).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
