package dev.ferry.engine.change;

import dev.ferry.engine.change.StatementRisk.Impact;
import dev.ferry.engine.dialect.Identifiers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Classifies a DDL/DML statement by the lock PostgreSQL takes and the work it does under that lock
 * (seed 002's schema change checklist), weighted by the real size of the table it touches. Scans
 * and rewrites are costed at {@link #BYTES_PER_SECOND}.
 */
final class RiskAnalyzer {
  /** Throughput assumed for a scan or rewrite under lock (a conservative 100 MB/s). */
  static final double BYTES_PER_SECOND = 100e6;

  private static final String IDENT = SqlStatements.TABLE_NAME;
  private static final Pattern ALTER_TABLE =
      Pattern.compile(
          "^ALTER TABLE (?:ONLY )?(?:IF EXISTS )?" + IDENT + " (.*)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "^CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:\\S+ )?ON (?:ONLY )?"
              + IDENT,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DML =
      Pattern.compile(
          "^(UPDATE|DELETE FROM) (?:ONLY )?" + IDENT + "(.*)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern TABLE_OP =
      Pattern.compile(
          "^(DROP TABLE|TRUNCATE(?: TABLE)?|VACUUM FULL|CLUSTER|CREATE POLICY \\S+ ON) (?:IF EXISTS )?"
              + IDENT,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern VOLATILE_DEFAULT =
      Pattern.compile(
          "DEFAULT .*(RANDOM\\(|GEN_RANDOM_UUID\\(|UUID_GENERATE|CLOCK_TIMESTAMP\\(|NEXTVAL\\()");

  private RiskAnalyzer() {}

  /**
   * The lock and risk of every pending statement (up to {@code toVersion}), in order: read from the
   * statement, then corrected by what PostgreSQL did when the statements ran on a schema-only copy
   * of the target ({@link LockRehearsal}) and the target's own tables (rows, size).
   */
  static LockRisks pending(ChangeTarget target, String toVersion, RiskThresholds limits)
      throws SQLException {
    List<StatementRisk> out = new ArrayList<>();
    List<String> statements = new ArrayList<>();
    try (Connection c = target.open()) {
      for (MigrationInfo m : new FlywayRunner(target).pending(toVersion)) {
        String sql = SqlStatements.read(Path.of(m.getPhysicalLocation()));
        for (String statement : SqlStatements.split(sql)) {
          statements.add(statement);
          out.add(
              analyze(
                  c,
                  m.getVersion() == null ? null : m.getVersion().getVersion(),
                  m.getScript(),
                  statement));
        }
      }
      if (statements.isEmpty()) {
        return new LockRisks(out);
      }
      LockRehearsal.Result seen = LockRehearsal.observe(target.spec(), target.schema(), statements);
      List<StatementRisk> corrected = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        corrected.add(breaking(c, withFacts(c, out.get(i), seen.observations().get(i), limits)));
      }
      return new LockRisks(corrected, seen.method());
    }
  }

  /**
   * A statement's risk as PostgreSQL's account of it says: the lock it really took, whether it
   * rewrote or read through a table, and what that means on the target, where the tables have their
   * rows. A write-blocking lock held while a table with rows is rewritten or read through is at
   * least MEDIUM; a rewrite under ACCESS EXCLUSIVE of a second or more is HIGH; a required column
   * without a default on a table with rows is a BLOCKER (it fails); where the text suggested a
   * rewrite PostgreSQL did not do, the statement is LOW.
   */
  static StatementRisk withFacts(
      Connection c, StatementRisk r, LockRehearsal.Observation o, RiskThresholds limits)
      throws SQLException {
    if (!o.rehearsed()) {
      return r.withWork(r.work() + " (" + o.error() + ")", r.impact(), r.advice());
    }
    if (o.error() != null) {
      // the copy has the target's schema with the statements before this one applied: what fails
      // there fails on the target too
      return r.withWork(
          "fails: "
              + o.error()
              + " (on a schema-only copy of the target, after the statements before it)",
          Impact.BLOCKER,
          "correct the script: PostgreSQL refuses it as it stands");
    }
    // the table the facts are about: the one the text names, else the one most strongly locked
    String named = r.table() == null ? null : r.table().replace("\"", "").toLowerCase(Locale.ROOT);
    String table =
        o.locks().keySet().stream()
            .filter(t -> t.toLowerCase(Locale.ROOT).equals(named))
            .findFirst()
            .orElse(null);
    if (table == null) {
      table =
          o.locks().entrySet().stream()
              .filter(e -> LockRehearsal.blocksWrites(e.getValue()))
              .max(
                  (a, b) ->
                      LockRehearsal.strength(a.getValue()) - LockRehearsal.strength(b.getValue()))
              .map(java.util.Map.Entry::getKey)
              .orElse(null);
    }
    if (table == null
        || LockRehearsal.strength(o.locks().get(table)) <= 3
            && !o.rewritten().contains(table)
            && !o.readThrough().contains(table)) {
      return r; // rows, not the table: what the text says about them stands
    }
    String mode = o.locks().get(table);
    // a table renamed by the statement holds the lock under its new name: its rows are the old
    // one's
    String facts = !exists(c, Identifiers.quote(table)) && named != null ? named : table;
    String exact = Identifiers.quote(facts);
    long size = size(c, exact);
    boolean rows = hasRows(c, exact);
    boolean rewrite = o.rewritten().contains(table);
    boolean read = o.readThrough().contains(table);
    String lock =
        mode != null
            ? LockRehearsal.describe(mode) + " — as PostgreSQL took it"
            : o.outsideTransaction() ? r.lock() + " — ran outside a transaction" : r.lock();
    String work;
    double seconds;
    Impact impact = r.impact();
    if (rewrite) {
      work =
          "rewrites "
              + table
              + (o.rewritten().size() > 1 ? " and " + (o.rewritten().size() - 1) + " more" : "")
              + " (PostgreSQL gave it new files)";
      seconds = size * 2 / BYTES_PER_SECOND;
    } else if (read) {
      work = "reads all of " + table + " under the lock (to validate or build)";
      seconds = size / BYTES_PER_SECOND;
    } else {
      work = "changes the catalog only (PostgreSQL rewrote and read nothing)";
      seconds = 0;
      if (r.work() != null
          && (r.work().contains("rewrite") || r.work().contains("scan"))
          && impact.compareTo(Impact.CRITICAL) < 0) {
        impact = Impact.LOW; // the text suggested a rewrite or scan PostgreSQL does not do
      }
    }
    boolean blocks = mode != null && LockRehearsal.blocksWrites(mode);
    // writes wait (reads too under ACCESS EXCLUSIVE) for as long as the work under the lock takes
    if (rows
        && blocks
        && (rewrite || read)
        && seconds >= limits.mediumAfter()
        && impact.compareTo(Impact.MEDIUM) < 0) {
      impact = Impact.MEDIUM;
    }
    if (rows
        && blocks
        && (rewrite || read)
        && seconds >= limits.highAfter()
        && impact.compareTo(Impact.HIGH) < 0) {
      impact = Impact.HIGH;
    }
    String advice = r.advice();
    if (rows && blocks && (rewrite || read)) {
      double rate = writesPerSecond(c, exact);
      if (rate > 0) {
        // the traffic that would queue: the table's write rate over the time under the lock
        work =
            work
                + String.format(
                    "; %,.1f writes/s on it on average since its statistics began: about %,.0f"
                        + " would wait behind the lock",
                    rate, Math.max(1, rate * seconds));
      }
    }
    String queue = mode == null ? null : sessionsInTheWay(c, exact, mode);
    if (queue != null) {
      // the lock waits for them, and every later query on the table waits behind the lock
      work = work + "; " + queue;
      if (impact.compareTo(Impact.HIGH) < 0) {
        impact = Impact.HIGH;
      }
      advice =
          "set lock_timeout (e.g. 2s) and retry, or wait until those sessions end"
              + (advice == null ? "" : "; " + advice);
    }
    if (rows && o.requiredWithoutDefault().contains(table)) {
      impact = Impact.BLOCKER;
      work = "adds a required column without a default: fails on " + table + ", which has rows";
      advice = "add it nullable (or with a default), backfill, then SET NOT NULL";
    } else if (rows && blocks && (rewrite || read) && advice == null) {
      advice =
          "set lock_timeout and run it when the table is quiet; see the safer forms in the README";
    }
    return new StatementRisk(
        r.version(),
        r.script(),
        r.statement(),
        lock,
        facts,
        size,
        work,
        impact,
        seconds,
        advice,
        r.breaking());
  }

  /**
   * Sessions on the target that hold a lock on the table the statement's lock would wait for, said
   * as a DBA needs it (how many, the oldest transaction's age, what it runs); null when none.
   */
  private static String sessionsInTheWay(Connection c, String table, String mode)
      throws SQLException {
    String sql =
        "SELECT l.mode, a.pid, coalesce(extract(epoch FROM now() - a.xact_start), 0),"
            + " left(coalesce(a.query, ''), 80), a.state"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'relation' AND l.granted AND l.relation = to_regclass(?)"
            + " AND l.pid <> pg_backend_pid()";
    int sessions = 0;
    double oldest = 0;
    String example = null;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!LockRehearsal.conflicts(mode, rs.getString(1))) {
            continue;
          }
          sessions++;
          if (rs.getDouble(3) >= oldest) {
            oldest = rs.getDouble(3);
            example = "pid " + rs.getInt(2) + " (" + rs.getString(5) + "): " + rs.getString(4);
          }
        }
      }
    }
    if (sessions == 0) {
      return null;
    }
    return String.format(
        "waits behind %d session%s holding %s now (oldest transaction %.0f s, %s), and every later"
            + " query on it waits behind this lock",
        sessions, sessions == 1 ? "" : "s", table, oldest, example);
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static final Pattern RENAME_COLUMN =
      Pattern.compile(
          "^ALTER TABLE .* RENAME (?:COLUMN )?(\\S+) TO (\\S+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern RENAME_TABLE =
      Pattern.compile(
          "^ALTER (TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|FUNCTION|TYPE|SCHEMA) (?:IF EXISTS )?(\\S+)"
              + " RENAME TO (\\S+)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_COLUMN =
      Pattern.compile("\\bDROP (?:COLUMN )?(?:IF EXISTS )?(\\S+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_OBJECT =
      Pattern.compile(
          "^DROP (VIEW|MATERIALIZED VIEW|FUNCTION|TYPE|SEQUENCE|SCHEMA) (?:IF EXISTS )?(\\S+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ALTER_TYPE =
      Pattern.compile(
          "ALTER (?:COLUMN )?(\\S+) (?:SET DATA )?TYPE ([a-z0-9]+(?: varying| precision)?"
              + "(?:\\([0-9, ]+\\))?)",
          Pattern.CASE_INSENSITIVE);

  /**
   * Flags what breaks application code that runs now, whatever its lock: a renamed or dropped
   * table, column, view or function (queries naming it fail), a type narrowed so that values the
   * application writes no longer fit (read from the target's catalog: the column's type now).
   */
  static StatementRisk breaking(Connection c, StatementRisk r) throws SQLException {
    // string literals say nothing about the schema ('drop me' as a default is not a drop)
    String n = SqlStatements.flat(r.statement()).replaceAll("'(?:[^']|'')*'", "''");
    Matcher m;
    if ((m = RENAME_TABLE.matcher(n)).find()) {
      return r.withBreaking(
          "renames "
              + m.group(1).toLowerCase(Locale.ROOT)
              + " "
              + m.group(2)
              + " to "
              + m.group(3)
              + ": queries naming "
              + m.group(2)
              + " fail (ship code that uses the new name first, or leave a view by the old name)");
    }
    if ((m = RENAME_COLUMN.matcher(n)).find()
        && !n.toUpperCase(Locale.ROOT).contains(" RENAME CONSTRAINT ")) {
      return r.withBreaking(
          "renames column "
              + m.group(1)
              + " to "
              + m.group(2)
              + ": queries naming "
              + m.group(1)
              + " fail (expand and contract: add the new column, write both, switch readers, drop"
              + " the old)");
    }
    if (n.toUpperCase(Locale.ROOT).startsWith("ALTER TABLE")) {
      // each clause: DROP CONSTRAINT x, DROP COLUMN y — the column is the breaking one
      m = DROP_COLUMN.matcher(n);
      while (m.find()) {
        if (!List.of("CONSTRAINT", "DEFAULT", "NOT", "EXPRESSION", "IDENTITY")
            .contains(m.group(1).toUpperCase(Locale.ROOT))) {
          return r.withBreaking(
              "drops column " + m.group(1) + ": queries naming it fail, its data is gone");
        }
      }
    }
    if ((m = TABLE_OP.matcher(n)).find()
        && m.group(1).toUpperCase(Locale.ROOT).startsWith("DROP")) {
      return r.withBreaking("drops table " + m.group(2) + ": queries naming it fail");
    }
    if ((m = DROP_OBJECT.matcher(n)).find()) {
      return r.withBreaking(
          "drops "
              + m.group(1).toLowerCase(Locale.ROOT)
              + " "
              + m.group(2)
              + ": code using it fails");
    }
    if (r.table() != null && (m = ALTER_TYPE.matcher(n)).find()) {
      String now = columnType(c, r.table(), m.group(1));
      String to = m.group(2).strip().toLowerCase(Locale.ROOT);
      if (now != null && narrows(now, to)) {
        return r.withBreaking(
            "narrows "
                + m.group(1)
                + " from "
                + now
                + " to "
                + to
                + ": values the application writes today may no longer fit (and the change fails"
                + " if a row holds one now)");
      }
    }
    return r;
  }

  /** The column's type on the target as PostgreSQL prints it; null when it is not there yet. */
  private static String columnType(Connection c, String table, String column) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
      ps.setString(1, Identifiers.quote(table));
      ps.setString(2, column.replace("\"", ""));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");

  /**
   * Whether {@code to} holds fewer values than {@code from}: a shorter length, a smaller integer.
   */
  static boolean narrows(String from, String to) {
    String f = canonical(from);
    String t = canonical(to);
    Matcher fl = Pattern.compile("^(character varying|character|numeric)\\((\\d+)").matcher(f);
    Matcher tl = Pattern.compile("^(character varying|character|numeric)\\((\\d+)").matcher(t);
    if (tl.find()) {
      if (f.equals("text") || f.equals("character varying") || f.equals("numeric")) {
        return true;
      }
      return fl.find() && Integer.parseInt(tl.group(2)) < Integer.parseInt(fl.group(2));
    }
    int fi = INTEGERS.indexOf(f);
    int ti = INTEGERS.indexOf(t);
    return fi >= 0 && ti >= 0 && ti < fi;
  }

  private static String canonical(String type) {
    return type.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ")
        .replaceFirst("^varchar", "character varying")
        .replaceFirst("^char\\b", "character")
        .replaceFirst("^decimal", "numeric")
        .replaceFirst("^(int4|int|integer)$", "integer")
        .replaceFirst("^(int8)$", "bigint")
        .replaceFirst("^(int2)$", "smallint")
        .replaceAll(" ?\\( ?", "(")
        .replaceAll(" ?, ?", ",");
  }

  /**
   * The table's writes per second (rows inserted, updated, deleted — {@code pg_stat_user_tables})
   * averaged since the database's statistics were reset or the server started; 0 when unknown.
   */
  private static double writesPerSecond(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT (s.n_tup_ins + s.n_tup_upd + s.n_tup_del)::float8 / greatest(1, extract(epoch"
                + " FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())))"
                + " FROM pg_stat_user_tables s, pg_stat_database d"
                + " WHERE s.relid = to_regclass(?) AND d.datname = current_database()")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getDouble(1) : 0;
      }
    }
  }

  /** Whether the target's table has a row (a table the migration makes has none). */
  private static boolean hasRows(Connection c, String table) throws SQLException {
    String name;
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)::text")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        name = rs.getString(1);
      }
    }
    if (name == null) {
      return false;
    }
    // the name as PostgreSQL prints a regclass: quoted where it needs to be
    try (PreparedStatement ps =
            c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + name + " LIMIT 1)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  static StatementRisk analyze(Connection c, String version, String script, String statement)
      throws SQLException {
    // string literals say nothing about the schema: a default 'drop column x' is not a drop
    String n = SqlStatements.flat(statement).replaceAll("'(?:[^']|'')*'", "''");
    // shown without the comments that lead it (the script's own headings)
    String shown =
        statement
            .replaceFirst("^(?s)(\\s*(--[^\\n]*(\\n|$)|/\\*.*?\\*/))*", "")
            .replaceAll("\\s+", " ")
            .strip();
    Matcher m;
    if ((m = CREATE_INDEX.matcher(n)).find()) {
      String table = m.group(2);
      long size = size(c, table);
      if (m.group(1) != null) {
        return risk(
            version,
            script,
            shown,
            "SHARE UPDATE EXCLUSIVE (reads and writes go on)",
            table,
            size,
            "builds the index without blocking writes (two table scans)",
            Impact.LOW,
            0,
            "cannot run in a transaction: keep it in a script of its own");
      }
      double secs = size / BYTES_PER_SECOND;
      return risk(
          version,
          script,
          shown,
          "SHARE (blocks INSERT, UPDATE, DELETE)",
          table,
          size,
          "scans the table to build the index",
          byDuration(secs, true),
          secs,
          "CREATE INDEX CONCURRENTLY builds it without blocking writes");
    }
    if ((m = ALTER_TABLE.matcher(n)).find()) {
      String table = m.group(1);
      String action = m.group(2).toUpperCase(Locale.ROOT);
      long size = size(c, table);
      double scan = size / BYTES_PER_SECOND;
      if (action.matches(".*ALTER (COLUMN )?\\S+ (SET DATA )?TYPE .*")) {
        return risk(
            version,
            script,
            shown,
            "ACCESS EXCLUSIVE (blocks reads and writes)",
            table,
            size,
            "rewrites the table and its indexes",
            byDuration(scan * 2, false),
            scan * 2,
            "add a new column, backfill it in batches, then switch (seed 002's batched backfill)");
      }
      if (action.matches(".*ADD (COLUMN )?.*") && VOLATILE_DEFAULT.matcher(action).find()) {
        return risk(
            version,
            script,
            shown,
            "ACCESS EXCLUSIVE (blocks reads and writes)",
            table,
            size,
            "a volatile default rewrites every row",
            byDuration(scan * 2, false),
            scan * 2,
            "add the column without a default, set the default, backfill in batches");
      }
      if (action.matches(".*SET NOT NULL.*")) {
        return risk(
            version,
            script,
            shown,
            "ACCESS EXCLUSIVE (blocks reads and writes)",
            table,
            size,
            "scans the whole table to check for NULLs",
            byDuration(scan, false),
            scan,
            "first ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL");
      }
      if (action.matches(".*ADD (CONSTRAINT \\S+ )?(FOREIGN KEY|CHECK|PRIMARY KEY|UNIQUE).*")
          && !action.contains("NOT VALID")
          && !action.contains("USING INDEX")) {
        boolean fk = action.contains("FOREIGN KEY");
        return risk(
            version,
            script,
            shown,
            fk
                ? "SHARE ROW EXCLUSIVE on both tables (blocks writes)"
                : "ACCESS EXCLUSIVE (blocks reads and writes)",
            table,
            size,
            "scans the table to check every row",
            byDuration(scan, fk),
            scan,
            action.contains("PRIMARY KEY") || action.contains("UNIQUE")
                ? "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX"
                : "ADD it NOT VALID (instant), then VALIDATE CONSTRAINT (no write lock)");
      }
      if (action.matches(".*DROP (COLUMN )?.*")
          && !action.contains("DROP CONSTRAINT")
          && !action.contains("DROP DEFAULT")
          && !action.contains("DROP NOT NULL")) {
        return risk(
            version,
            script,
            shown,
            "ACCESS EXCLUSIVE (brief)",
            table,
            size,
            "drops data: the column's values are gone",
            Impact.CRITICAL,
            0,
            "keep a backup (or move the column's data to a backup table) before dropping");
      }
      return risk(
          version,
          script,
          shown,
          "ACCESS EXCLUSIVE (brief: catalog only)",
          table,
          size,
          "changes the catalog only; waits for running queries on the table",
          size > 1_000_000_000L ? Impact.MEDIUM : Impact.LOW,
          0,
          "set lock_timeout so a long query cannot queue everyone behind this lock");
    }
    if ((m = DML.matcher(n)).find()) {
      String table = m.group(2);
      long size = size(c, table);
      long tableRows = estimatedRows(c, table);
      boolean all = !m.group(3).toUpperCase(Locale.ROOT).contains(" WHERE ");
      // the target's planner says how many rows it would touch (EXPLAIN plans, it does not run)
      Long planned = all ? Long.valueOf(tableRows) : plannedRows(c, statement);
      long touched = planned == null ? tableRows : planned;
      String how =
          all
              ? "touches every row"
              : planned == null
                  ? "touches the rows its WHERE selects (the target cannot plan it before the"
                      + " earlier statements: counted as every row)"
                  : "touches about " + String.format("%,d", touched) + " rows by the target's plan";
      // a table the planner has no count for (never analysed, just restored): its size decides
      boolean uncounted = tableRows <= 0 && size > 0;
      double fraction =
          uncounted
              ? (all || planned == null ? 1.0 : 0.0)
              : tableRows <= 0 ? 0 : Math.min(1.0, (double) touched / tableRows);
      // each touched row gets a new version: about its share of the table written once more
      double secs = fraction * size * 2 / BYTES_PER_SECOND;
      boolean large =
          uncounted
              ? fraction > 0 && size >= 1_000_000
              : touched >= 1_000 && fraction >= 0.10 || touched >= 100_000;
      Impact impact = large ? (secs >= 1 ? Impact.HIGH : Impact.MEDIUM) : Impact.LOW;
      return risk(
          version,
          script,
          shown,
          "ROW EXCLUSIVE (locks the rows it touches)",
          table,
          size,
          how
              + (tableRows > 0
                  ? String.format(" of %,d in one transaction", tableRows)
                  : " in one transaction")
              + (large ? ": those rows stay locked and the table bloats until it commits" : ""),
          impact,
          secs,
          large
              ? "backfill in batches of a few thousand rows, each in its own transaction (seed"
                  + " 002's batched backfill)"
              : null);
    }
    if ((m = TABLE_OP.matcher(n)).find()) {
      String op = m.group(1).toUpperCase(Locale.ROOT);
      String table = m.group(2);
      long size = size(c, table);
      if (op.startsWith("DROP") || op.startsWith("TRUNCATE")) {
        return risk(
            version,
            script,
            shown,
            "ACCESS EXCLUSIVE",
            table,
            size,
            "removes the table's data",
            Impact.CRITICAL,
            0,
            "move the table to a backup schema instead (staged rollback), drop it later");
      }
      if (op.startsWith("CREATE POLICY")) {
        return risk(
            version,
            script,
            shown,
            "ACCESS EXCLUSIVE (brief: catalog only)",
            table,
            size,
            "adds a row-level-security policy",
            Impact.LOW,
            0,
            "check that the application sets the policy's setting (e.g. app.current_tenant_id)");
      }
      double secs = size * 2 / BYTES_PER_SECOND;
      return risk(
          version,
          script,
          shown,
          "ACCESS EXCLUSIVE (blocks reads and writes)",
          table,
          size,
          "rewrites the table",
          byDuration(secs, false),
          secs,
          "pg_repack rewrites without a long lock");
    }
    return risk(
        version,
        script,
        shown,
        "none on existing data",
        null,
        0,
        "creates new objects or changes no table's rows",
        Impact.LOW,
        0,
        null);
  }

  private static Impact byDuration(double seconds, boolean readsGoOn) {
    if (seconds >= 60) {
      return Impact.CRITICAL;
    }
    if (seconds >= 1) {
      return Impact.HIGH;
    }
    return readsGoOn ? Impact.LOW : Impact.MEDIUM;
  }

  private static StatementRisk risk(
      String version,
      String script,
      String statement,
      String lock,
      String table,
      long size,
      String work,
      Impact impact,
      double seconds,
      String advice) {
    String s = statement.length() > 300 ? statement.substring(0, 297) + "…" : statement;
    return new StatementRisk(
        version,
        script,
        s,
        lock,
        table == null ? null : table.toLowerCase(Locale.ROOT),
        size,
        work,
        impact,
        seconds,
        advice,
        null);
  }

  /** The planner's row count for the table (0 when it was never analysed or does not exist). */
  private static long estimatedRows(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT greatest(c.reltuples, 0)::bigint FROM pg_class c WHERE c.oid = to_regclass(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * The rows an UPDATE or DELETE would touch by the target's planner ({@code EXPLAIN}, which plans
   * without running); null when the target cannot plan it yet (it names a column an earlier
   * statement adds).
   */
  private static Long plannedRows(Connection c, String statement) {
    try (java.sql.Statement st = c.createStatement()) {
      // planning takes a light lock: never queue behind a migration holding the table
      st.execute("SET lock_timeout = '2s'");
    } catch (SQLException e) {
      return null;
    }
    try (java.sql.Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + statement)) {
      rs.next();
      com.fasterxml.jackson.databind.JsonNode plan =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(rs.getString(1))
              .path(0)
              .path("Plan");
      if (plan.path("Node Type").asText().equals("ModifyTable") && plan.has("Plans")) {
        plan = plan.path("Plans").path(0);
      }
      return plan.path("Plan Rows").asLong();
    } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    } finally {
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("RESET lock_timeout");
      } catch (SQLException ignored) {
        // the connection is gone: nothing to reset
      }
    }
  }

  /** The table's total size (with indexes and TOAST), 0 if it does not exist yet. */
  private static long size(Connection c, String table) throws SQLException {
    // to_regclass folds unquoted names and keeps quoted ones, as the statement itself would
    String name = table;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT coalesce(pg_total_relation_size(to_regclass(?)), 0)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
