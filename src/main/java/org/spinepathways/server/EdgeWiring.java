package org.spinepathways.server;

import java.io.IOException;
import java.util.function.Supplier;

import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.spinepathways.PathwayModule;
import org.spinepathways.server.audit.AuditHandler;
import org.spinepathways.server.audit.AuditInterceptor;
import org.spinepathways.server.audit.AuditTrail;
import org.spinepathways.server.http.EdgeOutcomes;
import org.spinepathways.server.http.EdgePolicyHandler;
import org.spinepathways.server.http.EmptyErrorOutcomeHandler;
import org.spinepathways.server.http.Limits;
import org.spinepathways.server.http.Operations;
import org.spinepathways.server.http.OutcomeErrorHandler;
import org.spinepathways.server.http.RequestIntakeHandler;
import org.spinepathways.server.security.BearerTokenHandler;
import org.spinepathways.server.security.ScopeInterceptor;
import org.spinepathways.server.security.SmartCapabilityInterceptor;
import org.spinepathways.server.security.TokenVerifier;

/**
 * The handlers in front of the servlet, outermost first: {@link AuditHandler} (request id, one audit line per FHIR
 * request), {@link EdgePolicyHandler} (methods, security headers, no banners), {@link BearerTokenHandler} (401,
 * when tokens are configured), Jetty's {@link GzipHandler} (inflates gzip bodies) and {@link SizeLimitHandler} (counts
 * the decoded bytes), {@link RequestIntakeHandler} (receives the body without holding a thread; deadline, rate,
 * charset, nesting), Jetty's {@link QoSHandler} (bounded concurrency for the operations {@link Operations} gates, a
 * short queue, 503 beyond), then the servlet context. Plus the HAPI side: scopes (403), audit details, the
 * CapabilityStatement's security, and links from the configured base URL.
 */
final class EdgeWiring implements AutoCloseable {

  private final PathwayModule module;
  private final ServerSettings settings;
  private final SecuritySettings security;
  private final EdgeOutcomes outcomes;
  private final AuditTrail audit;
  private final TokenVerifier verifier;

  private EdgeWiring(PathwayModule module, ServerSettings settings, SecuritySettings security, AuditTrail audit) {
    this.module = module;
    this.settings = settings;
    this.security = security;
    this.outcomes = new EdgeOutcomes(module.fhirContext());
    this.audit = audit;
    this.verifier = security.auth() == null ? null : new TokenVerifier(security.auth());
  }

  static EdgeWiring create(PathwayModule module, ServerSettings settings, SecuritySettings security)
      throws IOException {
    return new EdgeWiring(module, settings, security, AuditTrail.open(module.fhirContext(), security.auditLog()));
  }

  static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("http");
    return pool;
  }

  static ServerConnector connector(Server server, SecuritySettings security) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setMinRequestDataRate(security.limits().minDataRate());
    ServerConnector connector;
    if (security.tls() != null) {
      http.setSecureScheme("https");
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector = new ServerConnector(server, new SslConnectionFactory(security.tls().sslContextFactory(), "http/1.1"),
          new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(security.host());
    connector.setIdleTimeout(security.limits().idleTimeout().toMillis());
    server.addBean(new NetworkConnectionLimit(security.limits().maxConnections(), connector));
    return connector;
  }

  /** HAPI side: scopes, audit details, declared security, links from the base URL. */
  void configure(RestfulServer servlet, Supplier<String> baseUrl) {
    servlet.setServerAddressStrategy(new IServerAddressStrategy() {
      @Override
      public String determineServerBase(ServletContext context, HttpServletRequest request) {
        return baseUrl.get();
      }
    });
    servlet.registerInterceptor(new AuditInterceptor());
    if (security.auth() != null) {
      servlet.registerInterceptor(new ScopeInterceptor());
      servlet.registerInterceptor(new SmartCapabilityInterceptor(security.auth()));
    }
  }

  /** The Jetty side: the handler chain around the servlet context, and the error handlers. */
  Handler wrap(Server server, ServletContextHandler context) {
    Limits limits = security.limits();
    long retryAfter = Math.max(1, (limits.queueWait().toMillis() + 999) / 1000);
    server.setErrorHandler(new OutcomeErrorHandler(outcomes, retryAfter));
    context.setErrorHandler(new OutcomeErrorHandler.ForServlets(outcomes));

    QoSHandler shedding = new QoSHandler(context);
    shedding.setMaxRequestCount(limits.maxConcurrentOperations());
    shedding.setMaxSuspendedRequestCount(limits.operationQueue());
    shedding.setMaxSuspend(limits.queueWait());
    shedding.include(request -> Operations.isGatedPath(request.getHttpURI().getDecodedPath()));

    Handler intake = new RequestIntakeHandler(new EmptyErrorOutcomeHandler(shedding, outcomes), outcomes, limits,
        settings.maxBodyBytes());
    SizeLimitHandler size = new SizeLimitHandler(settings.maxBodyBytes(), -1);
    size.setHandler(intake);
    GzipHandler gzip = new GzipHandler();
    gzip.setInflateBufferSize(8192);
    gzip.setHandler(size);
    Handler authenticated = verifier == null ? gzip : new BearerTokenHandler(gzip, verifier, outcomes);
    Handler policy = new EdgePolicyHandler(authenticated, outcomes, retryAfter);
    return new AuditHandler(policy, audit);
  }

  @Override
  public void close() {
    audit.close();
  }
}
