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

  /** A run marked RUNNING whose process no longer exists (or is a zombie) was killed. */
  public boolean isAbandoned() {
    return status == RunStatus.RUNNING && !running(pid);
  }

  /**
   * Whether the process runs: a killed process its parent has not reaped yet (a zombie; a
   * container's first process may never reap it) is gone for Ferry's purpose, though Java counts it
   * alive.
   */
  static boolean running(long pid) {
    if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
      return false;
    }
    java.nio.file.Path stat = java.nio.file.Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = java.nio.file.Files.readString(stat);
      // "pid (comm) S …": the state follows the last ')' (comm may hold spaces and parentheses)
      int close = s.lastIndexOf(')');
      return close < 0 || close + 2 >= s.length() || s.charAt(close + 2) != 'Z';
    } catch (java.io.IOException | RuntimeException noProc) {
      return true; // no /proc (not Linux): as Java says
    }
  }
}
