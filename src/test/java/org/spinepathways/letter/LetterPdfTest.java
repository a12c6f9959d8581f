package org.spinepathways.letter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.CarePlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PDF letter for two pathways: it is a PDF, its text has the sections in order, and each page is drawn to PNG
 * with PDFBox's renderer under {@code target/letters/} so a person can look at it. With
 * {@code -Dletter.examples=true} the PNGs are written to {@code examples/} instead (review them, then commit).
 */
class LetterPdfTest {

  private static final boolean EXAMPLES = Boolean.getBoolean("letter.examples");

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
      "sip-drg-block, all-clear, Your procedure can go ahead as planned.|Getting ready|On the day|After the procedure"
          + "|Warning signs: when to get help|Follow-up",
      "sip-lumbar-nrb-sedation, fever, cannot go ahead for now|This letter does not include instructions"})
  void pdfSaysWhatTheHtmlSaysAndIsDrawn(String plan, String scenario, String expectedInOrder) throws IOException {
    CarePlan carePlan = LetterFixture.apply(plan, scenario);
    byte[] pdf = LetterFixture.letters().pdf(carePlan);
    assertTrue(new String(pdf, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-"), "a PDF");

    String text;
    try (PDDocument document = Loader.loadPDF(pdf)) {
      text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertTrue(document.getDocumentInformation().getTitle().contains("Your procedure"), "PDF title");
    }
    PatientLetterTest.assertInOrder(text, expectedInOrder.split("\\|"));
    assertTrue(text.contains("Page 1 of"), "page numbers");

    BufferedImage image = LetterFixture.pages(pdf, 80);
    assertTrue(darkPixels(image) > 1000, "the drawn page has text on it");
    Path folder = EXAMPLES ? Path.of("examples") : Path.of("target", "letters");
    LetterFixture.writePng(image, folder.resolve("letter-" + plan + "-" + scenario + ".png"));
  }

  private static int darkPixels(BufferedImage image) {
    int dark = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
          dark++;
        }
      }
    }
    return dark;
  }
}
