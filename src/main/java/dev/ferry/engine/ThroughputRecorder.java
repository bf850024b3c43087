package dev.ferry.engine;

import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.journal.ThroughputSample;
import java.sql.SQLException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a run moves in the journal, one window of about a second at a time (and the last,
 * shorter one when a phase ends), so that a past run's throughput chart shows what happened.
 */
final class ThroughputRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ThroughputRecorder.class);
  private static final long WINDOW_NANOS = 1_000_000_000L;
  private final RunJournal journal;
  private final String runId;
  private long windowStart = System.nanoTime();
  private long rows;
  private long bytes;
  private Phase phase;

  ThroughputRecorder(RunJournal journal, String runId) {
    this.journal = journal;
    this.runId = runId;
  }

  synchronized void onEvent(MigrationEvent e) {
    switch (e) {
      case MigrationEvent.PhaseStarted p -> {
        write(System.nanoTime());
        phase = p.phase();
      }
      case MigrationEvent.TableProgress p -> {
        if (phase != p.phase()) {
          write(System.nanoTime());
          phase = p.phase();
        }
        rows += p.rowsDelta();
        bytes += p.bytesDelta();
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
          write(now);
        }
      }
      case MigrationEvent.PhaseFinished f -> write(System.nanoTime());
      default -> {}
    }
  }

  private void write(long now) {
    if (phase != null && (rows != 0 || bytes != 0)) {
      try {
        journal.throughput(
            runId,
            new ThroughputSample(Instant.now(), (now - windowStart) / 1e9, rows, bytes, phase));
      } catch (SQLException ex) {
        LOG.warn("the throughput chart lost a sample: {}", ex.getMessage());
      }
    }
    windowStart = now;
    rows = 0;
    bytes = 0;
  }
}
