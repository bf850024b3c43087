package dev.ferry.ui.app;

import javafx.application.Application;

/** Opens the console window; returns when it is closed. */
public final class ConsoleLauncher {
  private ConsoleLauncher() {}

  public static void launch(String[] args) {
    Application.launch(FerryConsole.class, args);
  }
}
