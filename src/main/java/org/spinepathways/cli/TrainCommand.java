package org.spinepathways.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.spinepathways.server.EmbeddedServer;
import org.spinepathways.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train}: starts the server on a free loopback port, waits until it is ready, sends a few reads and every
 * request of {@code examples/index.csv} once, and stops. The build runs it under {@code -XX:ArchiveClassesAtExit} so
 * that the classes of start-up and of a first request of each kind go into the AppCDS archive the launcher uses
 * ({@code target/spine-pathways.jvm}). Exit 0 when every answer had the status the index states, 1 otherwise.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Start the server, send the examples' requests once, stop (the build's AppCDS training run).")
final class TrainCommand implements Callable<Integer> {

  private static final Duration READY_WITHIN = Duration.ofMinutes(5);
  private static final List<String> READS = List.of("metadata", "PlanDefinition/sip-drg-block",
      "PlanDefinition?status=active", "ValueSet/sip-spinal-region/$expand", "api-docs");

  @Option(names = "--examples", required = true, description = "Directory holding index.csv and its request files")
  Path examples;

  @Override
  public Integer call() throws Exception {
    List<String> rows = Files.readAllLines(examples.resolve("index.csv")).stream().skip(1)
        .filter(l -> !l.isBlank()).toList();
    HttpClient http = HttpClient.newHttpClient();
    int failures = 0;
    try (EmbeddedServer server = EmbeddedServer.start(new ServerSettings(0, null,
        ServerSettings.DEFAULT_MAX_BODY_BYTES))) {
      long deadline = System.nanoTime() + READY_WITHIN.toNanos();
      while (!server.isReady() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      for (String path : READS) {
        failures += check(http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + path)).build(),
            HttpResponse.BodyHandlers.discarding()), path, 200);
      }
      for (String row : rows) {
        String[] cells = row.split(",", 4);
        HttpRequest post = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + cells[1]))
            .header("Content-Type", "application/fhir+json")
            .POST(HttpRequest.BodyPublishers.ofFile(examples.resolve(cells[0]))).build();
        failures += check(http.send(post, HttpResponse.BodyHandlers.discarding()), cells[0],
            Integer.parseInt(cells[2]));
      }
    }
    System.out.println("train: " + (READS.size() + rows.size()) + " requests, " + failures + " unexpected");
    return failures == 0 ? 0 : 1;
  }

  private static int check(HttpResponse<?> response, String what, int expected) {
    if (response.statusCode() == expected) {
      return 0;
    }
    System.err.println("train: " + what + " answered " + response.statusCode() + ", expected " + expected);
    return 1;
  }
}
