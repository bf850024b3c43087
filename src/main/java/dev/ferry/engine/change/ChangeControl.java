package dev.ferry.engine.change;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.Backups;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.backup.TrialRestore;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.journal.SignOff;
import dev.ferry.engine.perf.PerfComparison;
import dev.ferry.engine.perf.QueryBaselines;
import dev.ferry.engine.perf.QueryTiming;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A schema-change project under change control, as the CLI and the console run it: the approvals
 * the project asks for gate {@code migrate}; every migrate, undo, approval and backup is recorded
 * in the workspace's journal; and a report gathers the state, approvals, history, backups and
 * verification of the target.
 */
public final class ChangeControl {
  /** A required approval and, when given for the pending scripts, who gave it. */
  public record Approval(String role, SignOff given) {
    public boolean approved() {
      return given != null;
    }
  }

  private static final int PERF_RUNS = 5;
  private final ConnectionSpec target;
  private final SchemaChanges changes;
  private final Path workspace;

  /**
   * @param changes the project, or null for a target without one (backups and history only)
   */
  public ChangeControl(ConnectionSpec target, SchemaChanges changes, Path workspace) {
    this.target = target;
    this.changes = changes;
    this.workspace = workspace;
  }

  public SchemaChanges changes() {
    return changes;
  }

  public ConnectionSpec target() {
    return target;
  }

  /** The journal key under which this target's schema changes are recorded. */
  String journalKey() {
    return "schema-change:" + target.url();
  }

  public Path backupDir() {
    return Backups.dir(workspace);
  }

  /** The project's approvals and which are given for the pending scripts (up to {@code to}). */
  public List<Approval> approvals(String to) throws SQLException {
    return approvalsFor(changes.changeId(to));
  }

  /** The project's approvals as given for one set of scripts (a change id). */
  public List<Approval> approvalsFor(String changeId) throws SQLException {
    List<String> required = changes.requiredApprovals();
    if (required.isEmpty()) {
      return List.of();
    }
    List<SignOff> given;
    try (RunJournal j = RunJournal.open(workspace)) {
      given = j.signOffs(changeId);
    }
    List<Approval> out = new ArrayList<>();
    for (String role : required) {
      out.add(
          new Approval(
              role, given.stream().filter(s -> s.item().equals(role)).findFirst().orElse(null)));
    }
    return out;
  }

  /** Records an approval for the exact pending scripts; an edited script needs approving again. */
  public SignOff approve(String role, String operator, String note, String to) throws SQLException {
    List<String> required = changes.requiredApprovals();
    if (!required.contains(role)) {
      throw new IllegalArgumentException(
          "No approval '" + role + "' in ferry-change.yaml; it asks for: " + required);
    }
    if (operator == null || operator.isBlank()) {
      throw new IllegalArgumentException("An approval needs the name of who gives it");
    }
    SignOff s = new SignOff(changes.changeId(to), role, operator.strip(), Instant.now(), note);
    try (RunJournal j = RunJournal.open(workspace)) {
      j.signOff(s);
      j.event(journalKey(), "approve", role, operator.strip() + " for " + s.runId());
    }
    return s;
  }

  /** The queries of the project's {@code perf/} folder. */
  public List<Path> perfQueries() {
    return QueryBaselines.queries(changes.folder().resolve("perf"));
  }

  /** Where this target's performance baseline is kept in the workspace. */
  Path perfBaselineFile() {
    String hash =
        Integer.toHexString(target.url().hashCode() & 0x7fffffff); // several targets, one name
    return workspace.resolve("perf").resolve(target.name() + "-" + hash + ".json");
  }

