package org.spinepathways.server;

import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinepathways.PathwayModule;

/**
 * Jetty 12 hosting the FHIR servlet at {@code /fhir}, the probes at {@code /health/live} and {@code /health/ready}
 * (see {@link Readiness}) and the screening page at {@code /app/}, behind the edge handlers ({@link EdgeWiring}: audit,
 * HTTP hygiene, tokens, body intake, load shedding). The library is loaded and linted, and the CapabilityStatement
 * built, before the port opens; the validator warms in the background from the start.
 */
public final class EmbeddedServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

  private final Server server;
  private final int port;

  private final Readiness readiness;
  private final String baseUrl;
  private final EdgeWiring edge;

  private EmbeddedServer(Server server, int port, Readiness readiness, String baseUrl, EdgeWiring edge) {
    this.server = server;
    this.port = port;
    this.readiness = readiness;
    this.baseUrl = baseUrl;
    this.edge = edge;
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

  /**
   * Builds the CapabilityStatement through the handler chain, in process, while the port is bound but not yet
   * accepting: HAPI builds it on the first {@code GET /metadata} and caches it, so the first client's request is
   * served from that cache, as fast as any later one.
   */
  private static void buildCapabilityStatement(LocalConnector local) {
    long start = System.nanoTime();
    try {
      String response = local.getResponse(
          "GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 2, TimeUnit.MINUTES);
      if (response == null || !response.startsWith("HTTP/1.1 200")) {
        log.warn("The CapabilityStatement could not be built at start-up; the first GET /metadata will build it");
        return;
      }
      log.info("CapabilityStatement built in {} ms", (System.nanoTime() - start) / 1_000_000);
    } catch (Exception e) {
      log.warn("The CapabilityStatement could not be built at start-up ({}); the first GET /metadata will build it",
          e.getClass().getSimpleName());
    }
  }

  /** Whether the validator is warm and POST requests are served without waiting. */
  public boolean isReady() {
    return readiness.isReady();
  }

  public static EmbeddedServer start(ServerSettings settings) throws Exception {
    return start(settings, SecuritySettings.defaults());
  }

  public static EmbeddedServer start(ServerSettings settings, SecuritySettings security) throws Exception {
    security.checkBind();
    return start(PathwayModule.loadCold(settings.contentDir(), Clock.systemUTC()), settings, security);
  }

  /** Serves the module with the default security settings (loopback, no authentication, audit to stdout). */
  public static EmbeddedServer start(PathwayModule module, ServerSettings settings) throws Exception {
    return start(module, settings, SecuritySettings.defaults());
  }

  /** Serves the module; warms its validator (again, if it is already warm: that is cheap) before reporting ready. */
  public static EmbeddedServer start(PathwayModule module, ServerSettings settings, SecuritySettings security)
      throws Exception {
    security.checkBind();
    Readiness readiness = new Readiness();
    if (settings.checkOutput()) {
      module.processor().setCheckOutput(true);
    }
    module.processor().setAllowInlinePlans(security.allowInlinePlans());
    // The validator warms on the other core while Jetty, the servlet and the CapabilityStatement start on this one.
    Thread warmUp = new Thread(() -> warmUp(module, readiness), "validator-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    Server server = new Server(EdgeWiring.threadPool());
    LocalConnector local = new LocalConnector(server);
    server.addConnector(local);
    ServerConnector connector = EdgeWiring.connector(server, security);
    connector.setPort(settings.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    context.addFilter(new FilterHolder(readiness.gate(module.fhirContext())), "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(readiness.probe()), "/health/ready");
    context.addServlet(new ServletHolder(Readiness.liveness()), "/health/live");
    context.addServlet(new ServletHolder(new FhirPackageServlet()), FhirPackageServlet.RESOURCE);
    context.addFilter(new FilterHolder(new BodyLimitFilter(settings.maxBodyBytes())), "/fhir/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new HeldFlushFilter()), "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
    FhirServlet servlet = new FhirServlet(module, settings);
    AtomicReference<String> base = new AtomicReference<>();
    EdgeWiring edge = EdgeWiring.create(module, settings, security);
    edge.configure(servlet, base::get);
    ServletHolder holder = new ServletHolder(servlet);
    holder.setInitOrder(1);
    context.addServlet(holder, "/fhir/*");
    FormPage.install(context);
    // Counts requests in flight, so that drainAndClose can wait for them (a plain close does not).
    server.setHandler(new GracefulHandler(edge.wrap(server, context)));
    // Bind first so that the base URL is known; connectors start after the handlers, the in-process one first, so
    // the CapabilityStatement is built before the port accepts.
    connector.open();
    int port = connector.getLocalPort();
    base.set(security.baseUrl(port));
    connector.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        buildCapabilityStatement(local);
      }
    });
    server.start();
    log.info("FHIR server answering at {} (bound to {})", base.get(), security.host());
    if (!security.loopback() && security.auth() == null) {
      log.warn("*** INSECURE: listening on {} WITHOUT AUTHENTICATION (--insecure). Anyone who can reach this port "
          + "can submit and read patient data. ***", security.host());
    }
    if (!security.loopback() && security.tls() == null) {
      log.warn("Listening on {} without TLS: bearer tokens and patient data cross the network in clear", security.host());
    }
    return new EmbeddedServer(server, port, readiness, base.get(), edge);
  }

  public int port() {
    return port;
  }

  /** The base URL every link is built from (the configured one, else scheme, host and port). */
  public String baseUrl() {
    return baseUrl;
  }

  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops taking connections, lets the requests in flight finish (up to {@code timeout}; later ones get a 503), then
   * closes: what a pod needs when it is scaled down or replaced. {@code serve} calls it on SIGTERM.
   */
  public void drainAndClose(java.time.Duration timeout) throws Exception {
    server.setStopTimeout(timeout.toMillis());
    // Jetty cuts connections idle for more than a second once it shuts down; a request whose body is still arriving
    // (a slow client, a loaded node) gets the whole drain time instead.
    for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
      if (c instanceof org.eclipse.jetty.server.AbstractConnector connector) {
        connector.setShutdownIdleTimeout(timeout.toMillis());
      }
    }
    close();
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      edge.close();
    }
  }
}
