package org.spinepathways.apply;

import static org.spinepathways.apply.InputRejectedException.Kind.UNPROCESSABLE;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs work that evaluates caller-supplied FHIRPath (an inline planDefinition) on its own thread, watched: if it uses
 * more processor time than the time bound (or five times that in wall-clock time) or allocates more than the memory bound, the thread is stopped and the caller gets a
 * 422 naming the bound. HAPI's FHIRPath engine has no time or size limit of its own, and an expression such as
 * {@code %data.entry.select(%data.entry.select(%data.entry))} grows as the cube of its input.
 *
 * <p>Stopping uses {@link Thread#stop()}, which Java 17 still honours; the stopped thread owns nothing shared but
 * its own FHIRPath engine, which dies with it. On a JVM that refuses {@code stop} the caller still gets its 422 at
 * the bound and the thread is left to finish as a daemon.
 */
final class EvaluationSandbox {

  static final Duration TIME_BOUND = Duration.ofSeconds(2);
  static final long ALLOCATION_BOUND = 64L * 1024 * 1024;
  /** Wall-clock bound, as a multiple of the CPU bound: a loaded machine slows honest work down too. */
  private static final int WALL_FACTOR = 5;
  private static final long POLL_MILLIS = 5;

  private final Duration timeBound;
  private final long allocationBound;

  EvaluationSandbox() {
    this(TIME_BOUND, ALLOCATION_BOUND);
  }

  EvaluationSandbox(Duration timeBound, long allocationBound) {
    this.timeBound = timeBound;
    this.allocationBound = allocationBound;
  }

  <T> T run(Supplier<T> work) {
    FutureTask<T> task = new FutureTask<>(work::get);
    Thread worker = new Thread(task, "inline-plan");
    worker.setDaemon(true);
    worker.start();
    long deadline = System.nanoTime() + WALL_FACTOR * timeBound.toNanos();
    long allocatedAtStart = allocated(worker);
    long cpuAtStart = cpu(worker);
    while (true) {
      try {
        return task.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long cpu = cpu(worker);
        if (System.nanoTime() > deadline || (cpuAtStart >= 0 && cpu - cpuAtStart > timeBound.toNanos())) {
          throw stop(worker, "The inline PlanDefinition's expressions ran longer than " + timeBound.toMillis()
              + " ms of processor time");
        }
        long allocated = allocated(worker);
        if (allocatedAtStart >= 0 && allocated - allocatedAtStart > allocationBound) {
          throw stop(worker, "The inline PlanDefinition's expressions built results larger than "
              + allocationBound / (1024 * 1024) + " MB");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stop(worker, "The request was interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  @SuppressWarnings({"deprecation", "removal"})
  private static InputRejectedException stop(Thread worker, String reason) {
    try {
      worker.stop();
    } catch (UnsupportedOperationException e) {
      worker.interrupt();
    }
    return new InputRejectedException(UNPROCESSABLE, reason + "; it was stopped. Simplify the expressions or "
        + "use a plan from the library", "planDefinition");
  }

  private static long cpu(Thread thread) {
    var bean = ManagementFactory.getThreadMXBean();
    return bean.isThreadCpuTimeSupported() ? bean.getThreadCpuTime(thread.getId()) : -1;
  }

  private static long allocated(Thread thread) {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported()) {
      return bean.getThreadAllocatedBytes(thread.getId());
    }
    return -1;
  }
}
