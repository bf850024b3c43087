package dev.ferry.engine.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The engine's one way to run work in parallel: tasks on at most {@code jobs} named platform
 * threads, waited for in order. The first failure cancels the tasks not yet started and is
 * rethrown; the threads are stopped before this returns.
 */
public final class Workers {
  private Workers() {}

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
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(jobs, tasks.size())),
            Thread.ofPlatform().name(threadName + "-", 1).factory());
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
