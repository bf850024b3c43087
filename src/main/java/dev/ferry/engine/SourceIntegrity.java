package dev.ferry.engine;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.ReadinessFinding;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sources' whole-file integrity checks ({@link Dialect#integrity}, SQLite's {@code PRAGMA
 * quick_check}) run by a migration beside its schema and data phases instead of before them, on a
 * connection of their own: the load does not wait for a read of the whole file. The run waits for
 * them before anything after the data phase — a source that fails them fails the run, whose rows
 * from it are not to be trusted; no status says SUCCEEDED without them.
 */
final class SourceIntegrity implements AutoCloseable {
  private final Map<String, ConnectionSpec> specs;
  private ExecutorService thread;
  private Future<List<String>> problems;

  SourceIntegrity(Map<String, ConnectionSpec> specs) {
    this.specs = specs;
  }

  /** Nothing to check. */
  static SourceIntegrity none() {
    return new SourceIntegrity(Map.of());
  }

  /** Starts the checks on a thread of their own. */
  void start() {
    if (specs.isEmpty() || problems != null) {
      return;
    }
    thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ferry-source-integrity");
              t.setDaemon(true);
              return t;
            });
    problems = thread.submit(this::check);
  }

  private List<String> check() throws SQLException {
    List<String> out = new ArrayList<>();
    for (var e : specs.entrySet()) {
      Dialect d = Dialects.of(e.getValue().kind());
      try (Connection c = Sessions.openSource(e.getValue())) {
        for (ReadinessFinding f : d.integrity(c, e.getValue())) {
          if (f.level() == ReadinessFinding.Level.BLOCKER) {
            out.add(
                "source "
                    + e.getKey()
                    + ": "
                    + f.message()
                    + (f.remedy() == null ? "" : " — " + f.remedy()));
          }
        }
      }
    }
    return out;
  }

  /**
   * Waits for the checks; throws when a source failed them, naming the source and what the check
   * reported.
   */
  void require(String runId) throws InterruptedException, SQLException {
    if (problems == null) {
      return;
    }
    List<String> found;
    try {
      found = problems.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException se) {
        throw se;
      }
      throw new FerryException("The source integrity check failed: " + e.getCause(), e.getCause());
    }
    if (!found.isEmpty()) {
      String message =
          "The source failed its integrity check (run beside the load): "
              + String.join("; ", found)
              + ". The rows loaded from it are not to be trusted: repair it, then ferry discard "
              + runId
              + " and migrate again";
      // data_corrupted: not a state a resume gets past
      throw new FerryException(message, new SQLException(message, "XX001"));
    }
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
