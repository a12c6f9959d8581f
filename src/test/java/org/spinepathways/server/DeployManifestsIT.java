package org.spinepathways.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.spinepathways.deploy.DeployManifests;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes} agree with the image the pom builds and with the server: the
 * probes answer 200 on the real server, ports line up from the image's entrypoint to the Service, the autoscaler and
 * the disruption budget find the Deployment's pods, memory leaves room above the heap, and nothing runs as root.
 */
class DeployManifestsIT {

  /** Above the heap: metaspace (about 90 MB), code cache, thread stacks, GC structures; the image test saw 490 MB
   *  resident at -Xmx256m after start-up and one $apply. */
  private static final long HEADROOM = 320L << 20;

  @RegisterExtension
  static final RunningServer running = new RunningServer();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void everyDocumentIsAKubernetesObjectOfAKnownKind() throws Exception {
    List<JsonNode> docs = DeployManifests.documents();
    Map<String, String> apiVersions = Map.of("Deployment", "apps/v1", "Service", "v1", "HorizontalPodAutoscaler",
        "autoscaling/v2", "PodDisruptionBudget", "policy/v1", "ConfigMap", "v1");
    Set<String> kinds = new HashSet<>();
    for (JsonNode doc : docs) {
      String kind = doc.path("kind").asText();
      assertTrue(apiVersions.containsKey(kind), "unexpected kind " + kind);
      assertEquals(apiVersions.get(kind), doc.path("apiVersion").asText(), kind);
      assertFalse(doc.path("metadata").path("name").asText().isEmpty(), kind + " has a name");
      assertTrue(kinds.add(kind), "one " + kind);
    }
    assertEquals(apiVersions.keySet(), kinds);
  }

