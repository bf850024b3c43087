package dev.ferry.engine.core;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The engine's one way to run work in parallel: tasks on at most {@code jobs} named platform
 * threads, waited for in order. The first failure cancels the tasks not yet started and is
 * rethrown; the threads are stopped before this returns.
 */
public final class Workers {
  private Workers() {}

  /** A pool of {@code threads} (at least one) platform threads named {@code threadName-N}. */
  public static ExecutorService pool(String threadName, int threads) {
    return Executors.newFixedThreadPool(
        Math.max(1, threads), Thread.ofPlatform().name(threadName + "-", 1).factory());
  }

  /**
   * Rethrows what a task threw: a database error, an interruption or an unchecked exception as it
   * is, anything else as {@code otherwise} makes it.
   */
  public static RuntimeException rethrow(
      ExecutionException e, Function<Throwable, RuntimeException> otherwise)
      throws SQLException, InterruptedException {
    Throwable cause = e.getCause();
    if (cause instanceof InterruptedException ie) {
      throw ie;
    }
    if (cause instanceof SQLException se) {
      throw se;
    }
    if (cause instanceof RuntimeException re) {
      throw re;
    }
    throw otherwise.apply(cause);
  }

  /**
   * Runs every task and returns when all are done.
   *
   * @param onFirstFailure runs once, before the others are cancelled (e.g. to tell running tasks to
   *     stop at their next safe point)
   * @throws ExecutionException the first failure, its cause as thrown by the task
   */
  public static void runAll(
      String threadName, int jobs, List<? extends Callable<?>> tasks, Runnable onFirstFailure)
      throws InterruptedException, ExecutionException {
    if (tasks.isEmpty()) {
      return;
    }
    ExecutorService pool = pool(threadName, Math.min(jobs, tasks.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Callable<?> task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          onFirstFailure.run();
          for (Future<?> other : futures) {
            other.cancel(false);
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
  }
}
