package dev.ferry.ui.app;

/**
 * Puts the JavaFX application and render threads ahead of the engine's threads (and, where the
 * operating system lets the process raise priorities, ahead of other processes such as a local
 * PostgreSQL's backends), so the window stays responsive while a load saturates the cores. With
 * HotSpot on Linux, Java priorities reach the scheduler only with {@code
 * -XX:ThreadPriorityPolicy=1}; raising above normal needs CAP_SYS_NICE (root). Without them this
 * changes nothing, and does no harm.
 */
final class UiThreadPriority {
  private UiThreadPriority() {}

  /** Called on the FX thread. */
  static void raise() {
    Thread.currentThread().setPriority(Thread.MAX_PRIORITY);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("QuantumRenderer")) {
        t.setPriority(Thread.MAX_PRIORITY);
      }
    }
  }
}
