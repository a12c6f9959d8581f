package org.spinepathways.server;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinepathways.PathwayModule;

/** Jetty 12 hosting the FHIR servlet at {@code /fhir}. The library is loaded and linted before the port opens. */
public final class EmbeddedServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

  private final Server server;
  private final int port;

  private EmbeddedServer(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedServer start(ServerSettings settings) throws Exception {
    return start(PathwayModule.load(settings.contentDir()), settings);
  }

  public static EmbeddedServer start(PathwayModule module, ServerSettings settings) throws Exception {
    if (settings.checkOutput()) {
      module.processor().setCheckOutput(true);
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(settings.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new BodyLimitFilter(settings.maxBodyBytes())), "/fhir/*",
        EnumSet.of(DispatcherType.REQUEST));
    ServletHolder holder = new ServletHolder(new FhirServlet(module, settings));
    holder.setInitOrder(1);
    context.addServlet(holder, "/fhir/*");
    server.setHandler(context);
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    server.setErrorHandler(errors);
    server.start();
    int port = connector.getLocalPort();
    log.info("FHIR server ready at http://localhost:{}/fhir", port);
    return new EmbeddedServer(server, port);
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://localhost:" + port + "/fhir";
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
