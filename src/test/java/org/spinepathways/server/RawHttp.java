package org.spinepathways.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Raw HTTP/1.1 over a loopback socket, for requests a well-behaved client refuses to send. */
public final class RawHttp {

  /** A response as read: status code, head and body text. */
  public record Answer(int status, String head, String body) {
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /** Sends the bytes and reads until the server closes or 20 s pass. */
  public static Answer send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  public static Answer send(int port, String request) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
        if (complete(all.toString(StandardCharsets.UTF_8))) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // what arrived is the answer
    }
    String text = all.toString(StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    String head = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 4);
    int status = head.startsWith("HTTP/") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
    return new Answer(status, head, body);
  }

  /** A response with a Content-Length whose body has arrived. */
  private static boolean complete(String text) {
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      return false;
    }
    Answer partial = new Answer(0, text.substring(0, split), "");
    String length = partial.header("Content-Length");
    return length != null && text.getBytes(StandardCharsets.UTF_8).length - split - 4 >= Integer.parseInt(length);
  }
}
