package dev.ferry.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.copy.Checkpoints;
import dev.ferry.engine.copy.ErrorBudgetExceededException;
import dev.ferry.engine.copy.LoadPhase;
import dev.ferry.engine.copy.RejectLog;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.SqlStates;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.core.ValidationEvidence;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.journal.Ledger;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.journal.RunProvenance;
import dev.ferry.engine.plan.DroppedDefaults;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanCheck;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.SourceRef;
import dev.ferry.engine.plan.SourceTables;
import dev.ferry.engine.schema.Analyze;
import dev.ferry.engine.schema.ConstraintsPhase;
import dev.ferry.engine.schema.DdlRunner;
import dev.ferry.engine.schema.IdentityReset;
import dev.ferry.engine.schema.OverlappedKeys;
import dev.ferry.engine.schema.SchemaBuilder;
import dev.ferry.engine.schema.SchemaPhase;
import dev.ferry.engine.schema.SchemaScript;
import dev.ferry.engine.schema.TargetPolicy;
import dev.ferry.engine.validate.SchemaSection;
import dev.ferry.engine.validate.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conducts a migration plan through its phases — schema, load, constraints (with identity reset and
 * ANALYZE), validation — journaled so that a run killed at any point resumes where it stopped. Each
 * phase is a class in the package of its subject; this class decides their order, what a resume
 * skips, and the run's status. One instance per run.
 */
