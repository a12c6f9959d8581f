package org.spinepathways.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.spinepathways.content.ContentException;
import org.spinepathways.server.EmbeddedServer;
import org.spinepathways.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: loads and lints the library, then serves it until stopped. A broken library refuses to start. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the FHIR server.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--content", description = "Directory of knowledge content to serve instead of the packaged one")
  Path content;

  @Option(names = "--max-body-bytes", defaultValue = "1048576",
      description = "Largest request body accepted, in bytes (default ${DEFAULT-VALUE})")
  long maxBodyBytes;

  @Option(names = "--check-output",
      description = "Validate every CarePlan $apply returns against the profiles (slower; for testing content)")
  boolean checkOutput;

  @Option(names = "--cors-origin", paramLabel = "<origin>",
      description = "Origin (scheme://host[:port]) whose web pages may call the server; repeat for more. None by default")
  List<String> corsOrigins = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ServerSettings settings;
    try {
      settings = new ServerSettings(port, content, maxBodyBytes, checkOutput, corsOrigins);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try {
      EmbeddedServer server = EmbeddedServer.start(settings);
      server.join();
      return 0;
    } catch (ContentException e) {
      System.err.println("Not starting: " + e.getMessage());
      return 1;
    }
  }
}
