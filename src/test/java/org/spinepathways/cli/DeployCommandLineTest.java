package org.spinepathways.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.spinepathways.deploy.DeployManifests;
import org.spinepathways.server.SecuritySettings;
import picocli.CommandLine;

/**
 * The command the Kubernetes pods run (the image's entrypoint after the jar, then the Deployment's arguments with the
 * ConfigMap's values) is one {@code serve} accepts and would start with; the entrypoint alone is refused, because
 * listening beyond loopback needs tokens.
 */
class DeployCommandLineTest {

  @Test
  void theDeploymentsCommandLineServesWithTokensOnTheImagePort() throws Exception {
    DeployManifests.Image image = DeployManifests.image();
    List<String> command = new ArrayList<>(image.applicationArgs());
    command.addAll(deploymentArgs());
    ServeCommand serve = serve(command);
    SecuritySettings security = serve.security();
    assertEquals("0.0.0.0", security.host());
    assertEquals((int) image.ports().get(0), serve.port);
    assertTrue(security.auth() != null, "tokens required");
    assertTrue(security.baseUrl() != null && security.baseUrl().startsWith("https://"),
        "links from the configured public base URL: " + security.baseUrl());
  }

  @Test
  void theImagesEntrypointAloneIsRefusedBeyondLoopback() throws Exception {
    ServeCommand serve = serve(DeployManifests.image().applicationArgs());
    assertThrows(IllegalArgumentException.class, serve::security, "no tokens, no --insecure: not started");
  }

  private static ServeCommand serve(List<String> command) {
    CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(command.toArray(String[]::new));
    assertTrue(parsed.hasSubcommand(), "a subcommand: " + command);
    assertEquals("serve", parsed.subcommand().commandSpec().name());
    return (ServeCommand) parsed.subcommand().commandSpec().userObject();
  }

  /** The container's args, each $(VAR) replaced by the ConfigMap value its env entry names. */
  private static List<String> deploymentArgs() throws Exception {
    JsonNode container = DeployManifests.only("Deployment").path("spec").path("template").path("spec")
        .path("containers").get(0);
    JsonNode data = DeployManifests.only("ConfigMap").path("data");
    List<String> args = new ArrayList<>();
    for (JsonNode arg : container.path("args")) {
      Matcher m = Pattern.compile("\\$\\(([A-Za-z0-9_]+)\\)").matcher(arg.asText());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String key = null;
        for (JsonNode env : container.path("env")) {
          if (env.path("name").asText().equals(m.group(1))) {
            key = env.path("valueFrom").path("configMapKeyRef").path("key").asText(null);
          }
        }
        assertTrue(key != null && data.has(key), "$(" + m.group(1) + ") comes from the ConfigMap");
        m.appendReplacement(out, Matcher.quoteReplacement(data.path(key).asText()));
      }
      m.appendTail(out);
      args.add(out.toString());
    }
    return args;
  }
}
