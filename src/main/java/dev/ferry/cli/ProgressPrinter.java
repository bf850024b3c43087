package dev.ferry.cli;

import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows the engine's events on the terminal: a progress bar with rows/s and ETA per phase. */
final class ProgressPrinter implements MigrationListener {
  private final PrintStream err;
  private final boolean quiet;
  private ProgressBar bar;
  private long rejected;

  ProgressPrinter(PrintStream err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public synchronized void onEvent(MigrationEvent event) {
    switch (event) {
      case MigrationEvent.PhaseStarted p -> {
        closeBar();
        if (quiet) {
          return;
        }
        if (p.phase() == Phase.DATA || p.phase() == Phase.VALIDATE) {
          bar =
              new ProgressBarBuilder()
                  .setTaskName(p.phase() == Phase.DATA ? "Loading" : "Validating")
                  .setInitialMax(Math.max(p.work(), 1))
                  .setUnit(" rows", 1)
                  .showSpeed()
                  .setStyle(ProgressBarStyle.ASCII)
                  .setConsumer(new ConsoleProgressBarConsumer(err))
                  .setUpdateIntervalMillis(250)
                  .build();
        } else {
          err.println("· " + p.phase().name().toLowerCase() + " …");
        }
      }
      case MigrationEvent.TableProgress t -> {
        if (bar != null) {
          bar.stepBy(t.rowsDelta());
          if (bar.getCurrent() > bar.getMax()) {
            bar.maxHint(bar.getCurrent());
          }
          bar.setExtraMessage(t.table());
        }
      }
      case MigrationEvent.PhaseFinished f -> {
        closeBar();
        if (!quiet) {
          err.printf(
              "· %s %s in %.1f s%n",
              f.phase().name().toLowerCase(),
              f.ok() ? "done" : "stopped",
              f.took().toMillis() / 1000.0);
        }
      }
      case MigrationEvent.Warning w -> err.println("! " + w.message());
      case MigrationEvent.RowRejected r -> {
        // the first few as they happen; all of them are in the reject files
        if (++rejected <= 10) {
          err.println("! rejected " + r.table() + " " + r.key() + ": " + r.reason());
        } else if (rejected == 11) {
          err.println("! more rejected rows: see the reject files");
        }
      }
      case MigrationEvent.TableFinished t -> {}
      case MigrationEvent.StepDone s -> {}
      case MigrationEvent.Span s -> {}
      case MigrationEvent.WorkStarted w -> {}
    }
  }

  private void closeBar() {
    if (bar != null) {
      bar.stepTo(Math.min(bar.getCurrent(), bar.getMax()));
      bar.close();
      bar = null;
    }
  }

  synchronized void close() {
    closeBar();
  }
}
