package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Proxy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class HeldFlushFilterTest {

  /** The container's side: what reached its writer or stream, and how often it was asked to flush. */
  private static final class Container {
    final StringWriter chars = new StringWriter();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int flushes;
    int flushBuffers;
    boolean clientGone;

    HttpServletResponse response() {
      Writer counting = new Writer() {
        @Override
        public void write(char[] c, int off, int len) {
          chars.write(c, off, len);
        }

        @Override
        public void flush() {
          flushes++;
        }

        @Override
        public void close() {}
      };
      ServletOutputStream stream = new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          if (clientGone) {
            throw new IOException("broken pipe");
          }
          bytes.write(b);
        }

        @Override
        public void flush() {
          flushes++;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}
      };
      PrintWriter writer = new PrintWriter(counting);
      return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
            case "getWriter" -> writer;
            case "getOutputStream" -> stream;
            case "flushBuffer" -> {
              flushBuffers++;
              yield null;
            }
            default -> null;
          });
    }
  }

  private static void run(Container container, FilterChain chain) throws Exception {
    new HeldFlushFilter().doFilter(null, container.response(), chain);
  }

  /** HAPI's pattern: a value, a flush, a value, a flush. Nothing reaches the container until the request leaves. */
  @Test
  void flushesAfterEachValueAreHeldAndTheTextArrivesWholeAtTheEnd() throws Exception {
    Container container = new Container();
    StringBuilder seenDuring = new StringBuilder();
    run(container, (request, response) -> {
      PrintWriter out = response.getWriter();
      for (int i = 0; i < 100; i++) {
        out.write("{\"value\":" + i + "}");
        out.flush();
      }
      seenDuring.append(container.chars);
    });
    assertEquals("", seenDuring.toString(), "held until the buffer fills or the request leaves the filter");
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      expected.append("{\"value\":").append(i).append('}');
    }
    assertEquals(expected.toString(), container.chars.toString());
    assertEquals(0, container.flushes, "no flush reaches the container");
  }

  /** Past the buffer's size text goes on in order, in large pieces, whatever mixes of small and large writes. */
  @Test
  void largeAndSmallWritesKeepTheirOrder() throws Exception {
    Container container = new Container();
    String large = "x".repeat(HeldFlushFilter.BUFFER * 2 + 17);
    run(container, (request, response) -> {
      PrintWriter out = response.getWriter();
      out.write("a");
      out.write(large);
      out.write('b');
      for (int i = 0; i < HeldFlushFilter.BUFFER; i++) {
        out.write('c');
      }
      out.write("d".repeat(HeldFlushFilter.BUFFER - 1));
      out.flush();
    });
    assertEquals("a" + large + "b" + "c".repeat(HeldFlushFilter.BUFFER) + "d".repeat(HeldFlushFilter.BUFFER - 1),
        container.chars.toString());
  }

  /** flushBuffer() is asked for on purpose: what is held goes on first, then the container commits. */
  @Test
  void flushBufferPassesOnWhatIsHeld() throws Exception {
    Container container = new Container();
    StringBuilder seenAtFlushBuffer = new StringBuilder();
    run(container, (request, response) -> {
      response.getWriter().write("held");
      response.flushBuffer();
      seenAtFlushBuffer.append(container.chars).append(container.flushBuffers);
    });
    assertEquals("held1", seenAtFlushBuffer.toString());
  }

  /** A reset before commit drops what is held, as it drops the container's own buffer. */
  @Test
  void resetBufferDropsWhatIsHeld() throws Exception {
    Container container = new Container();
    run(container, (request, response) -> {
      response.getWriter().write("partial body of a failed response");
      response.resetBuffer();
      response.getWriter().write("error body");
    });
    assertEquals("error body", container.chars.toString());
  }

  /** The byte stream (HAPI writes gzip through it) is held the same way. */
  @Test
  void theOutputStreamIsHeldTheSameWay() throws Exception {
    Container container = new Container();
    int[] seenDuring = new int[1];
    run(container, (request, response) -> {
      ServletOutputStream out = response.getOutputStream();
      for (int i = 0; i < 50; i++) {
        out.write(new byte[] {(byte) i, (byte) (i + 1)});
        out.flush();
      }
      seenDuring[0] = container.bytes.size();
    });
    assertEquals(0, seenDuring[0]);
    assertEquals(100, container.bytes.size());
    assertEquals(0, container.flushes);
  }

  /** An exception from the chain still leaves what was written with the container, for its error handling. */
  @Test
  void writtenTextIsPassedOnWhenTheChainThrows() {
    Container container = new Container();
    try {
      run(container, (request, response) -> {
        response.getWriter().write("so far");
        throw new IOException("client went away");
      });
    } catch (Exception expected) {
      // the exception is the chain's; what matters is the text below
    }
    assertEquals("so far", container.chars.toString());
  }

  /**
   * When the chain fails and the client has gone too, the chain's failure is what comes out, the other attached.
   * (The container's writer is a PrintWriter, which keeps write errors to itself; its byte stream reports them.)
   */
  @Test
  void theChainsFailureIsNotHiddenByAClientThatWentAway() {
    Container container = new Container();
    container.clientGone = true;
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> run(container,
        (request, response) -> {
          response.getOutputStream().write(new byte[] {1, 2, 3});
          throw new IllegalStateException("boom");
        }));
    assertEquals("boom", thrown.getMessage());
    assertEquals(1, thrown.getSuppressed().length);
    assertEquals("broken pipe", thrown.getSuppressed()[0].getMessage());
  }
}