  /** Times the perf/ queries now and keeps the timings as this target's baseline. */
  public List<QueryTiming> recordPerformanceBaseline() throws SQLException, IOException {
    List<QueryTiming> t;
    try (var c = target.open()) {
      t = QueryBaselines.measure(c, perfQueries(), PERF_RUNS);
    }
    QueryBaselines.save(t, perfBaselineFile());
    record(
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
    return t;
  }

  /** Times the perf/ queries now against the recorded baseline and their declared limits. */
  public List<PerfComparison> comparePerformance() throws SQLException, IOException {
    List<Path> queries = perfQueries();
    if (queries.isEmpty()) {
      return List.of();
    }
    try (var c = target.open()) {
      return QueryBaselines.compare(
          QueryBaselines.load(perfBaselineFile()), QueryBaselines.measure(c, queries, PERF_RUNS));
    }
  }

  /** Applies the pending migrations once every approval is given; refuses otherwise. */
  public int migrate(String to) throws SQLException {
    String changeId = changes.changeId(to);
    List<Approval> approvals = approvalsFor(changeId);
    List<String> missing =
        approvals.stream().filter(a -> !a.approved()).map(Approval::role).toList();
    if (!missing.isEmpty()) {
      throw new RefusedException(
          "The pending scripts need approval by "
              + String.join(", ", missing)
              + " before migrate (ferry change approve --role <role> --operator <name>); approvals"
              + " are for these exact scripts: an edited script needs approving again");
    }
    List<String> pending =
        changes.info().stream()
            .filter(r -> r.state().equals("Pending"))
            .filter(r -> to == null || r.version() == null || compare(r.version(), to) <= 0)
            .map(r -> r.version() == null ? r.description() : "V" + r.version())
            .toList();
    if (!perfQueries().isEmpty()) {
      // seed 002: record the queries' performance before the change, to compare after it
      try {
        recordPerformanceBaseline();
      } catch (IOException e) {
        throw new FerryException("Cannot save the performance baseline: " + e.getMessage(), e);
      }
    }
    int n;
    try {
      n = changes.migrate(to);
    } catch (RuntimeException e) {
      record("migrate-failed", String.join(", ", pending), e.getMessage());
      throw e;
    }
    record(
        "migrate",
        String.join(", ", pending),
        n
            + " migrations applied on "
            + target
            + " ("
            + changeId
            + ")"
            + (approvals.isEmpty()
                ? ""
                : "; approved by "
                    + String.join(
                        ", ",
                        approvals.stream()
                            .map(a -> a.role() + " (" + a.given().operator() + ")")
                            .toList())));
    return n;
  }

  /** Runs the undo scripts back to {@code to} (staged: new tables kept in a backup schema). */
  public List<SchemaChanges.UndoStep> undo(String to, boolean staged) throws SQLException {
    List<SchemaChanges.UndoStep> done = staged ? changes.stagedUndo(to) : changes.undo(to);
    for (var step : done) {
      record(
          staged ? "undo-staged" : "undo",
          "V" + step.version(),
          step.script()
              + " on "
              + target
              + (staged ? "; new tables kept in " + changes.lastBackupSchema() : ""));
    }
    return done;
  }

  /** Backs up the target with pg_dump into {@code dir} (null: the workspace's backups). */
  public Backup backup(Path dir) throws SQLException, IOException {
    Backup b = Backups.backup(target, dir != null ? dir : backupDir());
    record("backup", b.file(), b.bytes() + " bytes, sha256 " + b.sha256());
    return b;
  }

  public TrialRestore trialRestore(Backup b) throws SQLException, IOException {
    TrialRestore t = Backups.trialRestore(target, Path.of(b.file()));
    record(
        "trial-restore",
        b.file(),
        t.ok() ? "restored and every table matches" : "FAILED: " + t.problems() + " " + t.tables());
    return t;
  }

  public void restore(Path backup) throws SQLException, IOException {
    Backups.restore(target, backup);
    record("restore", backup.toString(), "restored into " + target);
  }

  /** This target's backups in the workspace, newest first. */
  public List<Backup> backups() throws IOException {
    return Manifests.list(backupDir()).stream()
        .filter(b -> b.database().equals(target.name()))
        .toList();
  }

  /** Everything recorded for this target's schema changes, oldest first. */
  public List<JournalEvent> history() throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.eventLog(journalKey());
    }
  }

  /** The state of the target and the project, gathered for a report. */
  public ChangeReport report(String to) throws SQLException, IOException {
    List<MigrationRow> info = changes.info();
    List<JournalEvent> history = history();
    // nothing pending: the approvals shown are those of the last migrate
    String changeId = changes.changeId(to);
    if (info.stream().noneMatch(r -> r.state().equals("Pending"))) {
      for (JournalEvent e : history) {
        var m = Pattern.compile("\\((change-[0-9a-f]+)\\)").matcher(e.message());
        if (e.kind().equals("migrate") && m.find()) {
          changeId = m.group(1);
        }
      }
    }
    return new ChangeReport(
        target.toString(),
        changes.folder().toString(),
        changes.schema(),
        Instant.now(),
        info,
        changeId,
        approvalsFor(changeId),
        history,
        backups(),
        changes.verify(),
        changes.rlsAudit(),
        changes.internalAccess(),
        comparePerformance());
  }

  private void record(String kind, String object, String message) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      j.event(journalKey(), kind, object, message);
    }
  }

  private static int compare(String a, String b) {
    return MigrationVersion.fromVersion(a).compareTo(MigrationVersion.fromVersion(b));
  }
}
