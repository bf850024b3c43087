package dev.ferry.engine.change;

import dev.ferry.engine.perf.PerfComparison;
import dev.ferry.engine.perf.QueryTiming;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code migrate} under change control applied: how many scripts Flyway ran, which were
 * pending (V-versions, or descriptions for repeatables), the change id they were approved for, and
 * — when the project has {@code perf/*.sql} queries — the baseline timed before and the comparison
 * timed after (null without queries; {@code perfError} when the comparison itself could not run).
 */
public record AppliedMigrations(
    int count,
    List<String> pending,
    String changeId,
    List<QueryTiming> baseline,
    PerfCheck perfAfter,
    String perfError) {

  public AppliedMigrations(int count, List<String> pending, String changeId) {
    this(count, pending, changeId, null, null, null);
  }

  /**
   * What the DBA must know about performance, one sentence each: queries whose baseline could not
   * be timed before the change, and queries failing, over their limit or slower after it. Empty
   * when every query passed (or the project has none).
   */
  public List<String> perfProblems() {
    List<String> out = new ArrayList<>();
    if (baseline != null) {
      for (QueryTiming q : baseline) {
        if (q.error() != null) {
          out.add(
              "baseline of " + q.name() + " could not be timed before the change: " + q.error());
        }
      }
    }
    if (perfError != null) {
      out.add("the queries could not be timed after the change: " + perfError);
    }
    if (perfAfter != null) {
      for (PerfComparison c : perfAfter.queries()) {
        if (!c.ok()) {
          out.add(c.result() + " " + c.name() + ": " + c.detail());
        }
      }
    }
    return out;
  }

  /** One line on performance for a status bar: empty without queries. */
  public String perfSummary() {
    if (baseline == null && perfAfter == null && perfError == null) {
      return "";
    }
    List<String> problems = perfProblems();
    if (problems.isEmpty()) {
      int n = perfAfter == null ? 0 : perfAfter.queries().size();
      return "performance: all " + n + " queries within their baseline and limits";
    }
    return "performance: " + String.join("; ", problems);
  }
}