  @Test
  void probesAreRealEndpointsOnTheContainerPort() throws Exception {
    JsonNode container = container();
    List<String> probed = new ArrayList<>();
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      JsonNode get = container.path(probe).path("httpGet");
      assertFalse(get.isMissingNode(), probe + " is an HTTP probe");
      assertEquals(containerPort(container), port(container, get.path("port")), probe + " port");
      String path = get.path("path").asText();
      assertEquals(200, statusOnceWarm(path), probe + " " + path + " on the running server");
      probed.add(path);
    }
    assertEquals(probed.get(0), probed.get(1), "start-up and liveness probe the same thing");
    assertNotEquals(probed.get(1), probed.get(2),
        "liveness must not wait for the validator: a pod still warming would be restarted");
  }

  @Test
  void portsLineUpFromTheImageToTheService() throws Exception {
    DeployManifests.Image image = DeployManifests.image();
    JsonNode container = container();
    int port = containerPort(container);
    assertEquals(Integer.parseInt(image.option("--port")), port, "the entrypoint's --port is the containerPort");
    assertEquals(List.of(port), image.ports(), "the image exposes the containerPort");
    assertEquals("0.0.0.0", image.option("--host"), "a container listens beyond loopback");
    JsonNode service = DeployManifests.only("Service");
    assertTrue(matches(service.path("spec").path("selector"), podLabels()), "the Service selects the pods");
    for (JsonNode p : service.path("spec").path("ports")) {
      assertEquals(port, port(container, p.path("targetPort")), "the Service's targetPort is the containerPort");
    }
    assertEquals(image.name(), container.path("image").asText(), "the Deployment runs the image the pom builds");
  }

  @Test
  void theAutoscalerAndTheDisruptionBudgetFindTheDeployment() throws Exception {
    JsonNode deployment = DeployManifests.only("Deployment");
    int replicas = deployment.path("spec").path("replicas").asInt();
    assertTrue(replicas >= 2, "at least 2 replicas");
    assertTrue(matches(deployment.path("spec").path("selector").path("matchLabels"), podLabels()),
        "the Deployment's selector matches its pod template");
    JsonNode hpa = DeployManifests.only("HorizontalPodAutoscaler").path("spec");
    assertEquals("Deployment", hpa.path("scaleTargetRef").path("kind").asText());
    assertEquals("apps/v1", hpa.path("scaleTargetRef").path("apiVersion").asText());
    assertEquals(deployment.path("metadata").path("name").asText(), hpa.path("scaleTargetRef").path("name").asText());
    assertTrue(hpa.path("minReplicas").asInt() >= 2, "never fewer than 2");
    assertTrue(hpa.path("maxReplicas").asInt() > hpa.path("minReplicas").asInt());
    assertTrue(hpa.path("metrics").findValuesAsText("name").contains("cpu"), "scales on CPU");
    assertFalse(container().path("resources").path("requests").path("cpu").isMissingNode(),
        "CPU utilisation needs a CPU request");
    JsonNode pdb = DeployManifests.only("PodDisruptionBudget").path("spec");
    assertTrue(matches(pdb.path("selector").path("matchLabels"), podLabels()), "the budget covers the pods");
    assertTrue(pdb.path("minAvailable").asInt() < replicas, "a drain can proceed");
  }

  @Test
  void memoryLeavesRoomAboveTheHeap() throws Exception {
    long heap = DeployManifests.image().heapBytes();
    JsonNode resources = container().path("resources");
    long limit = DeployManifests.bytes(resources.path("limits").path("memory").asText("0"));
    long request = DeployManifests.bytes(resources.path("requests").path("memory").asText("0"));
    assertTrue(limit >= heap + HEADROOM, "memory limit " + (limit >> 20) + " MiB for a " + (heap >> 20)
        + " MiB heap: needs " + ((heap + HEADROOM) >> 20) + " MiB");
    assertTrue(request > 0 && request <= limit, "a memory request, within the limit");
    assertFalse(resources.path("limits").path("cpu").isMissingNode(), "a CPU limit (the measured figure's)");
  }

  @Test
  void nothingRunsAsRootAndTheRootFileSystemIsReadOnly() throws Exception {
    JsonNode deployment = DeployManifests.only("Deployment");
    JsonNode pod = deployment.path("spec").path("template").path("spec").path("securityContext");
    JsonNode container = container();
    JsonNode own = container.path("securityContext");
    assertTrue(own.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean()), "runAsNonRoot");
    long uid = own.path("runAsUser").asLong(pod.path("runAsUser").asLong(0));
    assertNotEquals(0, uid);
    assertEquals(DeployManifests.image().uid(), uid, "the pod runs as the image's user");
    assertFalse(own.path("allowPrivilegeEscalation").asBoolean(true), "no privilege escalation");
    assertTrue(own.path("readOnlyRootFilesystem").asBoolean(), "read-only root file system");
    Set<String> mounted = new HashSet<>(container.path("volumeMounts").findValuesAsText("mountPath"));
    assertTrue(mounted.contains("/tmp"), "the JVM's /tmp is writable: " + mounted);
  }

  @Test
  void everyVariableTheArgumentsUseComesFromTheConfigMap() throws Exception {
    JsonNode container = container();
    JsonNode configMap = DeployManifests.only("ConfigMap");
    Set<String> defined = new HashSet<>();
    for (JsonNode env : container.path("env")) {
      defined.add(env.path("name").asText());
      JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
      if (!ref.isMissingNode()) {
        assertEquals(configMap.path("metadata").path("name").asText(), ref.path("name").asText(), "ConfigMap name");
        assertTrue(configMap.path("data").has(ref.path("key").asText()), "ConfigMap key " + ref.path("key"));
      }
    }
    Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(container.path("args").toString());
    while (m.find()) {
      assertTrue(defined.contains(m.group(1)), "$(" + m.group(1) + ") is defined in env");
    }
  }

  private static JsonNode container() throws Exception {
    JsonNode containers = DeployManifests.only("Deployment").path("spec").path("template").path("spec")
        .path("containers");
    assertEquals(1, containers.size(), "one container");
    return containers.get(0);
  }

  private static JsonNode podLabels() throws Exception {
    return DeployManifests.only("Deployment").path("spec").path("template").path("metadata").path("labels");
  }

  private static int containerPort(JsonNode container) {
    assertEquals(1, container.path("ports").size(), "one container port");
    return container.path("ports").get(0).path("containerPort").asInt();
  }

  /** A port given by number or by the container port's name. */
  private static int port(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + port);
  }

  /** Every label of the selector is on the pod (a selector with no labels matches nothing here). */
  private static boolean matches(JsonNode selector, JsonNode labels) {
    if (selector.isEmpty()) {
      return false;
    }
    var fields = selector.fields();
    while (fields.hasNext()) {
      var label = fields.next();
      if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  /** The probe path's status on the running server, waiting (up to 2 minutes) while it answers 503 (warming). */
  private int statusOnceWarm(String path) throws Exception {
    URI uri = URI.create(running.baseUrl().replaceFirst("/fhir$", "") + path);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int status;
    do {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      if (status == 503) {
        Thread.sleep(200);
      }
    } while (status == 503 && System.nanoTime() < deadline);
    return status;
  }
}
