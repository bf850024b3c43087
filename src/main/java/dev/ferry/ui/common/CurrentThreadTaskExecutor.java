package dev.ferry.ui.common;

/** Runs tasks and their callbacks at once on the calling thread: for ViewModel tests. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {
  @Override
  public <T> void execute(BackgroundTask<T> task) {
    task.running();
    T value;
    try {
      value = task.work().call();
    } catch (Exception | Error e) {
      task.failed(e);
      return;
    }
    task.succeeded(value);
  }

  @Override
  public void runOnUiThread(Runnable r) {
    r.run();
  }
}
