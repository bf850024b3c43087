package dev.ferry.ui.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.TestDatabases;
import dev.ferry.engine.demo.DemoData;
import dev.ferry.ui.common.UiTaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Benchmark (bench/fx-stall.sh, not part of the test run): migrates seed 004's files at scale
 * FERRY_STALL_SCALE (default 100, about 1.2 million rows) through the console while a probe posts a
 * task to the FX thread every 10 ms and records how late it ran. Prints the longest stall; the
 * target is under 100 ms.
 */
@Tag("benchmark")
@ExtendWith(ApplicationExtension.class)
class ConsoleStallBenchmark {
  @TempDir static Path dir;
  private ConsoleWindow window;

  @Start
  void start(Stage stage) {
    window = new ConsoleWindow(stage, new UiTaskExecutor(), dir.resolve("ws"), p -> {});
    stage.show();
  }

  @Test
  void longestFxThreadStallDuringALargeMigration(FxRobot robot) throws Exception {
    int scale = Integer.parseInt(System.getenv().getOrDefault("FERRY_STALL_SCALE", "100"));
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      List<Path> files = DemoData.generate(dir.resolve("src"), scale);
      robot.clickOn("#newMigration");
      robot.interact(() -> window.connect().sqliteFiles().setAll(files));
      robot.clickOn("#targetDatabase").write(pg.name());
      robot.clickOn("#targetUser").write("postgres");
      robot.clickOn("#next");
      WaitForAsyncUtils.waitFor(
          300, TimeUnit.SECONDS, () -> window.console().state(Step.ASSESS).get() == StepState.DONE);
      robot.clickOn("#next");
      robot.clickOn("#next");

      AtomicLong worst = new AtomicLong();
      AtomicLong probes = new AtomicLong();
      Thread probe =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      long posted = System.nanoTime();
                      Platform.runLater(
                          () -> {
                            worst.accumulateAndGet(System.nanoTime() - posted, Math::max);
                            probes.incrementAndGet();
                          });
                      try {
                        Thread.sleep(10);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      long t0 = System.nanoTime();
      robot.clickOn("#startMigration");
      WaitForAsyncUtils.waitFor(
          1800,
          TimeUnit.SECONDS,
          () -> window.console().state(Step.MIGRATE).get() == StepState.DONE);
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      probe.interrupt();
      long rows = window.migrate().resultProperty().get().rowsLoaded();
      System.out.printf(
          "FX-STALL scale=%d rows=%d migrate=%ds probes=%d longest-stall=%.1fms%n",
          scale, rows, seconds, probes.get(), worst.get() / 1e6);
      assertThat(window.migrate().resultProperty().get().validation().ok()).isTrue();
    }
  }
}
