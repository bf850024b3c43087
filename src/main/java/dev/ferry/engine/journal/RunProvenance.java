package dev.ferry.engine.journal;

import dev.ferry.engine.connect.Redaction;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.SourceRef;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;

/**
 * Where a run came from and went to, who ran it and when: the first thing an audit file needs.
 * {@code sources} and {@code target} are connection strings without passwords; {@code startedBy}
 * (and {@code resumedBy}) are {@code user@host} of the process that started (resumed) the run.
 */
public record RunProvenance(
    List<String> sources,
    String target,
    String targetSchema,
    String startedBy,
    List<String> resumedBy,
    Instant startedAt,
    Instant finishedAt) {

  /** The journal event kinds that record who started and who resumed a run. */
  public static final String STARTED_BY = "started-by";

  public static final String RESUMED_BY = "resumed-by";

  public RunProvenance {
    sources = List.copyOf(sources);
    resumedBy = resumedBy == null ? List.of() : List.copyOf(resumedBy);
  }

  /** Reads a run's provenance from its journal record, plan and events. */
  public static RunProvenance of(RunJournal journal, RunRecord run, MigrationPlan plan)
      throws java.sql.SQLException {
    List<String> started = List.copyOf(journal.events(run.runId(), STARTED_BY, true));
    return new RunProvenance(
        plan.sources().stream().map(RunProvenance::describe).toList(),
        plan.target() == null ? null : Redaction.strip(plan.target().url()),
        plan.target() == null ? null : plan.target().schema(),
        started.isEmpty() ? null : started.get(0),
        List.copyOf(journal.events(run.runId(), RESUMED_BY, true)),
        run.startedAt(),
        run.finishedAt());
  }

  private static String describe(SourceRef s) {
    String url = Redaction.strip(s.url());
    return s.name() == null || s.name().isBlank() ? url : s.name() + " — " + url;
  }

  /** {@code user@host} of this process, as the journal records who ran a run. */
  public static String operator() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown host";
    }
    return System.getProperty("user.name") + "@" + host;
  }
}