final class MigrationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final MigrationPlan plan;
  private final Map<String, ConnectionSpec> sources;
  private final ConnectionSpec target;
  private final Path workspace;
  private final MigrationListener listener;
  private final AtomicBoolean cancelled;
  private final RunLog log;
  private String runId;
  private RunJournal journal;
  private SourceIntegrity integrity = SourceIntegrity.none();

  MigrationRunner(
      MigrationPlan plan,
      Map<String, ConnectionSpec> sources,
      ConnectionSpec target,
      Path workspace,
      MigrationListener listener,
      AtomicBoolean cancelled) {
    this.plan = plan;
    this.sources = sources;
    this.target = target;
    this.workspace = workspace;
    this.listener = listener;
    this.cancelled = cancelled;
    this.log = new RunLog(listener);
  }

  /** This runner with the sources' integrity checks to run beside its schema and data phases. */
  MigrationRunner withIntegrity(SourceIntegrity checks) {
    this.integrity = checks;
    return this;
  }

  /**
   * The run's listener that also keeps each {@link MigrationEvent.Span} and the throughput in the
   * journal and starts a loaded table's key and index builds.
   */
  private MigrationListener timeline(
      RunJournal j, String id, AtomicReference<OverlappedKeys> overlap) {
    ThroughputRecorder throughput = new ThroughputRecorder(j, id);
    return e -> {
      throughput.onEvent(e);
      if (e instanceof MigrationEvent.TableFinished f && f.phase() == Phase.DATA) {
        OverlappedKeys keys = overlap.get();
        if (keys != null) {
          keys.tableLoaded(f.table());
        }
      }
      if (e instanceof MigrationEvent.Span span) {
        try {
          j.span(id, span);
        } catch (SQLException ex) {
          LOG.warn("the timeline lost a span of {}: {}", span.table(), ex.getMessage());
        }
      }
      listener.onEvent(e);
    };
  }

  static String newRunId() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-"
        + Long.toString(System.nanoTime() & 0xfffff, 36);
  }

  /**
   * The catalogs of all sources, introspected fresh (without the tables' sizes, which nothing after
   * planning needs) and checked against the plan.
   */
  Map<String, SourceCatalog> introspect() throws SQLException {
    Map<String, SourceCatalog> catalogs = new LinkedHashMap<>();
    for (SourceRef ref : plan.sources()) {
      ConnectionSpec spec = sources.get(ref.name());
      if (spec == null) {
        throw new IllegalStateException(
            "No connection for source '" + ref.name() + "' of the plan");
      }
      try (Connection c = Sessions.openSource(spec)) {
        catalogs.put(
            ref.name(), Dialects.of(spec.kind()).introspectForLoad(c, ref.name(), ref.schemas()));
      }
    }
    PlanCheck.requireMatches(plan, catalogs);
    return catalogs;
  }

  SchemaScript schema(Map<String, SourceCatalog> catalogs) {
    for (DroppedDefaults.Dropped d : DroppedDefaults.of(plan, catalogs)) {
      log.warn(d.message());
    }
    return new SchemaBuilder(plan, catalogs, log::warn).build();
  }

  /**
   * @param resumeRunId the run to resume, or null for a new run
   * @param known the sources' catalogs, already introspected and checked against the plan, or null
   *     to introspect them now
   */
  MigrationResult run(String resumeRunId, Map<String, SourceCatalog> known)
      throws SQLException, IOException {
    SourceTables tables = new SourceTables(plan, known != null ? known : introspect());
    SchemaScript script = schema(tables.catalogs());
    try (Connection admin = Sessions.openTarget(target, plan.target().schema());
        RunJournal j = RunJournal.open(workspace)) {
      this.journal = j;
      Set<Phase> done = Set.of();
      if (resumeRunId == null) {
        TargetPolicy.check(admin, plan);
        runId = newRunId();
        j.createRun(runId, PlanFile.toYaml(plan));
        j.event(runId, RunProvenance.STARTED_BY, RunProvenance.operator(), "started the run");
        for (Waiver w : plan.waivers()) {
          j.event(
              runId,
              "waiver",
              w.finding() + " " + w.object(),
              w.reason() + (w.by() == null ? "" : " (by " + w.by() + ")"));
        }
      } else {
        runId = resumeRunId;
        j.claim(runId);
        j.event(runId, RunProvenance.RESUMED_BY, RunProvenance.operator(), "resumed the run");
        done = j.phasesDone(runId);
      }
      log.attach(j, runId);
      Path runDir = workspace.resolve("runs").resolve(runId);
      PrivateFiles.folder(runDir);
      AtomicReference<OverlappedKeys> overlap = new AtomicReference<>();
      MigrationListener timed = timeline(j, runId, overlap);
      PhaseClock clock = new PhaseClock(timed, j, runId);
      DdlRunner ddl = new DdlRunner(timed, log::warn, log::record);
      LoadPhase load = new LoadPhase(tables, sources, target, runId, j, timed, cancelled);
      RunStatus status = RunStatus.FAILED;
      String message = null;
      ValidationReport validation = null;
      List<TableResult> tableResults = List.of();
      try (RejectLog rejects =
          new RejectLog(runDir.resolve("rejects"), plan.settings().errorBudget(), listener)) {
        try {
          integrity.start();
          if (!done.contains(Phase.SCHEMA)) {
            int statements = script.prelude().size() + script.tables().size();
            clock.time(
                Phase.SCHEMA,
                statements,
                () -> new SchemaPhase(tables, j, runId, ddl, log::warn).run(admin, script));
            j.phase(runId, Phase.SCHEMA, "DONE");
          }
          Set<String> built = Set.of();
          Set<String> fksBuilt = Set.of();
          if (!done.contains(Phase.DATA)) {
            // each table's keys and indexes build as soon as its last chunk commits
            try (OverlappedKeys keys =
                new OverlappedKeys(
                    plan, target, script, j.events(runId, "created", true), ddl, cancelled)) {
              overlap.set(keys);
              try {
                tableResults =
                    clock.time(Phase.DATA, tables.totalRows(), () -> load.run(admin, rejects));
              } finally {
                overlap.set(null);
              }
              j.phase(runId, Phase.DATA, "DONE");
              built = keys.await();
              fksBuilt = keys.foreignKeysDone();
            }
          } else {
            // loaded before the stop: never loaded again, whatever the target's chunk markers
            // say (a run stopped after it cleared them would load everything twice)
            tableResults = load.loaded(admin, rejects);
          }
          // nothing after the data phase until the sources passed their integrity checks
          integrity.require(runId);
          if (!done.contains(Phase.CONSTRAINTS)) {
            int statements =
                script.keys().size() + script.indexes().size() + script.foreignKeys().size();
            Set<String> builtWhileLoading = built;
            Set<String> fksWhileLoading = fksBuilt;
            clock.time(
                Phase.CONSTRAINTS,
                statements,
                () -> constraints(admin, script, tables, ddl, builtWhileLoading, fksWhileLoading));
            j.phase(runId, Phase.CONSTRAINTS, "DONE");
          }
          // the ledger is complete once the constraints are done; validation only reads it
          List<LedgerEntry> ledger = Ledger.read(j, runId);
          List<LedgerEntry> failed = Ledger.failed(ledger);
          if (plan.settings().validate()) {
            validation =
                clock.time(
                    Phase.VALIDATE,
                    tables.totalRows(),
                    () -> validate(admin, script, tables, rejects, j, ledger));
          }
          Checkpoints.clear(admin, runId);
          Verdict verdict = Verdict.of(rejects.total(), failed, validation);
          status = verdict.status();
          message = verdict.message();
        } catch (InterruptedException e) {
          status = RunStatus.INTERRUPTED;
          message = "cancelled; resume with: ferry migrate --resume " + runId;
        } catch (ErrorBudgetExceededException e) {
          status = RunStatus.FAILED;
          message = e.getMessage();
        } catch (SQLException | RuntimeException e) {
          status = cancelled.get() ? RunStatus.INTERRUPTED : RunStatus.FAILED;
          message =
              FerryException.describe(e)
                  + (SqlStates.isResumable(e)
                      ? "; resume with: ferry migrate --resume " + runId
                      : "; a resume would meet the same error: fix the cause, then run again");
          // the message says what happened; the stack trace is for the bug report, not the screen
          log.failure(runDir, e);
        }
        MigrationResult result =
            new MigrationResult(
                runId,
                status,
                message,
                tableResults,
                clock.seconds(),
                log.warnings(),
                rejects.total(),
                load.cleanedValues(),
                load.nulledValues(),
                rejects.total() > 0 ? rejects.directory().toString() : null,
                ddlAsRun(script, Ledger.read(j, runId)),
                plan.waivers(),
                validation,
                Ledger.read(j, runId),
                validation == null
                    ? List.of()
                    : List.of(
                        new ValidationEvidence(
                            Instant.now(),
                            ValidationEvidence.BY_RUN,
                            validation.ok(),
                            validation.summary(),
                            false)));
        String json = JSON.writeValueAsString(result);
        PrivateFiles.writeString(runDir.resolve("result.json"), json);
        j.finish(runId, status, message, json);
        return result;
      }
    }
  }

  /**
   * The run's DDL as it went: a statement the target refused carries a {@code -- FAILED:} comment
   * with PostgreSQL's reason, so no listing shows it as if it ran.
   */
  static List<String> ddlAsRun(SchemaScript script, List<LedgerEntry> ledger) {
    Map<String, String> failed = new java.util.HashMap<>();
    for (LedgerEntry e : Ledger.failed(ledger)) {
      failed.putIfAbsent(e.object(), e.detail());
    }
    return script.all().stream()
        .map(
            d ->
                failed.containsKey(d.description())
                    ? "-- FAILED: "
                        + String.valueOf(failed.get(d.description())).replace("\n", " ")
                        + "\n"
                        + d.sql()
                    : d.sql())
        .toList();
  }

  /** The rows, then the schema section: the planned objects read back from the target. */
  private ValidationReport validate(
      Connection admin,
      SchemaScript script,
      SourceTables tables,
      RejectLog rejects,
      RunJournal j,
      List<LedgerEntry> ledger)
      throws SQLException, InterruptedException {
    ValidationReport rows =
        new Validator(plan, sources, target, tables.catalogs(), listener, cancelled)
            .validate(rejects.directory(), Checkpoints.digests(admin, runId));
    SchemaSection.Findings f =
        SchemaSection.check(
            admin, plan, tables.catalogs(), script, j.events(runId, "kept", true), ledger);
    return rows.withSchema(f.problems(), f.notes());
  }

  /**
   * The schema section of a validation without a load: the planned objects read back from the
   * target against the ledger of the newest run into it ({@code run}); without one there is no
   * ledger to confirm, and the report says so.
   */
  ValidationReport withSchemaSection(
      ValidationReport rows, Map<String, SourceCatalog> catalogs, Optional<PastRuns.RunObjects> run)
      throws SQLException {
    if (run.isEmpty()) {
      return rows.withSchema(
          List.of(),
          List.of(
              "no run in this workspace loaded the target schema "
                  + plan.target().schema()
                  + ": its objects were not read back"));
    }
    try (Connection c = Sessions.openTarget(target, plan.target().schema())) {
      SchemaSection.Findings f =
          SchemaSection.check(
              c, plan, catalogs, schema(catalogs), run.get().kept(), run.get().ledger());
      return rows.withSchema(f.problems(), f.notes());
    }
  }

  /** Keys, indexes, checks, foreign keys, triggers and views; then identities and statistics. */
  private Void constraints(
      Connection admin,
      SchemaScript script,
      SourceTables tables,
      DdlRunner ddl,
      Set<String> builtWhileLoading,
      Set<String> fksWhileLoading)
      throws SQLException, InterruptedException {
    new ConstraintsPhase(plan, target, journal, runId, ddl, cancelled)
        .run(admin, script, builtWhileLoading, fksWhileLoading);
    new IdentityReset(tables, listener, log::warn, ddl).run(admin);
    Analyze.run(admin, plan, builtWhileLoading);
    return null;
  }
}
