package org.spinepathways.server.http;

import java.time.Duration;

/**
 * How much the server takes from one client and how many expensive requests it runs at once.
 *
 * @param requestDeadline the whole request body must arrive within this time (408 otherwise)
 * @param minDataRate bytes per second a body must keep up once it has had two seconds (408 otherwise)
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param maxNestingDepth deepest JSON or XML nesting accepted (400 otherwise)
 * @param maxConcurrentOperations gated operations ($apply, $validate, $populate) running at once
 * @param operationQueue gated operations waiting for a slot; beyond it a 503 at once
 * @param queueWait the longest a gated operation waits for a slot before its 503
 * @param maxConnections open connections accepted; beyond it the server stops accepting until some close
 */
public record Limits(Duration requestDeadline, long minDataRate, Duration idleTimeout, int maxNestingDepth,
    int maxConcurrentOperations, int operationQueue, Duration queueWait, int maxConnections) {

  public static Limits defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    int concurrent = Math.max(2, 2 * cores);
    return new Limits(Duration.ofSeconds(20), 256, Duration.ofSeconds(15), 100, concurrent, 4 * concurrent,
        Duration.ofSeconds(2), 2000);
  }

  public Limits {
    if (maxConcurrentOperations < 1 || operationQueue < 0 || maxNestingDepth < 8 || maxConnections < 1) {
      throw new IllegalArgumentException("limits out of range");
    }
  }

  public Limits withConcurrency(int maxConcurrent, int queue, Duration wait) {
    return new Limits(requestDeadline, minDataRate, idleTimeout, maxNestingDepth, maxConcurrent, queue, wait,
        maxConnections);
  }

  public Limits withDeadline(Duration deadline, long rate) {
    return new Limits(deadline, rate, idleTimeout, maxNestingDepth, maxConcurrentOperations, operationQueue,
        queueWait, maxConnections);
  }
}
