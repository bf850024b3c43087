package dev.ferry.ui.app;

import dev.ferry.engine.Ferry;
import javafx.application.Application;

/** Opens the console window; returns when it is closed. */
public final class ConsoleLauncher {
  private ConsoleLauncher() {}

  public static void launch(String[] args) {
    // the log file first, so that what goes wrong while the window opens is in it too
    ConsoleLog log = ConsoleLog.start(Ferry.defaultWorkspace());
    try {
      Application.launch(FerryConsole.class, args);
    } finally {
      log.close();
    }
  }
}
