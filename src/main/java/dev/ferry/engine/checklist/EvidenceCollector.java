package dev.ferry.engine.checklist;

import dev.ferry.engine.backup.Backups;
import dev.ferry.engine.backup.Manifests;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the evidence for the proofs a checklist can ask for, from a run's result and by asking
 * the target itself (identity sequences past the highest key, tables analyzed).
 */
public final class EvidenceCollector {
  private EvidenceCollector() {}

  public static Map<String, Evidence> collect(
      MigrationResult r, MigrationPlan plan, ConnectionSpec target, Path workspace) {
    Map<String, Evidence> out = new LinkedHashMap<>();
    out.put("backup", backup(workspace, target, plan));
    boolean loaded =
        r.status() == RunStatus.SUCCEEDED
            || r.status() == RunStatus.SUCCEEDED_WITH_REJECTS
            || r.status() == RunStatus.OBJECTS_FAILED
            || r.status() == RunStatus.VALIDATION_FAILED;
    out.put(
        "assessment",
        new Evidence(
            true,
            "run "
                + r.runId()
                + " passed the pre-flight checks"
                + (r.waivers().isEmpty()
                    ? " with no open blocker"
                    : "; waived: "
                        + String.join(
                            "; ",
                            r.waivers().stream()
                                .map(
                                    w ->
                                        w.finding() + " on " + w.object() + " (" + w.reason() + ")")
                                .toList()))));
    long tables = r.ddl().stream().filter(s -> s.startsWith("CREATE TABLE")).count();
    // proved by the ledger (every planned object created, none refused by the target) and by the
    // schema section reading them back (a kept table missing its keys or indexes is not proof)
    var failed = r.failedObjects();
    var v = r.validation();
    List<String> readBack = new ArrayList<>();
    if (v != null) {
      readBack.addAll(v.schema());
      readBack.addAll(v.schemaNotes());
    }
    String evidence;
    if (!failed.isEmpty()) {
      evidence =
          failed.size()
              + " of "
              + r.ledger().size()
              + " planned objects failed: "
              + String.join(", ", failed.stream().map(e -> e.object()).toList());
    } else if (v == null) {
      evidence =
          tables
              + " tables created, "
              + r.ddl().size()
              + " DDL statements run; not read back (validation was not run)";
    } else if (!readBack.isEmpty()) {
      evidence =
          readBack.size() + " planned objects missing or different: " + String.join("; ", readBack);
    } else {
      evidence =
          tables
              + " tables created, "
              + r.ddl().size()
              + " DDL statements run, every object read back from the target";
    }
    out.put(
        "schema",
        new Evidence(
            loaded && tables > 0 && failed.isEmpty() && v != null && readBack.isEmpty(), evidence));
    out.put(
        "data",
        new Evidence(
            loaded,
            String.format(
                "%,d rows loaded into %d tables (%s)",
                r.rowsLoaded(), r.tables().size(), r.status().name().toLowerCase())));
    out.put(
        "rejects",
        new Evidence(
            r.rowsRejected() == 0 && loaded,
            r.rowsRejected() == 0
                ? "no row rejected"
                : String.format("%,d rows rejected: %s", r.rowsRejected(), r.rejectsDirectory())));
    out.put(
        "validation",
        r.validation() == null
            ? new Evidence(false, "validation was not run")
            : new Evidence(r.validation().ok(), r.validation().summary()));
    if (!loaded || target == null) {
      out.put("sequences", new Evidence(false, "the run did not finish loading"));
      out.put("analyze", new Evidence(false, "the run did not finish loading"));
      return out;
    }
    try (Connection c = target.open()) {
      out.put("sequences", sequences(c, plan));
      out.put("analyze", analyzed(c, plan, r.tables()));
    } catch (SQLException e) {
      String why = "cannot ask the target: " + FerryException.describe(e);
      out.put("sequences", new Evidence(false, why));
      out.put("analyze", new Evidence(false, why));
    }
    return out;
  }

  /**
   * The newest verified backup of the target's database in {@code <workspace>/backups}, or — when
   * every source is a SQLite file — a verified backup of each of them.
   */
  private static Evidence backup(Path workspace, ConnectionSpec target, MigrationPlan plan) {
    if (workspace == null || target == null) {
      return new Evidence(false, "no backup in the workspace (ferry backup …)");
    }
    Path dir = Backups.dir(workspace);
    try {
      String database = target.name();
      String found = verifiedBackup(dir, database, identityOf(target));
      if (found.startsWith("backup of")) {
        return new Evidence(true, found);
      }
      List<String> files =
          plan.sources().stream()
              .map(s -> ConnectionSpec.parse(s.url()))
              .filter(Backups::backsUpSource)
              .map(Backups::backupName)
              .toList();
      if (files.isEmpty() || files.size() < plan.sources().size()) {
        return new Evidence(false, found);
      }
      List<String> sources = new ArrayList<>();
      boolean all = true;
      for (String file : files) {
        String s = verifiedBackup(dir, file, null);
        all &= s.startsWith("backup of");
        sources.add(s);
      }
      return new Evidence(all, String.join("; ", sources));
    } catch (IOException e) {
      return new Evidence(false, "cannot read the backups in " + dir + ": " + e.getMessage());
    }
  }

