package org.spinepathways.server;

import java.io.IOException;

import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Caps the request body. The stream throws {@link PayloadTooLargeException} once the limit is passed, inside HAPI's
 * request handling, so the client gets a 413 OperationOutcome and the body is never read into memory in full.
 * (A declared Content-Length over the limit is rejected earlier by {@link RequestGuardInterceptor}.)
 */
final class BodyLimitFilter implements Filter {

  private final long limit;

  BodyLimitFilter(long limit) {
    this.limit = limit;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(new LimitedRequest((HttpServletRequest) request, limit), response);
  }

  static PayloadTooLargeException tooLarge(long limit) {
    return new PayloadTooLargeException("Request body is larger than the limit of " + limit + " bytes");
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long count;

    LimitedStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && ++count > limit) {
        throw tooLarge(limit);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0 && (count += n) > limit) {
        throw tooLarge(limit);
      }
      return n;
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
