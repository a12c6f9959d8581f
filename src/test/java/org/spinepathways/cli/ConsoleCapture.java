package org.spinepathways.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs a command-line call with standard output and error captured. */
final class ConsoleCapture {

  private ConsoleCapture() {}

  static String capture(Runnable action) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer)) {
      System.setOut(capture);
      System.setErr(capture);
      action.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return buffer.toString();
  }
}