  private static String identityOf(ConnectionSpec target) {
    try {
      return Backups.identity(target);
    } catch (java.sql.SQLException | RuntimeException e) {
      return null; // the target cannot say: only the database's name is compared
    }
  }

  /**
   * "backup of …" (with its age) for a verified newest backup of {@code database} on {@code server}
   * (a backup of a same-named database on another server does not count), else what is wrong.
   */
  private static String verifiedBackup(Path dir, String database, String server)
      throws IOException {
    var newest = Manifests.newest(dir, database, server);
    if (newest.isEmpty()) {
      return "no backup of " + database + (server == null ? "" : " on " + server) + " in " + dir;
    }
    var b = newest.get();
    var problems = Manifests.verify(Path.of(b.file()));
    return problems.isEmpty()
        ? "backup of "
            + database
            + (b.server() == null ? "" : " on " + b.server())
            + " taken "
            + age(b.at())
            + " ("
            + b.at()
            + "): "
            + b.file()
            + " ("
            + b.bytes()
            + " bytes, SHA-256 "
            + b.sha256().substring(0, 16)
            + "… verified)"
        : "backup " + b.file() + ": " + String.join("; ", problems);
  }

  /** How long ago, as a DBA says it: 40 s, 12 min, 3 h, 2 days. */
  static String age(java.time.Instant at) {
    long s = Math.max(0, java.time.Duration.between(at, java.time.Instant.now()).getSeconds());
    if (s < 90) {
      return s + " s ago";
    }
    if (s < 90 * 60) {
      return s / 60 + " min ago";
    }
    if (s < 36 * 3600) {
      return s / 3600 + " h ago";
    }
    return s / 86400 + " days ago";
  }

  private static Evidence sequences(Connection c, MigrationPlan plan) throws SQLException {
    List<String> ok = new ArrayList<>();
    List<String> behind = new ArrayList<>();
    String schema = plan.target().schema();
    for (TablePlan tp : plan.targetTables()) {
      for (ColumnPlan cp : tp.columns()) {
        if (!cp.identity()) {
          continue;
        }
        String table = Identifiers.qualified(schema, tp.target());
        String col = Identifiers.quote(cp.target());
        // the sequence's next value must be past the highest key already in the table
        String seq = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
          ps.setString(1, table);
          ps.setString(2, cp.target());
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              seq = rs.getString(1);
            }
          }
        }
        if (seq == null) {
          behind.add(tp.target() + "." + cp.target() + " (no sequence)");
          continue;
        }
        // seq is the server's own quoted, qualified name of the sequence
        try (var st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT s.last_value, s.is_called, (SELECT max("
                        + col
                        + ") FROM "
                        + table
                        + ") FROM "
                        + seq
                        + " s")) {
          rs.next();
          long last = rs.getLong(1);
          long next = rs.getBoolean(2) ? last + 1 : last;
          long max = rs.getLong(3);
          (next > max ? ok : behind)
              .add(tp.target() + "." + cp.target() + " next " + next + " > max " + max);
        }
      }
    }
    if (ok.isEmpty() && behind.isEmpty()) {
      return new Evidence(true, "no identity column in the migrated tables");
    }
    return behind.isEmpty()
        ? new Evidence(
            true,
            ok.size()
                + " identity sequences continue past their highest key: "
                + String.join(", ", ok))
        : new Evidence(false, "sequences behind their data: " + String.join(", ", behind));
  }

  private static Evidence analyzed(Connection c, MigrationPlan plan, List<TableResult> tables)
      throws SQLException {
    List<String> missing = new ArrayList<>();
    int n = 0;
    // reltuples is -1 until a table is first analyzed (or vacuumed); it is transactional, so it
    // shows at once, unlike the statistics views
    String sql =
        "SELECT c.reltuples >= 0 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (TableResult t : tables) {
        ps.setString(1, plan.target().schema());
        ps.setString(2, t.target());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            n++;
          } else {
            missing.add(t.target());
          }
        }
      }
    }
    return missing.isEmpty()
        ? new Evidence(true, n + " tables analyzed")
        : new Evidence(false, "not analyzed: " + String.join(", ", missing));
  }
}
