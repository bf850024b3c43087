package dev.ferry.engine.journal;

import dev.ferry.engine.event.Phase;
import java.time.Instant;

/**
 * What a run moved in one window of about a second, kept in the journal so a past run's throughput
 * chart is drawn from what happened, not from nothing.
 *
 * @param at the end of the window
 * @param seconds the window's length
 * @param rows rows sent to the target in the window (a chunk rolled back counts negatively)
 * @param bytes COPY bytes sent in the window
 * @param phase the phase the rows belong to
 */
public record ThroughputSample(Instant at, double seconds, long rows, long bytes, Phase phase) {

  public double rowsPerSecond() {
    return seconds <= 0 ? 0 : Math.max(0, rows / seconds);
  }

  public double megabytesPerSecond() {
    return seconds <= 0 ? 0 : Math.max(0, bytes / seconds / 1e6);
  }
}
