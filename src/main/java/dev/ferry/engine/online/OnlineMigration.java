package dev.ferry.engine.online;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.LibpqConninfo;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.schema.Ddl;
import dev.ferry.engine.schema.SchemaScript;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * An online PostgreSQL → PostgreSQL migration: PostgreSQL's logical replication moves the bytes
 * server to server, Ferry makes the schema, names and records the replication objects, watches, and
 * leads the cutover. See the package documentation for the steps.
 *
 * <pre>{@code
 * OnlineMigration online = new OnlineMigration(source, target, "public", null, workspace);
 * OnlineRun run = online.start();              // BLOCKERs of preChecks() refuse
 * OnlineStatus s = online.status(run);         // initial-copy … streaming
 * Cutover c = online.cutover(run, CutoverOptions.defaults(), () -> true, System.out::println);
 * }</pre>
 */
public final class OnlineMigration {
  /** A slot holding more WAL than this on the source is said loudly. */
  public static final long RETAINED_WAL_WARNING = 1L << 30;

  private final ConnectionSpec source;
  private final ConnectionSpec target;
  private final String schema;
  private final String conninfo;
  private final Path workspace;
  private final OnlineRuns runs;

  /**
   * @param sourceConninfo how the target server reaches the source (libpq keyword/value), or null
   *     for the source's own address; the source's password is added when it has none
   */
  public OnlineMigration(
      ConnectionSpec source,
      ConnectionSpec target,
      String schema,
      String sourceConninfo,
      Path workspace) {
    // a connection that can be Ferry's target is a PostgreSQL one
    if (!source.canBeTarget() || !target.canBeTarget()) {
      throw new RefusedException(
          "Online migration runs on PostgreSQL's logical replication: the source and the target"
              + " must both be PostgreSQL (MySQL binlog sources are not supported yet; use ferry"
              + " migrate)");
    }
    this.source = source;
    this.target = target;
    this.schema = schema == null || schema.isBlank() ? "public" : schema;
    this.conninfo = conninfo(source, sourceConninfo);
    this.workspace = workspace;
    this.runs = new OnlineRuns(workspace);
  }

  /**
   * How a server reaches {@code spec}'s server (libpq): {@code given}, or the spec's own address;
   * the spec's password added when the string has none.
   */
  static String conninfo(ConnectionSpec spec, String given) {
    String info = given == null ? LibpqConninfo.of(spec).toString() : given;
    if (!info.matches("(?s).*\\bpassword\\s*=.*") && spec.password().isPresent()) {
      String pw = spec.password().reveal();
      info =
          info.matches("(?i)^postgres(ql)?://.*")
              // a URI takes it as a query parameter
              ? info
                  + (info.contains("?") ? "&" : "?")
                  + "password="
                  + java.net.URLEncoder.encode(pw, java.nio.charset.StandardCharsets.UTF_8)
              : info + " password=" + LibpqConninfo.quote(pw);
    }
    return info;
  }

  /** The pre-checks, read from both servers; nothing is changed. */
  public List<Finding> preChecks() throws SQLException {
    try (Connection s = source.open();
        Connection t = target.open()) {
      return OnlineChecks.run(s, t, schema, conninfo);
    }
  }

