import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Soak client (run by bench/soak; not part of the build): sends a paced mix of valid and invalid requests for a
 * duration and reports, per kind, the statuses seen, unexpected answers and latency percentiles.
 * Usage: java bench/Soak.java BASE_URL REQUESTS_PER_SECOND SECONDS EXAMPLES_DIR
 */
public class Soak {

  record Kind(String name, int weight, int expected, HttpRequest request) {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    double rate = Double.parseDouble(args[1]);
    long seconds = Long.parseLong(args[2]);
    Path examples = Path.of(args[3]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String allClear = Files.readString(examples.resolve("apply-all-clear.json"));
    List<Kind> kinds = List.of(
        new Kind("apply all-clear", 30, 200, post(base + "/PlanDefinition/sip-drg-block/$apply", allClear)),
        new Kind("apply infection", 15, 200, post(base + "/PlanDefinition/sip-drg-block/$apply",
            Files.readString(examples.resolve("apply-infection.json")))),
        new Kind("apply EHR data", 10, 200, post(base + "/PlanDefinition/sip-drg-block/$apply",
            Files.readString(examples.resolve("apply-blood-thinners-ehr.json")))),
        new Kind("read plan", 10, 200, HttpRequest.newBuilder(URI.create(base + "/PlanDefinition/sip-drg-block"))
            .timeout(Duration.ofSeconds(30)).build()),
        new Kind("invalid response 422", 10, 422, post(base + "/PlanDefinition/sip-drg-block/$apply",
            Files.readString(examples.resolve("apply-invalid-response.json")))),
        new Kind("unknown plan 404", 5, 404, post(base + "/PlanDefinition/no-such-plan/$apply", allClear)),
        new Kind("malformed JSON 400", 5, 400, post(base + "/PlanDefinition/sip-drg-block/$apply",
            allClear.substring(0, allClear.length() / 2))),
        new Kind("no subject 422", 5, 422, post(base + "/PlanDefinition/sip-drg-block/$apply",
            allClear.replaceFirst("\"subject\"\\s*:\\s*\\{\\s*\"reference\"\\s*:\\s*\"Patient/example\"\\s*}\\s*,", ""))),
        new Kind("bogus charset 415", 5, 415, HttpRequest.newBuilder(URI.create(base
            + "/PlanDefinition/sip-drg-block/$apply")).header("Content-Type", "application/fhir+json; charset=bogus")
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(allClear)).build()),
        new Kind("deep nesting 400", 5, 400, post(base + "/PlanDefinition/sip-drg-block/$apply",
            "{\"resourceType\":\"Parameters\",\"extension\":" + "[".repeat(500) + "]".repeat(500) + "}")));
    List<Kind> wheel = new ArrayList<>();
    kinds.forEach(k -> { for (int i = 0; i < k.weight(); i++) wheel.add(k); });
    Collections.shuffle(wheel, new java.util.Random(13));

    Map<String, Map<Integer, AtomicInteger>> statuses = new ConcurrentHashMap<>();
    Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    AtomicInteger unexpected = new AtomicInteger();
    AtomicInteger shed = new AtomicInteger();
    long total = (long) (rate * seconds);
    CountDownLatch done = new CountDownLatch((int) total);
    long start = System.nanoTime();
    long intervalNanos = (long) (1e9 / rate);
    for (long i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      Kind kind = wheel.get((int) (i % wheel.size()));
      long sent = System.nanoTime();
      http.sendAsync(kind.request(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
        int status = e != null ? -1 : r.statusCode();
        statuses.computeIfAbsent(kind.name(), k -> new ConcurrentHashMap<>())
            .computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        latencies.computeIfAbsent(kind.name(), k -> Collections.synchronizedList(new ArrayList<>()))
            .add((System.nanoTime() - sent) / 1_000_000);
        if (status == 503) {
          shed.incrementAndGet();
        } else if (status != kind.expected()) {
          unexpected.incrementAndGet();
        }
        done.countDown();
      });
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("%d requests in %.0f s (%.1f req/s offered)%n", total, elapsed, total / elapsed);
    System.out.println("| request | expected | statuses seen | p50 ms | p99 ms |");
    System.out.println("|---|---|---|---|---|");
    for (Kind kind : kinds) {
      List<Long> l = new ArrayList<>(latencies.getOrDefault(kind.name(), List.of()));
      Collections.sort(l);
      System.out.printf("| %s | %d | %s | %s | %s |%n", kind.name(), kind.expected(),
          new TreeMap<>(statuses.getOrDefault(kind.name(), Map.of())), pct(l, 0.5), pct(l, 0.99));
    }
    System.out.println("unexpected answers (wrong status, 5xx or no answer): " + unexpected.get()
        + "; shed with 503: " + shed.get());
    System.exit(unexpected.get() == 0 ? 0 : 1);
  }

  static HttpRequest post(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static String pct(List<Long> sorted, double p) {
    return sorted.isEmpty() ? "-" : Long.toString(sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size()))));
  }
}
