package dev.ferry.ui.common;

/**
 * For ViewModel tests that need the work to run while the test watches: each task on its own
 * thread, callbacks and UI updates serialised on one lock (the stand-in for the FX thread).
 */
public final class ThreadTaskExecutor implements TaskExecutor {
  private final Object ui = new Object();

  @Override
  public <T> void execute(BackgroundTask<T> task) {
    runOnUiThread(task::running);
    Thread.ofPlatform()
        .start(
            () -> {
              T value;
              try {
                value = task.work().call();
              } catch (Exception | Error e) {
                runOnUiThread(() -> task.failed(e));
                return;
              }
              runOnUiThread(() -> task.succeeded(value));
            });
  }

  @Override
  public void runOnUiThread(Runnable r) {
    synchronized (ui) {
      r.run();
    }
  }
}
