package dev.ferry.engine;

import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.journal.RunJournal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Times a run's phases: the started and finished events, the journal's RUNNING/FAILED marks and the
 * seconds per phase the result reports. The one place a phase's time is taken.
 */
final class PhaseClock {
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException, InterruptedException;
  }

  private final MigrationListener listener;
  private final RunJournal journal;
  private final String runId;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  PhaseClock(MigrationListener listener, RunJournal journal, String runId) {
    this.listener = listener;
    this.journal = journal;
    this.runId = runId;
  }

  /** Seconds spent per phase (summed when a phase ran more than once). */
  Map<String, Double> seconds() {
    return seconds;
  }

  <T> T time(Phase phase, long work, Work<T> action) throws SQLException, InterruptedException {
    listener.onEvent(new MigrationEvent.PhaseStarted(phase, work));
    journal.phase(runId, phase, "RUNNING");
    long t0 = System.nanoTime();
    boolean ok = false;
    try {
      T v = action.run();
      ok = true;
      return v;
    } finally {
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      seconds.merge(phase.name().toLowerCase(Locale.ROOT), took.toMillis() / 1000.0, Double::sum);
      listener.onEvent(new MigrationEvent.PhaseFinished(phase, took, ok));
      if (!ok) {
        journal.phase(runId, phase, "FAILED");
      }
    }
  }
}
