package org.spinepathways.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a request body in full, without holding a thread while it trickles in, before the FHIR servlet sees it.
 * A body must arrive within the deadline and keep up a minimum rate (408 otherwise, and the connection is closed);
 * its decoded size counts against the limit (Jetty's GzipHandler inflates and SizeLimitHandler counts above this
 * handler; 413); an encoding other than gzip or a charset the JVM does not know is a 415; nesting deeper than the
 * limit and control characters in JSON strings are a 400. Only then does a thread run the servlet, with the body
 * already in memory: slow clients cannot starve the others.
 */
public final class RequestIntakeHandler extends Handler.Wrapper {

  private static final Logger log = LoggerFactory.getLogger(RequestIntakeHandler.class);
  private static final Set<String> BODILESS = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "DELETE");
  private static final long GRACE_MILLIS = 2000;

  private final EdgeOutcomes outcomes;
  private final Limits limits;
  private final long maxBodyBytes;

  public RequestIntakeHandler(Handler next, EdgeOutcomes outcomes, Limits limits, long maxBodyBytes) {
    super(next);
    this.outcomes = outcomes;
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!hasBody(request)) {
      return super.handle(request, response, callback);
    }
    String refusal = refusedEncoding(request);
    if (refusal != null) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      outcomes.write(response, callback, 415, refusal);
      return true;
    }
    new Intake(request, response, callback).start();
    return true;
  }

  private static boolean hasBody(Request request) {
    return !BODILESS.contains(request.getMethod()) || request.getLength() > 0
        || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  /** A 415 text for a content encoding or charset the server cannot read, or null. */
  static String refusedEncoding(Request request) {
    String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
    if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
      return "Content-Encoding " + printable(encoding) + " is not supported: send the body as it is or with gzip";
    }
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String charset = charsetOf(contentType);
    if (charset != null) {
      boolean known;
      try {
        known = Charset.isSupported(charset);
      } catch (IllegalCharsetNameException e) {
        known = false;
      }
      if (!known) {
        return "The charset named in Content-Type is not known: send UTF-8";
      }
    }
    return null;
  }

  static String charsetOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        return p.substring("charset=".length()).trim().replace("\"", "");
      }
    }
    return null;
  }

  private static String printable(String value) {
    String v = value.trim();
    return v.length() <= 20 && v.matches("[A-Za-z0-9._, -]*") ? "'" + v + "'" : "(as sent)";
  }

  /** One body being received. Completes exactly once: with the next handler, or with an error answer. */
  private final class Intake {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final long start = System.nanoTime();
    private volatile long received;
    private Scheduler.Task tick;

    Intake(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    void start() {
      scheduleTick();
      read();
    }

    private void scheduleTick() {
      tick = request.getComponents().getScheduler().schedule(this::checkPace, 500, TimeUnit.MILLISECONDS);
    }

    /** Runs every half second while the body arrives: the deadline and the minimum rate. */
    private void checkPace() {
      if (finished.get()) {
        return;
      }
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (elapsedMillis > limits.requestDeadline().toMillis()) {
        refuse(408, "The request body did not arrive within " + limits.requestDeadline().toSeconds() + " s");
      } else if (elapsedMillis > GRACE_MILLIS && received < limits.minDataRate() * elapsedMillis / 1000) {
        refuse(408, "The request body is arriving slower than " + limits.minDataRate() + " bytes per second");
      } else {
        scheduleTick();
      }
    }

    private void read() {
      while (!finished.get()) {
        Content.Chunk chunk;
        try {
          chunk = request.read();
        } catch (RuntimeException e) {
          failed(e);
          return;
        }
        if (chunk == null) {
          request.demand(this::read);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          failed(chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = bytes.remaining();
        if (received + n > maxBodyBytes) {
          chunk.release();
          refuse(413, "The request body is larger than the limit of " + maxBodyBytes + " bytes");
          return;
        }
        byte[] copy = new byte[n];
        bytes.get(copy);
        buffer.write(copy, 0, n);
        received += n;
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          arrived();
          return;
        }
      }
    }

    private void failed(Throwable failure) {
      if (failure instanceof HttpException http && http.getCode() == 413) {
        refuse(413, "The request body, decoded, is larger than the limit of " + maxBodyBytes + " bytes");
      } else if (failure instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        refuse(http.getCode(), OutcomeErrorHandler.text(http.getCode()));
      } else if (failure instanceof java.util.zip.ZipException || String.valueOf(failure).contains("gzip")
          || String.valueOf(failure).contains("Inflat")) {
        refuse(400, "The gzip-encoded request body cannot be decoded");
      } else {
        // The client went away or the connection failed: one line, no stack trace.
        if (finished.compareAndSet(false, true)) {
          cancelTick();
          log.info("request body not received: {}", failure.getClass().getSimpleName());
          callback.failed(failure);
        }
      }
    }

    private void refuse(int status, String text) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      cancelTick();
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      outcomes.write(response, callback, status, text);
    }

    private void arrived() {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      cancelTick();
      byte[] body = buffer.toByteArray();
      String problem = BodyChecks.check(body, mediaType(request), limits.maxNestingDepth());
      if (problem != null) {
        outcomes.write(response, callback, 400, problem);
        return;
      }
      Request buffered = new BufferedRequest(request, body);
      try {
        if (!getHandler().handle(buffered, response, callback)) {
          Response.writeError(buffered, response, callback, 404);
        }
      } catch (Throwable t) {
        Response.writeError(buffered, response, callback, t);
      }
    }

    private void cancelTick() {
      Scheduler.Task t = tick;
      if (t != null) {
        t.cancel();
      }
    }
  }

  private static String mediaType(Request request) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    return contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  /** The request with its body already in memory: reading never waits on the network. */
  private static final class BufferedRequest extends Request.Wrapper {
    private final byte[] body;
    private final HttpFields headers;
    private boolean consumed;

    BufferedRequest(Request request, byte[] body) {
      super(request);
      this.body = body;
      HttpFields.Mutable fields = HttpFields.build(request.getHeaders());
      fields.remove(HttpHeader.TRANSFER_ENCODING);
      fields.put(new HttpField(HttpHeader.CONTENT_LENGTH, Long.toString(body.length)));
      this.headers = fields.asImmutable();
    }

    @Override
    public HttpFields getHeaders() {
      return headers;
    }

    @Override
    public long getLength() {
      return body.length;
    }

    @Override
    public synchronized Content.Chunk read() {
      if (consumed) {
        return Content.Chunk.EOF;
      }
      consumed = true;
      return Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }

    @Override
    public void fail(Throwable failure) {
      // the body is in memory; nothing to fail
    }
  }
}
