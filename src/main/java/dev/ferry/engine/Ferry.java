package dev.ferry.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.assess.Assessment;
import dev.ferry.engine.assess.AssessmentContext;
import dev.ferry.engine.assess.Assessor;
import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.backup.Backups;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.checklist.Evidence;
import dev.ferry.engine.checklist.EvidenceCollector;
import dev.ferry.engine.connect.ConnectionCheck;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.ConnectionTester;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ValidationEvidence;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.journal.RunProvenance;
import dev.ferry.engine.journal.RunRecord;
import dev.ferry.engine.journal.SignOff;
import dev.ferry.engine.journal.ThroughputSample;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.Planner;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.SourceChange;
import dev.ferry.engine.plan.SourceRef;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.plan.TargetRef;
import dev.ferry.engine.schema.Rehearsal;
import dev.ferry.engine.schema.SchemaScript;
import dev.ferry.engine.schema.TargetTypes;
import dev.ferry.engine.validate.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The engine's front door. Configure once, then ask: {@link #inspect()}, {@link #plan()}, {@link
 * #ddl(MigrationPlan)}, {@link #migrate}, {@link #resume}, {@link #validate}. Each returns a plain
 * result value; progress goes to the listener given.
 *
 * <pre>{@code
 * Ferry ferry = Ferry.configure().source(ConnectionSpec.parse("jdbc:sqlite:/data/app.db"))
 *     .target(ConnectionSpec.parse("jdbc:postgresql://db/app?user=dba")).load();
 * MigrationResult r = ferry.migrate(ferry.plan(), listener, new AtomicBoolean());
 * }</pre>
 */
