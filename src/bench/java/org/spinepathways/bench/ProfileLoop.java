package org.spinepathways.bench;

/**
 * Runs the in-process {@code $apply} (and its floor) of one scenario in a loop for a given time, for a profiler to
 * watch (for example {@code -XX:StartFlightRecording}); prints the mean time per call of each after a warm-up. For
 * finding where time goes, not for figures: bench/run's JMH figures are the measurement.
 * Arguments: scenario ("plan/folder"), seconds.
 */
public final class ProfileLoop {

  private ProfileLoop() {}

  public static void main(String[] args) {
    String scenario = args.length > 0 ? args[0] : "sip-drg-block/all-clear";
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
    ApplyBenchmark apply = new ApplyBenchmark();
    apply.scenario = scenario;
    apply.setUp();
    FloorBenchmark floor = new FloorBenchmark();
    floor.scenario = scenario;
    floor.setUp();
    long sink = 0;
    for (int round = 0; round < 3; round++) {
      long end = System.nanoTime() + seconds * 1_000_000_000L / 3;
      long n = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() < end) {
        sink += apply.apply().length();
        n++;
      }
      double applyMs = (System.nanoTime() - t0) / 1e6 / n;
      long m = 0;
      t0 = System.nanoTime();
      long floorEnd = System.nanoTime() + 2_000_000_000L;
      while (System.nanoTime() < floorEnd) {
        sink += floor.floor().length();
        m++;
      }
      double floorMs = (System.nanoTime() - t0) / 1e6 / m;
      System.out.printf("round %d: apply %.2f ms (%d calls), floor %.2f ms, ratio %.1fx%n", round, applyMs, n,
          floorMs, applyMs / floorMs);
    }
    System.out.println(sink == 42 ? "" : "done");
  }
}
