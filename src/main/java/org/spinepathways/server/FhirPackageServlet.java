package org.spinepathways.server;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the project's FHIR NPM package ({@code package.tgz}, built into the jar by {@code mvn package}) at
 * {@code /fhir-package/package.tgz}, for validators and servers that load packages. 404 when the jar was built
 * without it.
 */
final class FhirPackageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String RESOURCE = "/fhir-package/package.tgz";

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try (InputStream in = FhirPackageServlet.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "This build carries no FHIR package");
        return;
      }
      response.setContentType("application/gzip");
      response.setHeader("Content-Disposition", "attachment; filename=\"spinal-injection-pathways.r4.tgz\"");
      in.transferTo(response.getOutputStream());
    }
  }
}