public final class Ferry {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ferry.class);
  private final List<ConnectionSpec> sources;
  private final ConnectionSpec target;
  private final String targetSchema;
  private final List<String> sourceSchemas;
  private final Settings settings;
  private final Path workspace;

  /**
   * The catalogs {@link #plan()} read last, each with its source's schema mark: a migration of that
   * plan uses a source's catalog again instead of reading it twice (for SQLite a count of every
   * table and a walk of every page) when the source's schema has not changed since.
   */
  private volatile Map<String, PreFlight.Known> lastRead = Map.of();

  private Ferry(Builder b) {
    this.sources = uniqueNames(b.sources);
    this.target = b.target;
    this.targetSchema = b.targetSchema == null ? "public" : b.targetSchema;
    this.sourceSchemas = List.copyOf(b.sourceSchemas);
    this.settings = b.settings == null ? Settings.defaults() : b.settings;
    this.workspace = b.workspace == null ? defaultWorkspace() : b.workspace;
  }

  public static Builder configure() {
    return new Builder();
  }

  /** {@code $FERRY_HOME}, or {@code ~/.ferry}. */
  public static Path defaultWorkspace() {
    String home = System.getenv("FERRY_HOME");
    return home != null && !home.isBlank()
        ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".ferry");
  }

  public Path workspace() {
    return workspace;
  }

  public List<ConnectionSpec> sources() {
    return sources;
  }

  public ConnectionSpec target() {
    return target;
  }

  /** Two SQLite files called app.db in different folders must not share a source name. */
  private static List<ConnectionSpec> uniqueNames(List<ConnectionSpec> specs) {
    Set<String> used = new HashSet<>();
    List<ConnectionSpec> out = new ArrayList<>();
    for (ConnectionSpec s : specs) {
      String name = s.name();
      int n = 1;
      while (!used.add(name)) {
        name = s.name() + "_" + (++n);
      }
      out.add(
          name.equals(s.name())
              ? s
              : new ConnectionSpec(s.kind(), s.url(), s.user(), s.password(), name));
    }
    return out;
  }

  private Map<String, ConnectionSpec> sourcesByName() {
    Map<String, ConnectionSpec> m = new LinkedHashMap<>();
    for (ConnectionSpec s : sources) {
      m.put(s.name(), s);
    }
    return m;
  }

  /** Tests the target connection (version, user, encoding, CREATE on the target schema). */
  public ConnectionCheck testTarget() throws SQLException {
    return ConnectionTester.test(requireTarget(), targetSchema);
  }

  public ConnectionCheck testSource(int index) throws SQLException {
    return ConnectionTester.test(sources.get(index), null);
  }

  private ConnectionSpec requireTarget() {
    if (target == null) {
      throw new FerryException(
          "No target given: pass --target jdbc:postgresql://host:port/db?user=…");
    }
    return target;
  }

  /** Introspects every source. */
  public Map<String, SourceCatalog> inspect() throws SQLException {
    Map<String, SourceCatalog> out = new LinkedHashMap<>();
    for (ConnectionSpec s : sources) {
      try (Connection c = Sessions.openSource(s)) {
        out.put(s.name(), Dialects.of(s.kind()).introspect(c, s.name(), sourceSchemas));
      }
    }
    return out;
  }

  /** The default plan for these sources and target, with the data profiled where types lie. */
  public MigrationPlan plan() throws SQLException {
    List<Connection> connections = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      // a plan never needs the tables' sizes (measuring them reads whole SQLite files)
      List<Planner.Source> opened = openSources(connections, true);
      long t1 = System.nanoTime();
      MigrationPlan plan = Planner.plan(opened, targetRef(), settings);
      Map<String, PreFlight.Known> read = new LinkedHashMap<>();
      for (Planner.Source src : opened) {
        String mark = src.dialect().schemaMark(src.connection());
        if (mark != null) {
          read.put(src.ref().name(), new PreFlight.Known(src.catalog(), mark, System.nanoTime()));
        }
      }
      lastRead = Map.copyOf(read);
      LOG.debug(
          "planned {} tables: sources opened and introspected in {} ms, data profile and types in"
              + " {} ms",
          plan.tables().size(),
          (t1 - t0) / 1_000_000,
          (System.nanoTime() - t1) / 1_000_000);
      return plan;
    } finally {
      closeAll(connections);
    }
  }

  /**
   * Runs the pre-checks on the sources (and the target, when one is given) for the default plan:
   * inventory, foreign-key levels, name conflicts, integrity, type risks in the data, readiness.
   */
  public Assessment assess() throws SQLException {
    List<Connection> connections = new ArrayList<>();
    try {
      List<Planner.Source> opened = openSources(connections, false);
      Map<String, SourceCatalog> catalogs = new LinkedHashMap<>();
      Map<String, Dialect> dialects = new LinkedHashMap<>();
      Map<String, Connection> open = new LinkedHashMap<>();
      for (Planner.Source s : opened) {
        catalogs.put(s.ref().name(), s.catalog());
        dialects.put(s.ref().name(), s.dialect());
        open.put(s.ref().name(), s.connection());
      }
      MigrationPlan plan = Planner.plan(opened, targetRef(), settings);
      Connection t = null;
      if (target != null) {
        t = target.open();
        connections.add(t);
      }
      return Assessor.assess(
          new AssessmentContext(plan, catalogs, dialects, open, sourcesByName(), t));
    } finally {
      closeAll(connections);
    }
  }

  /**
   * Opens and introspects every source ({@code forLoad}: {@link Dialect#introspectForLoad}); the
   * connections go into {@code opened} for closing.
   */
  private List<Planner.Source> openSources(List<Connection> opened, boolean forLoad)
      throws SQLException {
    if (sources.isEmpty()) {
      throw new FerryException(
          "No source given: pass --source jdbc:sqlite:/path/file.db (or a PostgreSQL/MySQL URL)");
    }
    List<Planner.Source> out = new ArrayList<>();
    for (ConnectionSpec s : sources) {
      Connection c = Sessions.openSource(s);
      opened.add(c);
      var d = Dialects.of(s.kind());
      List<String> schemas = d.hasSchemas() ? sourceSchemas : List.of();
      out.add(
          new Planner.Source(
              new SourceRef(s.name(), s.url(), schemas),
              forLoad
                  ? d.introspectForLoad(c, s.name(), sourceSchemas)
                  : d.introspect(c, s.name(), sourceSchemas),
              d,
              c,
              s));
    }
    return out;
  }

  private TargetRef targetRef() {
    return new TargetRef(target == null ? null : target.url(), targetSchema);
  }

  static void closeAll(List<Connection> connections) throws SQLException {
    for (Connection c : connections) {
      c.close();
    }
  }

  /** The DDL the plan would run, without touching the target. */
  public SchemaScript ddl(MigrationPlan plan) throws SQLException {
    MigrationRunner r = runner(plan, MigrationListener.NONE, new AtomicBoolean());
    return r.schema(r.introspect());
  }

  /**
   * The plan's DDL rehearsed on the target in a transaction that is rolled back: each statement
   * with what PostgreSQL made of it. Nothing is written.
   */
  public List<Rehearsal.Outcome> rehearse(MigrationPlan plan) throws SQLException {
    ConnectionSpec t = target != null ? target : ConnectionSpec.parse(plan.target().url());
    SchemaScript script = ddl(plan);
    try (Connection c = t.open()) {
      return Rehearsal.run(c, plan, script);
    }
  }

  /**
   * The type names the target does not know, among those given (a plan's edited column types), each
   * with why and the closest names it has.
   */
  public Map<String, String> unknownTargetTypes(MigrationPlan plan, Collection<String> types)
      throws SQLException {
    ConnectionSpec t = target != null ? target : ConnectionSpec.parse(plan.target().url());
    try (Connection c = t.open()) {
      return TargetTypes.unknown(c, types);
    }
  }

  /**
   * What discarding a failed or interrupted run would drop on its target (its tables, views, types,
   * its schema when it made it, and anything of others that depends on them). Nothing is dropped.
   */
  public DiscardPlan discardPlan(String runId) throws SQLException {
    return new RunDiscard(workspace, target).plan(runId);
  }

  /**
   * Drops what {@link #discardPlan} said, in one transaction (refused when the target changed
   * since), and closes the run so that it cannot be resumed: a corrected plan starts over clean.
   */
  public void discard(DiscardPlan plan) throws SQLException {
    new RunDiscard(workspace, target).discard(plan, RunProvenance.operator());
  }

  /** Runs a plan: schema, data, constraints and (if the plan says so) validation. */
  public MigrationResult migrate(
      MigrationPlan plan, MigrationListener listener, AtomicBoolean cancel)
      throws SQLException, IOException {
    Map<String, SourceCatalog> catalogs = new LinkedHashMap<>();
    ConnectionSpec t = target != null ? target : ConnectionSpec.parse(plan.target().url());
    Map<String, ConnectionSpec> specs = specsOf(plan);
    // the sources' whole-file integrity checks run beside the load, not before it
    long t0 = System.nanoTime();
    PreFlight.requireNoOpenBlockers(
        plan,
        PreFlight.assess(
            plan, specs, t, true, catalogs, true, lastRead)); // also fills in the catalogs
    LOG.debug("pre-flight checks in {} ms", (System.nanoTime() - t0) / 1_000_000);
    // the sources were introspected (and checked against the plan) for the pre-flight: reuse that
    try (SourceIntegrity integrity = new SourceIntegrity(specs)) {
      return runner(plan, listener, cancel).withIntegrity(integrity).run(null, catalogs);
    }
  }

  /**
   * The assessment of a given plan (its sources, target and settings); with {@code blockersOnly}
   * just the checks that can block a run.
   */
  public Assessment assess(MigrationPlan plan, boolean blockersOnly) throws SQLException {
    return assess(plan, blockersOnly, new LinkedHashMap<>());
  }

  private Assessment assess(
      MigrationPlan plan, boolean blockersOnly, Map<String, SourceCatalog> catalogs)
      throws SQLException {
    ConnectionSpec t =
        target != null
            ? target
            : plan.target().url() == null ? null : ConnectionSpec.parse(plan.target().url());
    return PreFlight.assess(plan, specsOf(plan), t, blockersOnly, catalogs);
  }

  /**
   * Resumes an interrupted, failed or killed run ({@code runId} null: the latest one). Committed
   * chunks are skipped; the rest is loaded again, so the target ends with exactly the source's
   * rows.
   */
  public MigrationResult resume(String runId, MigrationListener listener, AtomicBoolean cancel)
      throws SQLException, IOException {
    return resume(runId, null, listener, cancel);
  }

  /**
   * Resumes a run as {@link #resume(String, MigrationListener, AtomicBoolean)}; {@code
   * onSourceChange} (null: as the run's plan says) decides what happens to tables whose source
   * changed in ranges already loaded.
   */
  public MigrationResult resume(
      String runId, SourceChange onSourceChange, MigrationListener listener, AtomicBoolean cancel)
      throws SQLException, IOException {
    RunRecord run = PastRuns.resumable(workspace, runId);
    MigrationPlan plan = PlanFile.fromYaml(run.planYaml());
    if (onSourceChange != null) {
      Settings.Builder b = plan.settings().toBuilder();
      b.onSourceChange = onSourceChange;
      plan = plan.withSettings(b.build());
    }
    Map<String, ConnectionSpec> specs = new LinkedHashMap<>();
    for (SourceRef ref : plan.sources()) {
      ConnectionSpec given = sourcesByName().get(ref.name());
      ConnectionSpec s = given != null ? given : ConnectionSpec.parse(ref.url());
      specs.put(
          ref.name(), new ConnectionSpec(s.kind(), s.url(), s.user(), s.password(), ref.name()));
    }
    ConnectionSpec t = target != null ? target : ConnectionSpec.parse(plan.target().url());
    MigrationRunner r = new MigrationRunner(plan, specs, t, workspace, listener, cancel);
    // checked again: a run that stopped before its check passed (or because it failed) must not
    // end SUCCEEDED on a resume
    try (SourceIntegrity integrity = new SourceIntegrity(specs)) {
      return r.withIntegrity(integrity).run(run.runId(), null);
    }
  }

  /**
   * Validates a plan's tables without loading anything, and reads the planned objects back from the
   * target against the ledger of the newest run into it (the schema section).
   */
  public ValidationReport validate(
      MigrationPlan plan, MigrationListener listener, AtomicBoolean cancel)
      throws SQLException, InterruptedException {
    MigrationRunner r = runner(plan, listener, cancel);
    Map<String, SourceCatalog> catalogs = r.introspect();
    ValidationReport rows =
        new Validator(plan, sourcesByName(), requireTarget(), catalogs, listener, cancel)
            .validate(PastRuns.latestRejects(workspace, plan));
    ValidationReport report =
        r.withSchemaSection(rows, catalogs, PastRuns.latestObjects(workspace, plan));
    recordValidation(plan, report);
    return report;
  }

  /**
   * Keeps a validation as the newest evidence of the newest finished run into the same target
   * schema, when it covered exactly that run's tables: from then on the run's result, checklist and
   * report say what it found (the run's own validation kept, marked superseded).
   */
  private void recordValidation(MigrationPlan plan, ValidationReport report) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      Optional<RunRecord> run = PastRuns.latestInto(j, plan);
      if (run.isEmpty() || j.resultJson(run.get().runId()).isEmpty()) {
        return;
      }
      Set<String> ran =
          PlanFile.fromYaml(run.get().planYaml()).targetTables().stream()
              .map(TablePlan::target)
              .collect(Collectors.toSet());
      Set<String> validated =
          plan.targetTables().stream().map(TablePlan::target).collect(Collectors.toSet());
      if (ran.equals(validated)) {
        j.validation(
            run.get().runId(),
            new RunJournal.StoredValidation(
                Instant.now(),
                ValidationEvidence.BY_VALIDATE,
                RESULT_JSON.writeValueAsString(report)));
      }
    } catch (IOException e) {
      throw new FerryException("The validation could not be kept in the journal: " + e, e);
    }
  }

  /**
   * A finished run's result as the newest validation of its target says: the validation replaced by
   * the newest one, the status concluded again from it, every validation in the history.
   */
  private static MigrationResult latestEvidence(RunJournal j, RunRecord run, MigrationResult stored)
      throws SQLException, IOException {
    List<RunJournal.StoredValidation> later = j.validations(stored.runId());
    boolean finished =
        switch (stored.status()) {
          case SUCCEEDED, SUCCEEDED_WITH_REJECTS, OBJECTS_FAILED, VALIDATION_FAILED -> true;
          default -> false;
        };
    if (later.isEmpty() || !finished) {
      return stored;
    }
    List<ValidationEvidence> history = new ArrayList<>();
    if (!stored.validations().isEmpty()) {
      for (ValidationEvidence e : stored.validations()) {
        history.add(new ValidationEvidence(e.at(), e.by(), e.ok(), e.summary(), true));
      }
    } else if (stored.validation() != null) {
      history.add(
          new ValidationEvidence(
              run.finishedAt(),
              ValidationEvidence.BY_RUN,
              stored.validation().ok(),
              stored.validation().summary(),
              true));
    }
    ValidationReport latest = null;
    for (int i = 0; i < later.size(); i++) {
      ValidationReport v = RESULT_JSON.readValue(later.get(i).reportJson(), ValidationReport.class);
      history.add(
          new ValidationEvidence(
              later.get(i).at(), later.get(i).by(), v.ok(), v.summary(), i < later.size() - 1));
      latest = v;
    }
    Verdict verdict = Verdict.of(stored.rowsRejected(), stored.failedObjects(), latest);
    return stored.withLatestValidation(latest, verdict.status(), verdict.message(), history);
  }

  /**
   * What a finished run stored in the journal (its result JSON), if it got that far — as the newest
   * validation of its target says (a later {@code validate} replaces the run's own, which stays in
   * {@link MigrationResult#validations()} marked superseded).
   */
  public Optional<MigrationResult> result(String runId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      Optional<String> json = j.resultJson(runId);
      if (json.isEmpty()) {
        return Optional.empty();
      }
      try {
        MigrationResult stored = RESULT_JSON.readValue(json.get(), MigrationResult.class);
        RunRecord run = j.run(runId).orElseThrow();
        return Optional.of(latestEvidence(j, run, stored));
      } catch (IOException e) {
        throw new FerryException(
            "The journal's result of run " + runId + " is unreadable: " + e.getMessage(), e);
      }
    }
  }

  /** Records an operator's sign-off of a checklist item in the run journal. */
  public void signOff(SignOff s) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      j.signOff(s);
    }
  }

  /**
   * A run's timeline from the journal: when each table loaded and when each of its keys, indexes
   * and other DDL ran (a resumed run shows the part done after the resume for a table it finished
   * then).
   */
  public List<MigrationEvent.Span> timeline(String runId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.spans(runId);
    }
  }

  /** What a run moved, window by window, as recorded while it ran (its throughput chart). */
  public List<ThroughputSample> throughput(String runId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.throughput(runId);
    }
  }

  /** Where a run came from and went to, who started (and resumed) it and when. */
  public RunProvenance provenance(String runId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      RunRecord run =
          j.run(runId)
              .orElseThrow(
                  () -> new FerryException("No run " + runId + " in the journal at " + workspace));
      return RunProvenance.of(j, run, PlanFile.fromYaml(run.planYaml()));
    }
  }

  public List<SignOff> signOffs(String runId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.signOffs(runId);
    }
  }

  /** The evidence for checklist proofs: from the run's result and by asking the target. */
  public Map<String, Evidence> evidence(MigrationResult result, MigrationPlan plan) {
    return EvidenceCollector.collect(result, plan, target, workspace);
  }

  private static final ObjectMapper RESULT_JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Backs up, before anything is written, every SQLite source (a compressed copy) and the target
   * database (pg_dump) into {@code <workspace>/backups}, each with a SHA-256 manifest. PostgreSQL
   * and MySQL sources are only read by Ferry and are not backed up here.
   */
  public List<Backup> backUp(MigrationPlan plan) throws SQLException, IOException {
    Path dir = Backups.dir(workspace);
    List<Backup> out = new ArrayList<>();
    for (var s : plan.sources()) {
      ConnectionSpec source = ConnectionSpec.parse(s.url());
      if (Backups.backsUpSource(source)) {
        out.add(Backups.backup(source, dir));
      }
    }
    ConnectionSpec t =
        target != null
            ? target
            : plan.target().url() == null ? null : ConnectionSpec.parse(plan.target().url());
    if (t != null) {
      out.add(Backups.backup(t, dir));
    }
    return out;
  }

  /** Past runs, newest first. */
  public List<RunRecord> runs() throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.runs();
    }
  }

  private MigrationRunner runner(
      MigrationPlan plan, MigrationListener listener, AtomicBoolean cancel) {
    ConnectionSpec t = target != null ? target : ConnectionSpec.parse(plan.target().url());
    return new MigrationRunner(plan, specsOf(plan), t, workspace, listener, cancel);
  }

  /**
   * The connections of a plan's sources: the ones given, else the plan's URLs (passwords from the
   * environment).
   */
  private Map<String, ConnectionSpec> specsOf(MigrationPlan plan) {
    Map<String, ConnectionSpec> byName = sourcesByName();
    for (SourceRef ref : plan.sources()) {
      if (!byName.containsKey(ref.name())) {
        byName.put(ref.name(), ConnectionSpec.parse(ref.url()));
      }
    }
    return byName;
  }

  /** Configuration of a {@link Ferry}. */
  public static final class Builder {
    private final List<ConnectionSpec> sources = new ArrayList<>();
    private ConnectionSpec target;
    private String targetSchema;
    private final List<String> sourceSchemas = new ArrayList<>();
    private Settings settings;
    private Path workspace;

    public Builder source(ConnectionSpec s) {
      sources.add(s);
      return this;
    }

    public Builder target(ConnectionSpec t) {
      target = t;
      return this;
    }

    public Builder targetSchema(String s) {
      targetSchema = s;
      return this;
    }

    public Builder sourceSchemas(List<String> s) {
      sourceSchemas.addAll(s);
      return this;
    }

    public Builder settings(Settings s) {
      settings = s;
      return this;
    }

    public Builder workspace(Path p) {
      workspace = p;
      return this;
    }

    public Ferry load() {
      return new Ferry(this);
    }
  }
}