  /**
   * Starts: refuses on a BLOCKER of the pre-checks or a table already on the target; makes the
   * schema's tables, types and primary/unique keys on the target with Ferry's schema phase
   * (indexes, checks and foreign keys wait for the cutover: the copy goes faster without them), a
   * publication of those tables on the source and a subscription on the target that copies them and
   * then streams every change. The run is recorded before each object is made.
   */
  public OnlineRun start() throws SQLException {
    List<Finding> blockers =
        preChecks().stream().filter(f -> f.severity() == Severity.BLOCKER).toList();
    if (!blockers.isEmpty()) {
      throw new RefusedException(
          "Online migration not started: "
              + String.join(
                  "; ",
                  blockers.stream()
                      .map(f -> f.object() + ": " + f.message() + " (" + f.remedy() + ")")
                      .toList()));
    }
    String id =
        DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now())
            + "_"
            + Integer.toHexString(new SecureRandom().nextInt(0x10000));
    String name = "ferry_online_" + id;
    SchemaScript script = script();
    List<String> tables = tables(script);
    OnlineRun run =
        new OnlineRun(
            id,
            source.url(),
            target.url(),
            schema,
            tables,
            name,
            name,
            name,
            null,
            OnlineRun.State.STARTING,
            false,
            Instant.now(),
            null,
            null,
            null,
            List.of(),
            null,
            null);
    try (Connection t = target.open()) {
      // refused before anything is recorded or made: a refused start leaves no run behind
      refuseExisting(t, tables);
    }
    runs.save(run);
    try {
      return replicate(run, script);
    } catch (SQLException | RuntimeException e) {
      // what was made for replication goes again; the run says so and is not left under way
      OnlineRun failed = runs.load(run.id());
      try {
        dropReplication(failed);
        runs.save(
            failed
                .with(OnlineRun.State.ABORTED)
                .withEvent(
                    "start failed ("
                        + FerryException.describe(e)
                        + "); its publication, subscription and slot removed"));
      } catch (SQLException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
        runs.save(
            failed.withEvent(
                "start failed; removing what it made failed too: "
                    + FerryException.describe(cleanup)
                    + " — run ferry online abort "
                    + failed.id()));
      }
      throw e;
    }
  }

  /** Tables and keys on the target, the publication, the subscription; each step recorded. */
  private OnlineRun replicate(OnlineRun run, SchemaScript script) throws SQLException {
    String name = run.publication();
    List<String> tables = run.tables();
    try (Connection t = target.open()) {
      makeTables(t, script, tables);
    }
    run = run.withEvent("made " + tables.size() + " tables with their keys on the target");
    runs.save(run);
    try (Connection s = source.open();
        Statement st = s.createStatement()) {
      st.execute(
          "CREATE PUBLICATION "
              + Identifiers.quote(name)
              + " FOR TABLE "
              + String.join(", ", tables.stream().map(t -> qualified(t)).toList()));
    }
    run = run.withEvent("created publication " + name + " on the source");
    runs.save(run);
    try (Connection t = target.open();
        Statement st = t.createStatement()) {
      // the connection string may hold the source's password: keep the statement out of the
      // target server's log if it fails (a superuser may; otherwise the server's setting stands)
      quietStatementLog(st);
      st.execute(
          "CREATE SUBSCRIPTION "
              + Identifiers.quote(name)
              + " CONNECTION "
              + Identifiers.literal(conninfo)
              + " PUBLICATION "
              + Identifiers.quote(name)
              + " WITH (copy_data = true, create_slot = true, slot_name = "
              + Identifiers.literal(name)
              + ")");
      run =
          run.withSubscriptionOid(
              Long.parseLong(
                  OnlineChecks.one(
                      t,
                      "SELECT oid FROM pg_subscription WHERE subname = "
                          + Identifiers.literal(name))));
    } catch (SQLException e) {
      run = run.withEvent("creating the subscription failed: " + FerryException.describe(e));
      runs.save(run);
      throw new FerryException(
          "The subscription could not be made (" + FerryException.describe(e) + ")", e);
    }
    run =
        run.withEvent("created subscription " + name + " (slot " + name + ") on the target")
            .with(OnlineRun.State.INITIAL_COPY);
    runs.save(run);
    return run;
  }

  /**
   * Keeps this session's failing statements out of the server log (a statement holding a password
   * must not be written there); allowed to superusers only — for others the server's own setting
   * stands, and the README says to use a passfile.
   */
  static void quietStatementLog(Statement st) {
    try {
      st.execute("SET log_min_error_statement = panic");
      st.execute("SET log_statement = none");
    } catch (SQLException notAllowed) {
      // not a superuser: nothing to change here
    }
  }

  /** The source schema's plan and Ferry's DDL for it, on a target schema of the same name. */
  private SchemaScript script() throws SQLException {
    Ferry ferry =
        Ferry.configure()
            .source(source)
            .target(target)
            .sourceSchemas(List.of(schema))
            .targetSchema(schema)
            .workspace(workspace)
            .load();
    MigrationPlan plan = ferry.plan();
    return ferry.ddl(plan);
  }

  private static List<String> tables(SchemaScript script) {
    Set<String> names = new LinkedHashSet<>();
    for (Ddl d : script.tables()) {
      if (d.kind() == Ddl.Kind.TABLE && d.table() != null) {
        names.add(d.table());
      }
    }
    return List.copyOf(names);
  }

  private String qualified(String table) {
    return Identifiers.qualified(schema, table);
  }

  /** Refuses when a table of the run is on the target already. */
  private void refuseExisting(Connection t, List<String> tables) throws SQLException {
    for (String table : tables) {
      if (OnlineChecks.relationExists(t, qualified(table))) {
        throw new RefusedException(
            "Online migration not started: "
                + qualified(table)
                + " is already on the target (an online migration makes its tables itself)");
      }
    }
  }

  /**
   * The tables, their types and keys in one transaction; refused when a column the source publishes
   * is not on the target (logical replication matches columns by name).
   */
  private void makeTables(Connection t, SchemaScript script, List<String> tables)
      throws SQLException {
    t.setAutoCommit(false);
    try {
      List<Ddl> first = new ArrayList<>();
      first.addAll(script.prelude());
      first.addAll(script.tables());
      first.addAll(script.afterTables());
      first.addAll(script.keys());
      run(t, first);
      try (Connection s = source.open()) {
        for (String table : tables) {
          Set<String> missing = columns(s, table);
          missing.removeAll(columns(t, table));
          if (!missing.isEmpty()) {
            throw new RefusedException(
                "Online migration not started: "
                    + qualified(table)
                    + " on the target lacks the source's column(s) "
                    + missing
                    + " (logical replication matches columns by name)");
          }
        }
      }
      t.commit();
    } catch (SQLException | RuntimeException e) {
      t.rollback();
      throw e;
    } finally {
      t.setAutoCommit(true);
    }
  }

  private Set<String> columns(Connection c, String table) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0"
                + " AND NOT attisdropped AND attgenerated = ''")) {
      ps.setString(1, qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static void run(Connection c, List<Ddl> ddl) throws SQLException {
    for (Ddl d : ddl) {
      for (String sql : d.statements()) {
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        } catch (SQLException e) {
          throw new FerryException(
              d.description() + " failed on the target: " + FerryException.describe(e), e);
        }
      }
    }
  }

  /**
   * DDL on tables the subscription is writing to: each statement waits at most 2 s for its lock and
   * is tried again after a deadlock or a lock timeout with the apply worker (which holds a table's
   * lock while it applies a transaction touching two tables) — up to 30 times, each a little later.
   * Returns how many tries were repeated.
   */
  private static int runBeside(Connection c, List<Ddl> ddl) throws SQLException {
    int retried = 0;
    for (Ddl d : ddl) {
      for (String sql : d.statements()) {
        for (int attempt = 1; ; attempt++) {
          try (Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = '2s'");
            st.execute(sql);
            break;
          } catch (SQLException e) {
            String state = String.valueOf(e.getSQLState());
            if (attempt < 30 && (state.equals("40P01") || state.equals("55P03"))) {
              retried++;
              try {
                Thread.sleep(100L * attempt);
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new FerryException("Cutover interrupted while building keys", ie);
              }
              continue;
            }
            throw new FerryException(
                d.description() + " failed on the target: " + FerryException.describe(e), e);
          } finally {
            try (Statement st = c.createStatement()) {
              st.execute("RESET lock_timeout");
            }
          }
        }
      }
    }
    return retried;
  }

  /** The run as the servers show it now. */
  public OnlineStatus status(OnlineRun run) throws SQLException {
    List<OnlineStatus.TableSync> tables = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    // after the cutover: whether the old primary follows the target (a fallback window), and how
    // far behind — read on the same connections as the rest
    boolean cutOver =
        run.state() == OnlineRun.State.DONE || run.state() == OnlineRun.State.VERIFYING;
    Long fallbackLag = null;
    boolean fallbackOpen = false;
    try (Connection t = target.open();
        PreparedStatement ps =
            t.prepareStatement(
                "SELECT c.relname, r.srsubstate::text FROM pg_subscription_rel r"
                    + " JOIN pg_subscription s ON s.oid = r.srsubid"
                    + " JOIN pg_class c ON c.oid = r.srrelid WHERE s.subname = ? ORDER BY 1")) {
      ps.setString(1, run.subscription());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(new OnlineStatus.TableSync(rs.getString(1), syncWord(rs.getString(2))));
        }
      }
      long failures = workerFailures(t, run);
      if (failures > 0) {
        warnings.add(
            "the subscription's workers failed "
                + failures
                + " time(s) applying or copying (the target server's log says why; a"
                + " conflicting row or a missing column stops the stream until it is fixed)");
      }
      if (cutOver) {
        fallbackLag = OnlineFallback.lagBytes(t, run);
      }
    }
    Long lag = null;
    Long retained = null;
    Double seconds = null;
    try (Connection s = source.open();
        PreparedStatement ps =
            s.prepareStatement(
                "SELECT pg_current_wal_lsn() - confirmed_flush_lsn,"
                    + " pg_current_wal_lsn() - restart_lsn, wal_status FROM pg_replication_slots"
                    + " WHERE slot_name = ?")) {
      ps.setString(1, run.slot());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          lag = rs.getLong(1);
          retained = rs.getLong(2);
          if ("lost".equals(rs.getString(3))) {
            warnings.add(
                "the slot "
                    + run.slot()
                    + " has lost WAL the subscription still needed (max_slot_wal_keep_size): the"
                    + " stream cannot go on — abort and start again");
          }
        }
      }
      fallbackOpen = cutOver && OnlineFallback.active(s, run);
      if (run.replicating()) {
        int blocked = WriteStop.active(s, run);
        if (blocked > 0) {
          warnings.add(
              "Ferry's triggers refuse writes to "
                  + blocked
                  + " table(s) of the source (a cutover stopped half-way): run cutover again, or"
                  + " ferry online abort "
                  + run.id()
                  + " to let the source take writes");
        }
      }
      try (PreparedStatement r =
          s.prepareStatement(
              "SELECT extract(epoch FROM coalesce(replay_lag, interval '0'))"
                  + " FROM pg_stat_replication WHERE application_name = ?")) {
        r.setString(1, run.subscription());
        try (ResultSet rs = r.executeQuery()) {
          if (rs.next()) {
            seconds = rs.getDouble(1);
          }
        }
      }
    }
    if (retained != null && retained > RETAINED_WAL_WARNING) {
      warnings.add(
          String.format(
              "the slot %s keeps %,d MB of WAL on the source: an abandoned slot fills the"
                  + " source's disk — cut over or abort (ferry online abort %s)",
              run.slot(), retained >> 20, run.id()));
    }
    if (retained == null && run.replicating()) {
      warnings.add("the slot " + run.slot() + " is not on the source");
    }
    if (fallbackOpen) {
      warnings.add(
          String.format(
              "fallback window open: the old primary follows the target (%s behind); the"
                  + " slot %s keeps the target's WAL until ferry online finish (or fallback)",
              fallbackLag == null ? "?" : String.format("%,d bytes", fallbackLag),
              OnlineFallback.name(run)));
    }
    if (run.state() == OnlineRun.State.VERIFYING) {
      warnings.add(
          "cut over at LSN "
              + run.cutoverLsn()
              + "; the comparison on snapshots at that LSN has not finished — if no Ferry is"
              + " running it, it was interrupted and the snapshots are gone: compare with ferry"
              + " validate");
    }
    if (run.verification() != null && run.verification().startsWith("differ")) {
      warnings.add("the comparison at the cutover LSN found differences: " + run.verification());
    }
    String state =
        switch (run.state()) {
          case INITIAL_COPY, STREAMING ->
              !tables.isEmpty() && tables.stream().allMatch(x -> x.state().equals("ready"))
                  ? OnlineRun.State.STREAMING.word()
                  : OnlineRun.State.INITIAL_COPY.word();
          default -> run.state().word();
        };
    return new OnlineStatus(
        run.id(), state, tables, lag, seconds, retained, warnings, run.verification());
  }

  /** How often the subscription's workers failed to apply or copy (PostgreSQL 15+; else 0). */
  private static long workerFailures(Connection t, OnlineRun run) {
    try (PreparedStatement ps =
        t.prepareStatement(
            "SELECT apply_error_count + sync_error_count FROM pg_stat_subscription_stats"
                + " WHERE subname = ?")) {
      ps.setString(1, run.subscription());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException olderServer) {
      return 0; // pg_stat_subscription_stats is PostgreSQL 15+: nothing to read before
    }
  }

  private static String syncWord(String code) {
    return switch (code) {
      case "i" -> "waiting";
      case "d" -> "copying";
      case "f" -> "copied";
      case "s" -> "catching up";
      case "r" -> "ready";
      default -> code;
    };
  }

  /**
   * Cuts over, as seed 001's checklist does: builds the indexes, checks and foreign keys while
   * writes still flow; asks {@code go} (false: nothing else happens); stops writes on the source —
   * Ferry's triggers, or the DBA has and {@code go} confirmed it; reads the source's LSN with a
   * snapshot of it and waits until the subscription confirmed the WAL up to there (at most the
   * options' wait); holds a snapshot of the target; sets the target's sequences past the source's;
   * drops the subscription (and with it the slot) and the publication — from here the target stands
   * alone and takes the applications' writes; then compares every table on both sides (rows and a
   * checksum of every row) on the two snapshots, so the write downtime does not grow with the data.
   * With {@link CutoverOptions#compareBeforeSwitch()} the comparison runs before the switch and any
   * difference stops the cutover with the source still the primary (writes allowed again).
   *
   * <p>{@code progress} hears each step as it happens — among them the moment the applications may
   * switch to the target.
   */
  public Cutover cutover(
      OnlineRun run, CutoverOptions options, BooleanSupplier go, Consumer<String> progress)
      throws SQLException {
    if (!run.replicating()) {
      throw new RefusedException("Online run " + run.id() + " is " + run.state().word() + ".");
    }
    List<Cutover.Step> timeline = new ArrayList<>();
    if (!run.keysAndIndexesBuilt()) {
      progress.accept("building indexes, checks and foreign keys (writes still flowing)");
      Instant t0 = Instant.now();
      run = prepareCutover(run);
      timeline.add(
          new Cutover.Step(
              "indexes, checks and foreign keys built (writes still flowing)",
              Duration.between(t0, Instant.now())));
    } else {
      requireReady(run);
    }
    if (options.fallback()) {
      try (Connection t = target.open()) {
        String wal = OnlineChecks.one(t, "SHOW wal_level");
        if (!wal.equals("logical")) {
          throw new RefusedException(
              "Not cut over: a fallback window needs wal_level = logical on the target (it is "
                  + wal
                  + "): the old primary would subscribe to the target's changes — set it and"
                  + " restart the target, or cut over without --fallback");
        }
      }
    }
    if (!go.getAsBoolean()) {
      throw new RefusedException(
          options.writes() == CutoverOptions.Writes.CONFIRMED
              ? "Not cut over: writes on the source were not confirmed stopped."
              : "Not cut over: not confirmed.");
    }
    run =
        run.with(OnlineRun.State.CUTTING_OVER)
            .withEvent("cutover: writes stopped by " + options.writes().word());
    runs.save(run);
    boolean[] blocked = {false};
    try {
      return finishCutover(run, options, timeline, progress, blocked);
    } catch (SQLException | RuntimeException e) {
      OnlineRun back = runs.load(run.id());
      if (back.state() == OnlineRun.State.CUTTING_OVER) {
        // the subscription still runs: the source is the primary, and takes writes again
        String allowed = "";
        if (blocked[0]) {
          try (Connection s = source.open()) {
            WriteStop.allow(s, back);
            allowed = "; writes on the source allowed again";
          } catch (SQLException | RuntimeException release) {
            e.addSuppressed(release);
            allowed =
                "; Ferry's triggers still refuse writes on the source ("
                    + FerryException.describe(release)
                    + ") — ferry online release "
                    + back.id();
          }
        }
        runs.save(
            back.with(OnlineRun.State.STREAMING)
                .withEvent("cutover stopped: " + FerryException.describe(e) + allowed));
        if (!allowed.isEmpty()) {
          progress.accept(allowed.substring(2));
        }
      }
      throw e;
    }
  }

  /** Refuses unless every table's initial copy is done. */
  private void requireReady(OnlineRun run) throws SQLException {
    OnlineStatus now = status(run);
    boolean ready =
        !now.tables().isEmpty() && now.tables().stream().allMatch(t -> t.state().equals("ready"));
    if (!ready) {
      throw new RefusedException(
          "Not cut over: the initial copy is not done ("
              + now.ready()
              + " of "
              + now.tables().size()
              + " tables ready); wait until ferry online status says streaming");
    }
  }

  /**
   * The part of the cutover done while writes still flow: the indexes, checks, foreign keys,
   * triggers, views and grants built on the target beside the stream. Refused until every table is
   * ready; done once per run.
   */
  public OnlineRun prepareCutover(OnlineRun run) throws SQLException {
    if (!run.replicating()) {
      throw new RefusedException("Online run " + run.id() + " is " + run.state().word() + ".");
    }
    requireReady(run);
    if (run.keysAndIndexesBuilt()) {
      return run;
    }
    SchemaScript script = script();
    try (Connection t = target.open()) {
      List<Ddl> rest = new ArrayList<>();
      rest.addAll(script.indexes());
      rest.addAll(script.checks());
      rest.addAll(script.foreignKeys());
      rest.addAll(script.triggers());
      rest.addAll(script.views());
      rest.addAll(script.finishing());
      int retried = runBeside(t, rest);
      if (retried > 0) {
        run =
            run.withEvent(retried + " statement(s) retried after a lock conflict with the stream");
      }
    }
    run = run.withKeysAndIndexes().withEvent("built indexes, checks and foreign keys");
    runs.save(run);
    return run;
  }

  private Cutover finishCutover(
      OnlineRun run,
      CutoverOptions options,
      List<Cutover.Step> timeline,
      Consumer<String> progress,
      boolean[] blocked)
      throws SQLException {
    Instant stopped = Instant.now();
    if (options.writes() == CutoverOptions.Writes.FERRY) {
      progress.accept("stopping writes on the source (a trigger on each table refuses them)");
      int deadlocks;
      // set first: a commit whose reply is lost may have stopped writes all the same, and lifting
      // a stop that is not there does nothing
      blocked[0] = true;
      try (Connection s = source.open()) {
        deadlocks = WriteStop.stop(s, run);
      }
      timeline.add(
          new Cutover.Step(
              "writes stopped by Ferry: a trigger on each of "
                  + run.tables().size()
                  + " tables refuses them",
              Duration.between(stopped, Instant.now())));
      run =
          run.withEvent(
              "writes on the source stopped by Ferry (triggers "
                  + WriteStop.name(run)
                  + ")"
                  + (deadlocks > 0
                      ? "; tried again after " + deadlocks + " deadlock(s) with the applications"
                      : ""));
    } else {
      run = run.withEvent("writes on the source stopped (confirmed)");
    }
    runs.save(run);
    Instant t1 = Instant.now();
    try (TableComparison.Held src = TableComparison.Held.open(source)) {
      String lsn = src.lsn;
      progress.accept("waiting until the target has every change up to LSN " + lsn);
      try (Connection s = source.open()) {
        OnlineChecks.waitForSlot(
            s,
            run.slot(),
            lsn,
            options.lagWait(),
            "Not cut over: the subscription did not confirm the source's WAL up to "
                + lsn
                + " within "
                + options.lagWait().toSeconds()
                + " s; the source is still the primary (let writes resume, or wait and run"
                + " cutover again)");
      }
      timeline.add(new Cutover.Step("lag 0 at LSN " + lsn, Duration.between(t1, Instant.now())));
      try (TableComparison.Held dst = TableComparison.Held.open(target)) {
        List<Cutover.TableCheck> checks = List.of();
        if (options.compareBeforeSwitch()) {
          progress.accept("comparing every table on both sides at LSN " + lsn);
          Instant t2 = Instant.now();
          checks =
              TableComparison.compare(
                  source, target, schema, run.tables(), src.snapshot, dst.snapshot);
          timeline.add(
              new Cutover.Step(
                  "every table compared on both sides (rows, checksum)",
                  Duration.between(t2, Instant.now())));
          List<String> differ =
              checks.stream().filter(c -> !c.matches()).map(Cutover.TableCheck::table).toList();
          if (!differ.isEmpty()) {
            throw new FerryException(
                "Not cut over: "
                    + String.join(", ", differ)
                    + " differ between source and target at LSN "
                    + lsn
                    + "; the subscription still runs and the source is still the primary — look"
                    + " at the tables and run cutover again");
          }
        }
        Instant t3 = Instant.now();
        List<String> sequences;
        try (Connection s = source.open();
            Connection t = target.open()) {
          sequences = moveSequences(s, t, run.tables());
        }
        timeline.add(
            new Cutover.Step(
                sequences.size() + " sequences set past the source's",
                Duration.between(t3, Instant.now())));
        Instant t4 = Instant.now();
        try {
          dropReplication(run);
        } catch (SQLException | RuntimeException e) {
          if (subscriptionExists(run)) {
            throw e; // the stream still runs: the source is still the primary
          }
          // the subscription is gone: the target stands alone whatever was left on the source
          run =
              run.withEvent(
                  "replication dropped with something left on the source: "
                      + FerryException.describe(e));
          progress.accept(
              "WARNING: the subscription is dropped, but " + FerryException.describe(e));
        }
        timeline.add(
            new Cutover.Step(
                "subscription, slot and publication dropped", Duration.between(t4, Instant.now())));
        if (options.fallback()) {
          // before the target takes a write: every write on it flows back to the old primary
          Instant t6 = Instant.now();
          try (Connection s = source.open();
              Connection t = target.open()) {
            OnlineFallback.open(s, t, run, conninfo(target, options.targetConninfo()));
            timeline.add(
                new Cutover.Step(
                    "fallback window: the old primary follows the target ("
                        + OnlineFallback.name(run)
                        + ")",
                    Duration.between(t6, Instant.now())));
            run = run.withEvent("fallback window open: " + OnlineFallback.name(run));
          } catch (SQLException | RuntimeException e) {
            run = run.withEvent("fallback window not opened (" + FerryException.describe(e) + ")");
            progress.accept(
                "WARNING: the fallback window could not be opened ("
                    + FerryException.describe(e)
                    + "); the target stands alone without it");
          }
        }
        Instant done = Instant.now();
        Duration downtime = Duration.between(stopped, done);
        String switched =
            "cut over at LSN "
                + lsn
                + "; writes stopped for "
                + downtime.toMillis()
                + " ms"
                + (blocked[0]
                    ? "; the source keeps refusing writes to the tables (ferry online release "
                        + run.id()
                        + " lifts it)"
                    : "");
        run =
            run.withCutover(stopped, lsn, done)
                .with(
                    options.compareBeforeSwitch()
                        ? OnlineRun.State.DONE
                        : OnlineRun.State.VERIFYING)
                .withEvent(switched);
        if (options.compareBeforeSwitch()) {
          run = run.withVerification(verdict(checks, lsn));
        } else {
          // the evidence so far: the report shows the cutover even if the comparison never ends
          run =
              run.withCutoverEvidence(
                  new Cutover(
                      lsn, options.writes(), false, List.of(), sequences, timeline, downtime));
        }
        runs.save(run);
        progress.accept(
            "the target stands alone: switch the applications' connection strings to it now");
        if (!options.compareBeforeSwitch()) {
          progress.accept(
              "comparing every table on both sides as of LSN "
                  + lsn
                  + " (snapshots; the target takes writes meanwhile)");
          Instant t5 = Instant.now();
          try {
            checks =
                TableComparison.compare(
                    source, target, schema, run.tables(), src.snapshot, dst.snapshot);
          } catch (SQLException | RuntimeException e) {
            runs.save(
                run.with(OnlineRun.State.DONE)
                    .withVerification(
                        "not finished: "
                            + FerryException.describe(e)
                            + " — compare with ferry"
                            + " validate")
                    .withEvent("the comparison after the switch failed"));
            throw new FerryException(
                "Cut over at LSN "
                    + lsn
                    + " (the target stands alone), but comparing the tables failed: "
                    + FerryException.describe(e)
                    + " — compare them with ferry validate",
                e);
          }
          timeline.add(
              new Cutover.Step(
                  "every table compared on both sides at LSN "
                      + lsn
                      + " (snapshots, after the switch)",
                  Duration.between(t5, Instant.now())));
          String v = verdict(checks, lsn);
          run = run.with(OnlineRun.State.DONE).withVerification(v).withEvent(v);
          runs.save(run);
        }
        Cutover result =
            new Cutover(
                lsn,
                options.writes(),
                options.compareBeforeSwitch(),
                checks,
                sequences,
                timeline,
                downtime);
        runs.save(run.withCutoverEvidence(result));
        return result;
      }
    }
  }

  private boolean subscriptionExists(OnlineRun run) throws SQLException {
    try (Connection t = target.open()) {
      return OnlineChecks.subscriptionExists(t, run.subscription());
    }
  }

  /** {@code match: …} or {@code differ: …} at the LSN. */
  private static String verdict(List<Cutover.TableCheck> checks, String lsn) {
    List<String> differ =
        checks.stream().filter(c -> !c.matches()).map(Cutover.TableCheck::table).toList();
    return differ.isEmpty()
        ? "match: " + checks.size() + " tables equal on both sides at LSN " + lsn
        : "differ: " + String.join(", ", differ) + " at LSN " + lsn;
  }

  /**
   * Switches back to the old primary during the fallback window: stops writes on the target (the
   * same triggers), waits until the old primary has every change of the target, sets the old
   * primary's sequences past the target's, drops the reverse replication and lifts the write stop
   * on the old primary — the applications go back to it. The target keeps refusing writes.
   */
  public Duration fallback(OnlineRun run, Duration wait, Consumer<String> progress)
      throws SQLException {
    if (run.state() != OnlineRun.State.DONE && run.state() != OnlineRun.State.VERIFYING) {
      throw new RefusedException(
          "Online run " + run.id() + " is " + run.state().word() + ": nothing to switch back.");
    }
    try (Connection s = source.open();
        Connection t = target.open()) {
      if (!OnlineFallback.active(s, run)) {
        throw new RefusedException(
            "Online run "
                + run.id()
                + " has no fallback window open (cut over with --fallback): the old primary did"
                + " not follow the target");
      }
      Instant stopped = Instant.now();
      progress.accept("stopping writes on the target");
      WriteStop.stop(t, run);
      try {
        String lsn = OnlineChecks.one(t, "SELECT pg_current_wal_lsn()::text");
        progress.accept("waiting until the old primary has every change up to LSN " + lsn);
        OnlineFallback.waitFor(t, run, lsn, wait);
        List<String> sequences = moveSequences(t, s, run.tables());
        OnlineFallback.close(s, t, run);
        WriteStop.allow(s, run);
        Duration downtime = Duration.between(stopped, Instant.now());
        runs.save(
            run.with(OnlineRun.State.FELL_BACK)
                .withEvent(
                    "switched back to the old primary at the target's LSN "
                        + lsn
                        + "; "
                        + sequences.size()
                        + " sequences set; writes stopped for "
                        + downtime.toMillis()
                        + " ms; the target refuses writes (ferry online release on it lifts"
                        + " it)"));
        progress.accept("the old primary takes writes again: switch the applications back now");
        return downtime;
      } catch (SQLException | RuntimeException e) {
        WriteStop.allow(t, run); // the target stays the primary (also when interrupted)
        throw e;
      }
    }
  }

  /**
   * Ends the fallback window: the reverse replication dropped; the old primary stays frozen. A run
   * left verifying (Ferry stopped during the comparison after the switch) is closed as done, its
   * comparison not finished.
   */
  public OnlineRun finish(OnlineRun run) throws SQLException {
    if (run.replicating()) {
      throw new RefusedException(
          "Online run " + run.id() + " is " + run.state().word() + ": cut over or abort it.");
    }
    try (Connection s = source.open();
        Connection t = target.open()) {
      OnlineFallback.close(s, t, run);
    }
    if (run.state() == OnlineRun.State.VERIFYING) {
      run =
          run.with(OnlineRun.State.DONE)
              .withVerification(
                  "not finished: the comparison after the switch was interrupted — compare with"
                      + " ferry validate");
    }
    OnlineRun ended =
        run.withEvent("fallback window ended: the old primary no longer follows the target");
    runs.save(ended);
    return ended;
  }

  /**
   * Lifts Ferry's write stop on the source (its triggers and function): after a cutover, once the
   * old primary may take writes again — a fallback, or the tables dropped there.
   */
  public OnlineRun release(OnlineRun run) throws SQLException {
    try (Connection s = source.open()) {
      WriteStop.allow(s, run);
    }
    OnlineRun released = run.withEvent("Ferry's write stop on the source lifted");
    runs.save(released);
    return released;
  }

  /**
   * The target's sequences set to the source's values: those of the tables' columns (found through
   * {@code pg_get_serial_sequence} on each side, so an identity column whose sequence has another
   * name is found too) and the schema's other sequences by name.
   */
  private List<String> moveSequences(Connection s, Connection t, List<String> tables)
      throws SQLException {
    List<String> moved = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (String table : tables) {
      for (String col : columns(s, table)) {
        String from = serialSequence(s, table, col);
        if (from == null) {
          continue;
        }
        done.add(from);
        String to = serialSequence(t, table, col);
        if (to == null) {
          moved.add(from + ": no sequence on the target's " + qualified(table) + "." + col);
          continue;
        }
        moved.add(setSequence(s, t, from, to));
      }
    }
    try (PreparedStatement ps =
        s.prepareStatement(
            "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences"
                + " WHERE schemaname = ? ORDER BY 1")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String seq = rs.getString(1);
          if (!done.contains(seq) && OnlineChecks.relationExists(t, seq)) {
            moved.add(setSequence(s, t, seq, seq));
          }
        }
      }
    }
    return moved;
  }

  private String serialSequence(Connection c, String table, String column) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
      ps.setString(1, qualified(table));
      ps.setString(2, column); // taken literally, case and all
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static String setSequence(Connection s, Connection t, String from, String to)
      throws SQLException {
    long last;
    boolean called;
    try (Statement st = s.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + from)) {
      rs.next();
      last = rs.getLong(1);
      called = rs.getBoolean(2);
    }
    try (PreparedStatement ps = t.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
      ps.setString(1, to);
      ps.setLong(2, last);
      ps.setBoolean(3, called);
      ps.execute();
    }
    return to + " = " + last + (called ? " (next " + (last + 1) + ")" : "");
  }

  /**
   * Stops the stream without a trace: the subscription (disabled first, so it lets go of the slot)
   * and with it its slot on the source; when the source cannot be reached the subscription forgets
   * its slot and Ferry drops the slot on the source itself; then the publication. Only the names
   * the run recorded.
   */
  private void dropReplication(OnlineRun run) throws SQLException {
    try (Connection t = target.open()) {
      if (OnlineChecks.subscriptionExists(t, run.subscription())) {
        OnlineChecks.dropSubscription(t, run.subscription());
      }
    }
    try (Connection s = source.open();
        Statement st = s.createStatement()) {
      List<String> slots = new ArrayList<>(List.of(run.slot()));
      if (run.subscriptionOid() != null) {
        // the initial copy's own slots of this subscription, if a failed copy left one
        try (ResultSet rs =
            st.executeQuery(
                "SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE "
                    + Identifiers.literal("pg\\_" + run.subscriptionOid() + "\\_sync\\_%"))) {
          while (rs.next()) {
            slots.add(rs.getString(1));
          }
        }
      }
      // a slot still held by its walsender (the subscription was dropped without reaching it)
      // is dropped once that connection ends; a slot that stays is said, never passed over
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      List<String> left = slots;
      while (true) {
        List<String> still = new ArrayList<>();
        for (String slot : left) {
          try (PreparedStatement ps =
              s.prepareStatement(
                  "SELECT active, CASE WHEN NOT active THEN pg_drop_replication_slot(slot_name)"
                      + " IS NULL END FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next() && rs.getBoolean(1)) {
                still.add(slot);
              }
            }
          }
        }
        if (still.isEmpty()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new FerryException(
              "The replication slot(s) "
                  + still
                  + " are still on the source, held by a connection: drop them with SELECT"
                  + " pg_drop_replication_slot('<name>') once it ends — a slot left behind keeps"
                  + " WAL on the source's disk");
        }
        left = still;
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FerryException("Interrupted while dropping the replication slots", e);
        }
      }
      st.execute("DROP PUBLICATION IF EXISTS " + Identifiers.quote(run.publication()));
    }
  }

  /**
   * Stops and removes what the run made for replication — subscription, slot(s), publication — and
   * nothing else: the source stays the primary, untouched; the tables made on the target stay (drop
   * them or start again into another database).
   */
  public OnlineRun abort(OnlineRun run) throws SQLException {
    if (!run.replicating() && run.state() != OnlineRun.State.ABORTED) {
      throw new RefusedException(
          "Online run "
              + run.id()
              + " is "
              + run.state().word()
              + ": the target stands alone, nothing to abort (ferry online finish ends a"
              + " fallback window).");
    }
    dropReplication(run);
    try (Connection s = source.open()) {
      // a cutover stopped half-way (Ferry closed) may have left its write stop: lift it
      WriteStop.allow(s, run);
    }
    OnlineRun aborted =
        run.with(OnlineRun.State.ABORTED)
            .withEvent(
                "aborted: subscription, slot and publication dropped; the source takes writes");
    runs.save(aborted);
    return aborted;
  }

  /** The runs of this workspace. */
  public OnlineRuns runs() {
    return runs;
  }
}
