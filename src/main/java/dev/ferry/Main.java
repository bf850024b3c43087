package dev.ferry;

import dev.ferry.cli.FerryCli;

/**
 * Entry point of {@code ferry.jar}: a subcommand runs the CLI; no argument opens the console.
 * Deliberately not a JavaFX {@code Application}, so the jar starts from the class path.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(FerryCli.run(args));
  }
}
