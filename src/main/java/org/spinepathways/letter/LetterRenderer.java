package org.spinepathways.letter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.logging.Level;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a {@link PatientLetter} as an HTML page from the Thymeleaf template {@code /letter/patient-letter.html}
 * (one engine, built once, templates cached), and that page as a PDF with openhtmltopdf. The PDF is laid out from the
 * same HTML, so both say the same thing. Nothing outside the page is ever loaded. Thread-safe.
 */
final class LetterRenderer {

  private static final String TEMPLATE = "patient-letter";

  static {
    // openhtmltopdf logs timings and selector counts at INFO for every document; keep its warnings only.
    XRLog.listRegisteredLoggers().forEach(name -> XRLog.setLevel(name, Level.WARNING));
  }

  private final TemplateEngine engine;

  LetterRenderer() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("/letter/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    // Parse and cache the template now, not on the first request.
    html(new PatientLetter("", null, null, "eligible", false, null, List.of(), List.of()));
  }

  /** The letter as a complete, well-formed XHTML document. */
  String html(PatientLetter letter) {
    Context context = new Context();
    context.setVariable("letter", letter);
    return engine.process(TEMPLATE, context);
  }

  /** The letter as a PDF, laid out from {@link #html(PatientLetter)}. */
  byte[] pdf(PatientLetter letter) {
    return pdf(html(letter), letter.title());
  }

  static byte[] pdf(String html, String title) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    // The page is self-contained: no style sheet, image or font is fetched from anywhere.
    builder.useExternalResourceAccessControl((uri, type) -> false,
        ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
    builder.useExternalResourceAccessControl((uri, type) -> false,
        ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
    builder.withHtmlContent(html, null);
    builder.withProducer("Spinal injection pathways");
    builder.toStream(out);
    try {
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException("The letter could not be laid out as a PDF", e);
    }
    return out.toByteArray();
  }
}
