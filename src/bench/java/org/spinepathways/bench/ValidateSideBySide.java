package org.spinepathways.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * Ours and the bare HL7 engine validating the same CarePlan, interleaved in one JVM (the set-up of
 * {@link ValidateBenchmark}): a few validations of each in turn, round after round, timing this thread's CPU and the
 * wall clock. On a shared machine the load changes between two JMH forks; taken in alternation, both see the same
 * load, so the median ratio over the later rounds is steadier than a ratio of two JMH scores.
 *
 * <p>Run (after {@code mvn -B -Pbench test-compile}): {@code java -Xmx1g -cp target/test-classes:target/classes:<the
 * test classpath from mvn -Pbench dependency:build-classpath> org.spinepathways.bench.ValidateSideBySide [rounds]}.
 */
public final class ValidateSideBySide {

  private ValidateSideBySide() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int perTurn = 4;
    ValidateBenchmark.Ours ours = new ValidateBenchmark.Ours();
    ours.setUp();
    ValidateBenchmark.Bare bare = new ValidateBenchmark.Bare();
    bare.setUp(ours);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Double> cpuRatios = new ArrayList<>();
    List<Double> wallRatios = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      double[] cpuWall = new double[4];
      int oursMessages = 0;
      int bareMessages = 0;
      for (int side = 0; side < 2; side++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < perTurn; i++) {
          if (side == 0) {
            oursMessages = ours.module.validator().validate(ours.json, null).getMessages().size();
          } else {
            List<ValidationMessage> messages = new ArrayList<>();
            bare.engine.validate(bare.json, FhirFormat.JSON, bare.profiles, messages);
            bareMessages = messages.size();
          }
        }
        cpuWall[side * 2] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / perTurn;
        cpuWall[side * 2 + 1] = (System.nanoTime() - wall0) / 1e6 / perTurn;
      }
      System.out.printf("round %d: ours cpu %.1f ms wall %.1f ms (%d messages); bare cpu %.1f ms wall %.1f ms"
          + " (%d messages)%n", round, cpuWall[0], cpuWall[1], oursMessages, cpuWall[2], cpuWall[3], bareMessages);
      if (round >= rounds / 3) {
        cpuRatios.add(cpuWall[0] / cpuWall[2]);
        wallRatios.add(cpuWall[1] / cpuWall[3]);
      }
    }
    Collections.sort(cpuRatios);
    Collections.sort(wallRatios);
    System.out.printf("median ratio ours/bare over the last %d rounds: cpu %.2f, wall %.2f%n", cpuRatios.size(),
        cpuRatios.get(cpuRatios.size() / 2), wallRatios.get(wallRatios.size() / 2));
  }
}
