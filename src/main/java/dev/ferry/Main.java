package dev.ferry;

import dev.ferry.cli.FerryCli;
import dev.ferry.ui.app.ConsoleLauncher;

/**
 * Entry point of {@code ferry.jar}: a subcommand runs the CLI; no argument (or {@code console})
 * opens the console. The only class that knows both front doors: it hands the console's launcher to
 * the command line, which never imports the console. Deliberately not a JavaFX {@code Application},
 * so the jar starts from the class path.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(FerryCli.run(() -> ConsoleLauncher.launch(new String[0]), args));
  }
}
