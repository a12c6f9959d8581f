package org.spinepathways.letter;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.spinepathways.TestModule;
import org.spinepathways.apply.ScenarioRequests;

/** CarePlans from the golden scenarios' requests, and PDF pages drawn as one PNG so a person can look at them. */
final class LetterFixture {

  private static PatientLetters letters;

  private LetterFixture() {}

  static synchronized PatientLetters letters() {
    if (letters == null) {
      letters = new PatientLetters(TestModule.get().store());
    }
    return letters;
  }

  /** $apply on a golden scenario's request. */
  static CarePlan apply(String plan, String scenario) {
    try {
      Path request = Path.of(LetterFixture.class.getResource("/scenarios/" + plan + "/" + scenario + "/request.json")
          .toURI());
      Parameters p = TestModule.get().fhirContext().newJsonParser().parseResource(Parameters.class,
          Files.readString(request));
      return TestModule.get().processor().apply(ScenarioRequests.from(plan, p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every page of the PDF drawn at the given resolution, stacked top to bottom with a grey gap between pages. */
  static BufferedImage pages(byte[] pdf, float dpi) throws IOException {
    List<BufferedImage> pages = new ArrayList<>();
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDFRenderer renderer = new PDFRenderer(document);
      for (int i = 0; i < document.getNumberOfPages(); i++) {
        pages.add(renderer.renderImageWithDPI(i, dpi));
      }
    }
    int gap = 12;
    int width = pages.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
    int height = pages.stream().mapToInt(BufferedImage::getHeight).sum() + gap * Math.max(0, pages.size() - 1);
    BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, width, height);
    int y = 0;
    for (BufferedImage page : pages) {
      g.drawImage(page, 0, y, null);
      y += page.getHeight() + gap;
    }
    g.dispose();
    return sheet;
  }

  static void writePng(BufferedImage image, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
  }
}
