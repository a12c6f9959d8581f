package org.spinepathways.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code serve} runs the FHIR server; {@code apply} runs $apply on files; {@code validate} validates
 * files; {@code assemble-forms} assembles modular screening forms at build time; {@code train} is the build's AppCDS
 * training run. Exit 2 on usage errors.
 */
@Command(name = "spine-pathways", mixinStandardHelpOptions = true, version = "spine-pathways 0.1.0",
    description = "Spinal injection pathways as FHIR R4 knowledge artifacts, with PlanDefinition/$apply.",
    subcommands = {ServeCommand.class, ApplyCommand.class, ValidateCommand.class,
        AssembleFormsCommand.class, TrainCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
