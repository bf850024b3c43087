package dev.ferry.ui.common;

/**
 * Where every piece of console work that may wait (on a database, a file, the network) runs. The
 * console uses {@link UiTaskExecutor}; ViewModel tests use {@link CurrentThreadTaskExecutor}.
 */
public interface TaskExecutor {
  <T> void execute(BackgroundTask<T> task);

  /** Runs {@code r} on the thread that owns the UI state (the FX thread in the console). */
  void runOnUiThread(Runnable r);
}
