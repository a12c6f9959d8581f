package org.spinepathways.server;

import java.time.Clock;
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

/**
 * Jetty 12 hosting the FHIR servlet at {@code /fhir}, the readiness probe at {@code /health/ready} and the screening
 * page at {@code /app/}. The library is
 * loaded and linted before the port opens; the validator warms in the background (see {@link Readiness}).
 */
public final class EmbeddedServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

  private final Server server;
  private final int port;

  private final Readiness readiness;

  private EmbeddedServer(Server server, int port, Readiness readiness) {
    this.server = server;
    this.port = port;
    this.readiness = readiness;
  }

  private static void warmUp(PathwayModule module, Readiness readiness) {
    long start = System.nanoTime();
    try {
      module.warmUp();
      readiness.ready();
      log.info("Validator warm in {} ms; ready", (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException | Error e) {
      readiness.failed(e);
      log.error("The validator failed to warm up; POST requests will be refused", e);
    }
  }

  /** Whether the validator is warm and POST requests are served without waiting. */
  public boolean isReady() {
    return readiness.isReady();
  }

  public static EmbeddedServer start(ServerSettings settings) throws Exception {
    return start(PathwayModule.loadCold(settings.contentDir(), Clock.systemUTC()), settings);
  }

  /** Serves the module; warms its validator (again, if it is already warm: that is cheap) before reporting ready. */
  public static EmbeddedServer start(PathwayModule module, ServerSettings settings) throws Exception {
    Readiness readiness = new Readiness();
    if (settings.checkOutput()) {
      module.processor().setCheckOutput(true);
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(settings.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    context.addFilter(new FilterHolder(readiness.gate(module.fhirContext())), "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(readiness.probe()), "/health/ready");
    context.addServlet(new ServletHolder(new FhirPackageServlet()), FhirPackageServlet.RESOURCE);
    context.addFilter(new FilterHolder(new BodyLimitFilter(settings.maxBodyBytes())), "/fhir/*",
        EnumSet.of(DispatcherType.REQUEST));
    ServletHolder holder = new ServletHolder(new FhirServlet(module, settings));
    holder.setInitOrder(1);
    context.addServlet(holder, "/fhir/*");
    FormPage.install(context);
    server.setHandler(context);
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    server.setErrorHandler(errors);
    server.start();
    int port = connector.getLocalPort();
    log.info("FHIR server answering at http://localhost:{}/fhir; warming the validator", port);
    Thread warmUp = new Thread(() -> warmUp(module, readiness), "validator-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    return new EmbeddedServer(server, port, readiness);
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
