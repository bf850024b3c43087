package dev.ferry.engine.change;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.perf.QueryBaselines;
import dev.ferry.engine.perf.QueryTiming;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Seed 002's performance baseline: the project's {@code perf/*.sql} timed on the target and kept in
 * the workspace, per target, to compare with after a change.
 */
final class PerformanceBaseline {
  /** Runs per query; the median is kept. */
  private static final int RUNS = 5;

  private final ConnectionSpec target;
  private final Path folder;
  private final Path workspace;
  private final ChangeJournal journal;

  PerformanceBaseline(ConnectionSpec target, Path folder, Path workspace, ChangeJournal journal) {
    this.target = target;
    this.folder = folder;
    this.workspace = workspace;
    this.journal = journal;
  }

  List<Path> queries() {
    return QueryBaselines.queries(folder.resolve("perf"));
  }

  /** Where this target's baseline is kept in the workspace. */
  Path file() {
    // several targets may share a database name
    String hash = Integer.toHexString(target.url().hashCode() & 0x7fffffff);
    return workspace.resolve("perf").resolve(target.name() + "-" + hash + ".json");
  }

  /** Times the queries now and keeps the timings as this target's baseline. */
  PerfBaseline record() throws SQLException, IOException {
    List<QueryTiming> t;
    try (Connection c = target.open()) {
      t = QueryBaselines.measure(c, queries(), RUNS);
    }
    QueryBaselines.save(t, file());
    journal.record(
        "perf-baseline",
        t.size() + " queries",
        String.join(
            ", ",
            t.stream()
                .map(
                    q ->
                        q.error() == null
                            ? String.format("%s %.1f ms", q.name(), q.executionMs())
                            : q.name() + " failed")
                .toList()));
    return new PerfBaseline(t);
  }

  /** Times the queries now against the recorded baseline and their declared limits. */
  PerfCheck compare() throws SQLException, IOException {
    List<Path> queries = queries();
    if (queries.isEmpty()) {
      return new PerfCheck(List.of());
    }
    try (Connection c = target.open()) {
      return new PerfCheck(
          QueryBaselines.compare(
              QueryBaselines.load(file()),
              QueryBaselines.measure(c, queries, RUNS),
              ProjectFile.read(folder).perfTolerance()));
    }
  }
}
