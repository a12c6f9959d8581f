package org.spinepathways.server;

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
        writer.length = 0;
      }
      if (stream != null) {
        stream.length = 0;
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

  private static final class HeldWriter extends Writer {
    private final Writer out;
    private final char[] buffer = new char[BUFFER];
    private int length;

    HeldWriter(Writer out) {
      this.out = out;
    }

    @Override
    public void write(int c) throws IOException {
      if (length == buffer.length) {
        passOn();
      }
      buffer[length++] = (char) c;
    }

    @Override
    public void write(char[] chars, int offset, int count) throws IOException {
      if (count > buffer.length - length) {
        passOn();
        if (count >= buffer.length) {
          out.write(chars, offset, count);
          return;
        }
      }
      System.arraycopy(chars, offset, buffer, length, count);
      length += count;
    }

    @Override
    public void write(String text, int offset, int count) throws IOException {
      if (count > buffer.length - length) {
        passOn();
        if (count >= buffer.length) {
          out.write(text, offset, count);
          return;
        }
      }
      text.getChars(offset, offset + count, buffer, length);
      length += count;
    }

    @Override
    public void flush() {
      // held: passed on when the buffer fills and when the request leaves the filter
    }

    void passOn() throws IOException {
      if (length > 0) {
        out.write(buffer, 0, length);
        length = 0;
      }
    }

    @Override
    public void close() throws IOException {
      passOn();
      out.close();
    }
  }

  private static final class HeldStream extends ServletOutputStream {
    private final ServletOutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int length;

    HeldStream(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (length == buffer.length) {
        passOn();
      }
      buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
      if (count > buffer.length - length) {
        passOn();
        if (count >= buffer.length) {
          out.write(bytes, offset, count);
          return;
        }
      }
      System.arraycopy(bytes, offset, buffer, length, count);
      length += count;
    }

    @Override
    public void flush() {
      // held, as for the writer
    }

    void passOn() throws IOException {
      if (length > 0) {
        out.write(buffer, 0, length);
        length = 0;
      }
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
