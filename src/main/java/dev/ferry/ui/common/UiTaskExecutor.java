package dev.ferry.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * The console's background executor: each {@link BackgroundTask} becomes a JavaFX {@link Task} on a
 * small pool of daemon threads, and its callbacks run on the FX thread.
 */
public final class UiTaskExecutor implements TaskExecutor, AutoCloseable {
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          // normal priority whoever creates them: the UI threads run above the work
          Thread.ofPlatform()
              .daemon()
              .name("ferry-ui-work-", 1)
              .priority(Thread.NORM_PRIORITY)
              .factory());

  @Override
  public <T> void execute(BackgroundTask<T> task) {
    Task<T> fx =
        new Task<>() {
          @Override
          protected T call() throws Exception {
            return task.work().call();
          }
        };
    fx.setOnRunning(e -> task.running());
    fx.setOnSucceeded(e -> task.succeeded(fx.getValue()));
    // the task logs the failure with its stack trace
    fx.setOnFailed(e -> task.failed(fx.getException()));
    pool.execute(fx);
  }

  @Override
  public void runOnUiThread(Runnable r) {
    if (Platform.isFxApplicationThread()) {
      r.run();
    } else {
      Platform.runLater(r);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
