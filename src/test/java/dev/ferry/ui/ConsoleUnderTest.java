package dev.ferry.ui;

import dev.ferry.ui.app.ConsoleWindow;
import dev.ferry.ui.common.UiTaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole console on a TestFX stage, as the DBA sees it: its own background executor and
 * workspace, and the folders it asked the desktop to open recorded instead of opened. Build it in
 * the test's {@code @Start} and close it after each test.
 */
public final class ConsoleUnderTest implements AutoCloseable {
  private final UiTaskExecutor executor;
  private final ConsoleWindow window;
  private final List<Path> opened = new CopyOnWriteArrayList<>();

  private ConsoleUnderTest(Stage stage, Path workspace) {
    executor = new UiTaskExecutor();
    window = new ConsoleWindow(stage, executor, workspace, opened::add);
  }

  /** Builds the console in the stage and shows it. */
  public static ConsoleUnderTest show(Stage stage, Path workspace) {
    ConsoleUnderTest c = on(stage, workspace);
    stage.show();
    return c;
  }

  /** Builds the console in the stage; the test sizes and shows the stage. */
  public static ConsoleUnderTest on(Stage stage, Path workspace) {
    return new ConsoleUnderTest(stage, workspace);
  }

  public ConsoleWindow window() {
    return window;
  }

  /** The folders the console asked the desktop to show (reports, rejects), in order. */
  public List<Path> opened() {
    return opened;
  }

  /** Waits for work in the background and what it shows, then for the FX thread to settle. */
  public static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** As {@link #waitUntil(int, Callable)}; a timeout fails with what {@code shown} says then. */
  public static void waitUntil(int seconds, Callable<Boolean> condition, Supplier<String> shown)
      throws Exception {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out; the status says: " + shown.get(), e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Stops what the console started (the demo's server) and its executor. */
  @Override
  public void close() {
    window.close();
    executor.close();
  }
}
