package dev.ferry.ui.app;

import dev.ferry.engine.Ferry;
import dev.ferry.ui.common.UiTaskExecutor;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application. Started through {@link ConsoleLauncher}, never as the jar's main. */
public final class FerryConsole extends Application {
  private static final Logger LOG = LoggerFactory.getLogger(FerryConsole.class);
  private UiTaskExecutor executor;
  private ConsoleWindow window;

  @Override
  public void start(Stage stage) {
    // a bug in an event handler goes to the log file with its stack trace, never to the window
    Thread.currentThread()
        .setUncaughtExceptionHandler(
            (t, e) -> LOG.error("unexpected error on {}: {}", t.getName(), e.toString(), e));
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
