package dev.ferry.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's background executor: each {@link BackgroundTask} becomes a JavaFX {@link Task} on a
 * small pool of daemon threads, and its callbacks run on the FX thread.
 */
public final class UiTaskExecutor implements TaskExecutor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UiTaskExecutor.class);
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
    fx.setOnFailed(
        e -> {
          LOG.warn("background task failed", fx.getException());
          task.failed(fx.getException());
        });
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
