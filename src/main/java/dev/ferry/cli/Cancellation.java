package dev.ferry.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C stops a run cleanly: the shutdown hook raises the engine's cancel flag and waits until the
 * engine has rolled back its open chunks and recorded the run as interrupted (resumable).
 */
final class Cancellation {
  private final AtomicBoolean flag = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);

  static Cancellation install() {
    Cancellation c = new Cancellation();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (c.finished.getCount() > 0) {
                    System.err.println("\nCancelling: rolling back open chunks …");
                    c.flag.set(true);
                    try {
                      c.finished.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                },
                "ferry-cancel"));
    return c;
  }

  AtomicBoolean flag() {
    return flag;
  }

  void done() {
    finished.countDown();
  }
}
