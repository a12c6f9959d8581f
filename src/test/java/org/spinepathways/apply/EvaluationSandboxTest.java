package org.spinepathways.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EvaluationSandboxTest {

  private final EvaluationSandbox sandbox = new EvaluationSandbox(Duration.ofMillis(300), 32L * 1024 * 1024);

  @Test
  void honestWorkReturnsItsResultAndItsErrors() {
    assertEquals("done", sandbox.run(() -> "done"));
    InputRejectedException thrown = new InputRejectedException(InputRejectedException.Kind.INVALID, "bad", "x");
    assertEquals(thrown, assertThrows(InputRejectedException.class, () -> sandbox.run(() -> {
      throw thrown;
    })));
  }

  @Test
  void endlessWorkIsStoppedAtTheTimeBound() {
    long[] spins = {0};
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> sandbox.run(() -> {
      while (true) {
        spins[0]++;
      }
    }));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
  }

  @Test
  void explodingResultsAreStoppedAtTheMemoryBound() {
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> sandbox.run(() -> {
      List<long[]> hoard = new ArrayList<>();
      while (true) {
        hoard.add(new long[1024]);
      }
    }));
    assertEquals(InputRejectedException.Kind.UNPROCESSABLE, e.kind());
    assertTrue(e.getMessage().contains("32 MB") || e.getMessage().contains("300 ms"), e.getMessage());
  }
}
