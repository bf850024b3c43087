package dev.ferry.engine.journal;

import dev.ferry.engine.core.RunStatus;
import java.time.Instant;

/** One run as the journal knows it. {@code pid} is the process that ran it last. */
public record RunRecord(
    String runId,
    Instant startedAt,
    Instant finishedAt,
    RunStatus status,
    String message,
    String planYaml,
    long pid) {

  /** A run marked RUNNING whose process no longer exists was killed. */
  public boolean isAbandoned() {
    return status == RunStatus.RUNNING && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }
}
