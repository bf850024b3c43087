package dev.ferry.ui.common;

import dev.ferry.engine.core.FerryException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A piece of work for the background executor with what to do on the FX thread when it starts,
 * succeeds or fails. Built with {@link #wrap} and handed to a {@link TaskExecutor}.
 *
 * <p>A failure is logged here, once, with its stack trace (the console's log file has it); {@code
 * onFailure} shows the DBA only the one-line {@link FerryException#describe description}.
 *
 * @param <T> what the work returns
 */
public final class BackgroundTask<T> {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);
  private final Callable<T> work;
  private Runnable onRunning = () -> {};
  private Consumer<T> onSuccess = v -> {};
  private Consumer<Throwable> onFailure = e -> {};
  private Runnable onFinished = () -> {};

  private BackgroundTask(Callable<T> work) {
    this.work = work;
  }

  public static <T> BackgroundTask<T> wrap(Callable<T> work) {
    return new BackgroundTask<>(work);
  }

  public BackgroundTask<T> onRunning(Runnable r) {
    this.onRunning = r;
    return this;
  }

  public BackgroundTask<T> onSuccess(Consumer<T> c) {
    this.onSuccess = c;
    return this;
  }

  public BackgroundTask<T> onFailure(Consumer<Throwable> c) {
    this.onFailure = c;
    return this;
  }

  /** Runs after success or failure. */
  public BackgroundTask<T> onFinished(Runnable r) {
    this.onFinished = r;
    return this;
  }

  public void executeWith(TaskExecutor executor) {
    executor.execute(this);
  }

  Callable<T> work() {
    return work;
  }

  void running() {
    onRunning.run();
  }

  void succeeded(T value) {
    try {
      onSuccess.accept(value);
    } finally {
      onFinished.run();
    }
  }

  void failed(Throwable e) {
    LOG.error("background work failed: {}", FerryException.describe(e), e);
    try {
      onFailure.accept(e);
    } finally {
      onFinished.run();
    }
  }
}
