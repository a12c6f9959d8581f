package org.spinepathways.server;

import java.net.URL;

import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The screening page at {@code /app/}: static files from the class path folder {@code app/} (the page and the
 * LHC-Forms renderer it uses), served by Jetty's own DefaultServlet; no directory listings. The page calls the FHIR
 * server on the same origin, so it needs no CORS.
 */
final class FormPage {

  private FormPage() {}

  static void install(ServletContextHandler context) {
    URL root = FormPage.class.getResource("/app/index.html");
    if (root == null) {
      return;
    }
    String base = root.toExternalForm();
    ServletHolder holder = new ServletHolder("app", DefaultServlet.class);
    holder.setInitParameter("baseResource", base.substring(0, base.length() - "index.html".length()));
    holder.setInitParameter("pathInfoOnly", "true");
    holder.setInitParameter("dirAllowed", "false");
    holder.setInitParameter("welcomeServlets", "false");
    holder.setInitParameter("redirectWelcome", "false");
    holder.setInitParameter("cacheControl", "no-cache");
    context.addServlet(holder, "/app/*");
    context.setWelcomeFiles(new String[] {"index.html"});
  }
}
