package org.spinepathways.server;

import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Keeps the flushes of HAPI's JSON writer inside the process, and hands Jetty's writer large pieces. HAPI writes
 * every string value through Jackson's {@code writeObjectField}, which flushes the generator and then the servlet
 * writer after each value; Jetty's servlet writer passes every write straight to the response stream under its lock,
 * and each flush went down the whole response chain as a write of its own (in JFR, most of an {@code $apply}'s
 * encoding time under load). Behind this filter the servlet writer and stream gather what is written in a buffer of
 * {@value #BUFFER} characters or bytes, pass it on when it fills and when the request leaves the filter, and a flush
 * does nothing: Jetty sends its own buffer when that fills and when the response completes, as it would without the
 * flushes. {@code flushBuffer()}, which a caller asks for on purpose, passes on what is held and commits at once.
 */
final class HeldFlushFilter implements Filter {

  static final int BUFFER = 8192;

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HeldFlushResponse held = new HeldFlushResponse((HttpServletResponse) response);
    try {
      chain.doFilter(request, held);
    } catch (Throwable failure) {
      // What was written goes on for the container's error handling; a client gone meanwhile must not hide why.
      try {
        held.passOn();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
      throw failure;
    }
    held.passOn();
  }

  private static final class HeldFlushResponse extends HttpServletResponseWrapper {
    private HeldWriter writer;
    private PrintWriter printWriter;
    private HeldStream stream;

    HeldFlushResponse(HttpServletResponse response) {
      super(response);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (printWriter == null) {
        writer = new HeldWriter(super.getWriter());
        printWriter = new PrintWriter(writer);
      }
      return printWriter;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        stream = new HeldStream(super.getOutputStream());
      }
      return stream;
    }

    @Override
    public void flushBuffer() throws IOException {
      passOn();
      super.flushBuffer();
    }

    @Override
    public void resetBuffer() {
      if (writer != null) {
        writer.drop();
      }
      if (stream != null) {
        stream.drop();
      }
      super.resetBuffer();
    }

    @Override
    public void reset() {
      resetBuffer();
      super.reset();
    }

    void passOn() throws IOException {
      if (writer != null) {
        writer.passOn();
      }
      if (stream != null) {
        stream.passOn();
      }
    }
  }

  /** Characters held until {@value #BUFFER} are gathered or the request leaves the filter; a larger write goes on. */
  private static final class HeldWriter extends Writer {
    private final Writer out;
    private final CharArrayWriter held = new CharArrayWriter(BUFFER);

    HeldWriter(Writer out) {
      this.out = out;
    }

    @Override
    public void write(int c) throws IOException {
      makeRoom(1);
      held.write(c);
    }

    @Override
    public void write(char[] chars, int offset, int count) throws IOException {
      if (makeRoom(count)) {
        held.write(chars, offset, count);
      } else {
        out.write(chars, offset, count);
      }
    }

    @Override
    public void write(String text, int offset, int count) throws IOException {
      if (makeRoom(count)) {
        held.write(text, offset, count);
      } else {
        out.write(text, offset, count);
      }
    }

    /** Passes on what is held if {@code count} more would not fit; whether {@code count} is small enough to hold. */
    private boolean makeRoom(int count) throws IOException {
      if (count > BUFFER - held.size()) {
        passOn();
      }
      return count < BUFFER;
    }

    @Override
    public void flush() {
      // held: passed on when the buffer fills and when the request leaves the filter
    }

    void passOn() throws IOException {
      if (held.size() > 0) {
        held.writeTo(out);
        held.reset();
      }
    }

    void drop() {
      held.reset();
    }

    @Override
    public void close() throws IOException {
      passOn();
      out.close();
    }
  }

  /** The byte stream's twin of {@link HeldWriter}. */
  private static final class HeldStream extends ServletOutputStream {
    private final ServletOutputStream out;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(BUFFER);

    HeldStream(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (held.size() == BUFFER) {
        passOn();
      }
      held.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
      if (count > BUFFER - held.size()) {
        passOn();
      }
      if (count < BUFFER) {
        held.write(bytes, offset, count);
      } else {
        out.write(bytes, offset, count);
      }
    }

    @Override
    public void flush() {
      // held, as for the writer
    }

    void passOn() throws IOException {
      if (held.size() > 0) {
        held.writeTo(out);
        held.reset();
      }
    }

    void drop() {
      held.reset();
    }

    @Override
    public void close() throws IOException {
      passOn();
      out.close();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }
}
