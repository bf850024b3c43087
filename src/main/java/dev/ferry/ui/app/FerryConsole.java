package dev.ferry.ui.app;

import dev.ferry.engine.Ferry;
import dev.ferry.ui.common.UiTaskExecutor;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application. Started through {@link ConsoleLauncher}, never as the jar's main. */
public final class FerryConsole extends Application {
  private UiTaskExecutor executor;
  private ConsoleWindow window;

  @Override
  public void start(Stage stage) {
    executor = new UiTaskExecutor();
    window =
        new ConsoleWindow(
            stage,
            executor,
            Ferry.defaultWorkspace(),
            dir -> getHostServices().showDocument(dir.toUri().toString()));
    stage.show();
  }

  @Override
  public void stop() {
    if (window != null) {
      window.close();
    }
    if (executor != null) {
      executor.close();
    }
  }
}
