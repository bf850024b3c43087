package dev.ferry.cli;

import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows the engine's events: on a terminal a progress bar with rows/s and ETA per phase; when the
 * output is a log, CI or a pipe, a plain line every few seconds (rows done of total, rows/s, ETA,
 * the table) — a bar's carriage returns would pile up there. {@code FERRY_PROGRESS=bar|lines}
 * chooses.
 */
final class ProgressPrinter implements MigrationListener {
  /** How often a progress line is printed when the output is not a terminal. */
  static final long LINE_EVERY_NANOS = 5_000_000_000L;

  private final PrintStream err;
  private final boolean quiet;
  private final boolean lines;
  private ProgressBar bar;
  private long rejected;
  // lines mode: the phase being shown, its total, what is done, when it began and last printed
  private Phase phase;
  private long total;
  private long done;
  private long began;
  private long printed;
  private String table = "";

  ProgressPrinter(PrintStream err, boolean quiet) {
    this(err, quiet, !onTerminal(System.getenv("FERRY_PROGRESS")));
  }

  ProgressPrinter(PrintStream err, boolean quiet, boolean lines) {
    this.err = err;
    this.quiet = quiet;
    this.lines = lines;
  }

  /**
   * Whether standard error is a terminal: {@code FERRY_PROGRESS} when set (bar or lines), else the
   * console's own answer (Java 22+ has a console object also when redirected, and says whether it
   * is a terminal; on 21 there is none when redirected).
   */
  static boolean onTerminal(String setting) {
    if (setting != null && !setting.isBlank()) {
      return setting.strip().equalsIgnoreCase("bar");
    }
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a console exists only on a terminal
    }
  }

  @Override
  public synchronized void onEvent(MigrationEvent event) {
    switch (event) {
      case MigrationEvent.PhaseStarted p -> {
        closeBar();
        if (quiet) {
          return;
        }
        if ((p.phase() == Phase.DATA || p.phase() == Phase.VALIDATE) && lines) {
          phase = p.phase();
          total = Math.max(p.work(), 0);
          done = 0;
          began = System.nanoTime();
          printed = began;
          err.printf("· %s %,d rows …%n", verb(phase), total);
        } else if (p.phase() == Phase.DATA || p.phase() == Phase.VALIDATE) {
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
        if (phase != null) {
          done += t.rowsDelta();
          table = t.table();
          long now = System.nanoTime();
          if (now - printed >= LINE_EVERY_NANOS) {
            printed = now;
            err.println(line(now));
          }
        }
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
        if (phase != null && !quiet) {
          err.println(line(System.nanoTime()));
        }
        phase = null;
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

  private static String verb(Phase p) {
    return p == Phase.DATA ? "loading" : "validating";
  }

  /** One progress line: rows done of total, rows/s, ETA, the table last heard of. */
  private String line(long now) {
    double secs = Math.max((now - began) / 1e9, 0.001);
    double rate = done / secs;
    String eta =
        rate > 0 && total > done
            ? String.format(
                " · ETA %d:%02d",
                (long) ((total - done) / rate) / 60, (long) ((total - done) / rate) % 60)
            : "";
    return String.format(
        "  %s %,d of %,d rows (%.0f%%) · %,.0f rows/s%s · %s",
        verb(phase),
        done,
        total,
        total == 0 ? 100.0 : Math.min(100.0, done * 100.0 / total),
        rate,
        eta,
        table);
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
