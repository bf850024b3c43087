package dev.ferry.engine.journal;

import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run journal: an SQLite file in the workspace ({@code journal.db}) recording runs, their
 * phases, committed chunks and results. It holds plans (which never contain passwords) and never a
 * secret. Safe to call from several threads.
 */
public final class RunJournal implements AutoCloseable {
  private final Connection db;

  private RunJournal(Connection db) {
    this.db = db;
  }

  public static RunJournal open(Path workspace) throws SQLException {
    try {
      PrivateFiles.workspace(workspace);
      // SQLite gives its -wal and -shm files the permissions of the database file
      PrivateFiles.touch(workspace.resolve("journal.db"));
    } catch (IOException e) {
      throw new SQLException(
          "Cannot create the Ferry workspace " + workspace + ": " + e.getMessage(), e);
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + workspace.resolve("journal.db"));
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute("PRAGMA journal_mode = WAL");
      st.execute(
          "CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,"
              + " status TEXT NOT NULL, message TEXT, plan_yaml TEXT NOT NULL, pid INTEGER NOT NULL, result_json TEXT)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS phases (run_id TEXT NOT NULL, phase TEXT NOT NULL, status TEXT NOT NULL,"
              + " started_at TEXT, finished_at TEXT, PRIMARY KEY (run_id, phase))");
      st.execute(
          "CREATE TABLE IF NOT EXISTS chunks (run_id TEXT NOT NULL, target_table TEXT NOT NULL, chunk INTEGER NOT NULL,"
              + " rows INTEGER NOT NULL, committed_at TEXT NOT NULL, PRIMARY KEY (run_id, target_table, chunk))");
      // a run's chunks are decided once: a resume loads the same key ranges
      st.execute(
          "CREATE TABLE IF NOT EXISTS chunk_plans (run_id TEXT NOT NULL, target_table TEXT NOT NULL,"
              + " source_table TEXT NOT NULL, chunk INTEGER NOT NULL, split_key TEXT, lo INTEGER, hi INTEGER,"
              + " PRIMARY KEY (run_id, target_table, chunk))");
      try {
        // rows read per committed chunk, for a resume to see what changed in the source since
        st.execute("ALTER TABLE chunks ADD COLUMN rows_read INTEGER");
      } catch (SQLException alreadyThere) {
        // a journal written since this column exists
      }
      st.execute(
          "CREATE TABLE IF NOT EXISTS events (run_id TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, object TEXT,"
              + " message TEXT NOT NULL)");
      // validations of a run's target after the run (ferry validate, Validate again): the newest
      // is the run's evidence
      st.execute(
          "CREATE TABLE IF NOT EXISTS validations (run_id TEXT NOT NULL, at TEXT NOT NULL,"
              + " by TEXT NOT NULL, report_json TEXT NOT NULL)");
      // what each table's load and each DDL statement took, for the run's timeline
      st.execute(
          "CREATE TABLE IF NOT EXISTS spans (run_id TEXT NOT NULL, phase TEXT NOT NULL, target_table TEXT,"
              + " kind TEXT NOT NULL, what TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, ok INTEGER NOT NULL)");
      // rows and bytes moved per second or so, for a past run's throughput chart
      st.execute(
          "CREATE TABLE IF NOT EXISTS throughput (run_id TEXT NOT NULL, at TEXT NOT NULL,"
              + " seconds REAL NOT NULL, rows INTEGER NOT NULL, bytes INTEGER NOT NULL, phase TEXT NOT NULL)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS signoffs (run_id TEXT NOT NULL, item TEXT NOT NULL, operator TEXT NOT NULL,"
              + " at TEXT NOT NULL, note TEXT, PRIMARY KEY (run_id, item))");
    }
    return new RunJournal(c);
  }

  public synchronized void createRun(String runId, String planYaml) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO runs (run_id, started_at, status, plan_yaml, pid) VALUES (?, ?, 'RUNNING', ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, Instant.now().toString());
      ps.setString(3, planYaml);
      ps.setLong(4, ProcessHandle.current().pid());
      ps.executeUpdate();
    }
  }

  /** Marks a run as taken over by this process (on resume). */
  public synchronized void claim(String runId) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "UPDATE runs SET status='RUNNING', pid=?, finished_at=NULL WHERE run_id=?")) {
      ps.setLong(1, ProcessHandle.current().pid());
      ps.setString(2, runId);
      ps.executeUpdate();
    }
  }

  public synchronized void finish(String runId, RunStatus status, String message, String resultJson)
      throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "UPDATE runs SET status=?, message=?, finished_at=?, result_json=coalesce(?, result_json) WHERE run_id=?")) {
      ps.setString(1, status.name());
      ps.setString(2, message);
      ps.setString(3, Instant.now().toString());
      ps.setString(4, resultJson);
      ps.setString(5, runId);
      ps.executeUpdate();
    }
  }

  public synchronized void phase(String runId, Phase phase, String status) throws SQLException {
    String now = Instant.now().toString();
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO phases (run_id, phase, status, started_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (run_id, phase) DO UPDATE SET status=excluded.status,"
                + " finished_at=CASE WHEN excluded.status='DONE' THEN ? ELSE NULL END")) {
      ps.setString(1, runId);
      ps.setString(2, phase.name());
      ps.setString(3, status);
      ps.setString(4, now);
      ps.setString(5, now);
      ps.executeUpdate();
    }
  }

  public synchronized Set<Phase> phasesDone(String runId) throws SQLException {
    Set<Phase> done = EnumSet.noneOf(Phase.class);
    try (PreparedStatement ps =
        db.prepareStatement("SELECT phase FROM phases WHERE run_id=? AND status='DONE'")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          done.add(Phase.valueOf(rs.getString(1)));
        }
      }
    }
    return done;
  }

  /** A chunk as the journal keeps it: its number and key range (open ends null). */
  public record StoredChunk(int number, String key, Long lo, Long hi) {}

  /** The chunks a run decided for one source table of a target table; empty before they are. */
  public synchronized List<StoredChunk> chunkPlan(String runId, String target, String source)
      throws SQLException {
    List<StoredChunk> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT chunk, split_key, lo, hi FROM chunk_plans WHERE run_id = ? AND target_table = ?"
                + " AND source_table = ? ORDER BY chunk")) {
      ps.setString(1, runId);
      ps.setString(2, target);
      ps.setString(3, source);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long lo = rs.getLong(3);
          Long from = rs.wasNull() ? null : lo;
          long hi = rs.getLong(4);
          Long to = rs.wasNull() ? null : hi;
          out.add(new StoredChunk(rs.getInt(1), rs.getString(2), from, to));
        }
      }
    }
    return out;
  }

  /** Keeps the chunks decided for one source table of a target table, all or none. */
  public synchronized void saveChunkPlan(
      String runId, String target, String source, List<StoredChunk> chunks) throws SQLException {
    db.setAutoCommit(false);
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO chunk_plans (run_id, target_table, source_table, chunk, split_key, lo, hi)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (StoredChunk c : chunks) {
        ps.setString(1, runId);
        ps.setString(2, target);
        ps.setString(3, source);
        ps.setInt(4, c.number());
        ps.setString(5, c.key());
        ps.setObject(6, c.lo());
        ps.setObject(7, c.hi());
        ps.executeUpdate();
      }
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  /** Forgets a target table's chunks and their plan: it is loaded again from the start. */
  public synchronized void forgetChunks(String runId, String target) throws SQLException {
    for (String table : List.of("chunk_plans", "chunks")) {
      try (PreparedStatement ps =
          db.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? AND target_table = ?")) {
        ps.setString(1, runId);
        ps.setString(2, target);
        ps.executeUpdate();
      }
    }
  }

  public synchronized void chunkDone(
      String runId, String table, int chunk, long rows, long rowsRead) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT OR REPLACE INTO chunks (run_id, target_table, chunk, rows, committed_at, rows_read)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, table);
      ps.setInt(3, chunk);
      ps.setLong(4, rows);
      ps.setString(5, Instant.now().toString());
      ps.setLong(6, rowsRead);
      ps.executeUpdate();
    }
  }

  /** Per target table, the rows loaded and read by the run's committed chunks. */
  public synchronized Map<String, long[]> loadedRows(String runId) throws SQLException {
    Map<String, long[]> out = new HashMap<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT target_table, sum(rows), sum(coalesce(rows_read, rows)) FROM chunks"
                + " WHERE run_id = ? GROUP BY target_table")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
    }
    return out;
  }

  /** The source rows each committed chunk of a target table read (chunks journaled since kept). */
  public synchronized Map<Integer, Long> rowsRead(String runId, String target) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT chunk, rows_read FROM chunks WHERE run_id = ? AND target_table = ?"
                + " AND rows_read IS NOT NULL")) {
      ps.setString(1, runId);
      ps.setString(2, target);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  public synchronized void event(String runId, String kind, String object, String message)
      throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO events (run_id, at, kind, object, message) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, Instant.now().toString());
      ps.setString(3, kind);
      ps.setString(4, object);
      ps.setString(5, message);
      ps.executeUpdate();
    }
  }

  /** The objects (or messages) of a run's events of one kind, in order. */
  public synchronized Set<String> events(String runId, String kind, boolean objects)
      throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT "
                + (objects ? "object" : "message")
                + " FROM events WHERE run_id = ? AND kind = ? ORDER BY rowid")) {
      ps.setString(1, runId);
      ps.setString(2, kind);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** A validation of a run's target made after the run, as the journal keeps it. */
  public record StoredValidation(Instant at, String by, String reportJson) {}

  /** Records a validation of a run's target made after the run (its report as JSON). */
  public synchronized void validation(String runId, StoredValidation v) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO validations (run_id, at, by, report_json) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, v.at().toString());
      ps.setString(3, v.by());
      ps.setString(4, v.reportJson());
      ps.executeUpdate();
    }
  }

  /** The validations of a run's target made after it, oldest first. */
  public synchronized List<StoredValidation> validations(String runId) throws SQLException {
    List<StoredValidation> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT at, by, report_json FROM validations WHERE run_id = ? ORDER BY rowid")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredValidation(
                  Instant.parse(rs.getString(1)), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return out;
  }

  /** Records a table's load or a DDL statement with its times, for the run's timeline. */
  public synchronized void span(String runId, MigrationEvent.Span s) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO spans (run_id, phase, target_table, kind, what, started_at, finished_at, ok)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, s.phase().name());
      ps.setString(3, s.table());
      ps.setString(4, s.kind());
      ps.setString(5, s.what());
      ps.setString(6, s.started().toString());
      ps.setString(7, s.finished().toString());
      ps.setInt(8, s.ok() ? 1 : 0);
      ps.executeUpdate();
    }
  }

  /** Records what the run moved in one window. */
  public synchronized void throughput(String runId, ThroughputSample s) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO throughput (run_id, at, seconds, rows, bytes, phase) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, s.at().toString());
      ps.setDouble(3, s.seconds());
      ps.setLong(4, s.rows());
      ps.setLong(5, s.bytes());
      ps.setString(6, s.phase().name());
      ps.executeUpdate();
    }
  }

  /**
   * A run's recorded throughput windows, oldest first (a resumed run's attempts one after another).
   */
  public synchronized List<ThroughputSample> throughput(String runId) throws SQLException {
    List<ThroughputSample> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT at, seconds, rows, bytes, phase FROM throughput WHERE run_id = ? ORDER BY rowid")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ThroughputSample(
                  Instant.parse(rs.getString(1)),
                  rs.getDouble(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  Phase.valueOf(rs.getString(5))));
        }
      }
    }
    return out;
  }

  /** A run's timeline: every recorded span, in the order they started. */
  public synchronized List<MigrationEvent.Span> spans(String runId) throws SQLException {
    List<MigrationEvent.Span> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT phase, target_table, kind, what, started_at, finished_at, ok FROM spans"
                + " WHERE run_id = ? ORDER BY rowid")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new MigrationEvent.Span(
                  Phase.valueOf(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  Instant.parse(rs.getString(5)),
                  Instant.parse(rs.getString(6)),
                  rs.getInt(7) == 1));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(MigrationEvent.Span::started));
    return out;
  }

  /** Every event of a run (or of a schema-change project), oldest first. */
  public synchronized List<JournalEvent> eventLog(String runId) throws SQLException {
    List<JournalEvent> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT at, kind, object, message FROM events WHERE run_id = ? ORDER BY rowid")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new JournalEvent(
                  Instant.parse(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4)));
        }
      }
    }
    return out;
  }

  /** Records (or replaces) an operator's sign-off of a checklist item for a run. */
  public synchronized void signOff(SignOff s) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO signoffs (run_id, item, operator, at, note) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, item) DO UPDATE SET operator=excluded.operator,"
                + " at=excluded.at, note=excluded.note")) {
      ps.setString(1, s.runId());
      ps.setString(2, s.item());
      ps.setString(3, s.operator());
      ps.setString(4, s.at().toString());
      ps.setString(5, s.note());
      ps.executeUpdate();
    }
    event(
        s.runId(), "sign-off", s.item(), s.operator() + (s.note() == null ? "" : ": " + s.note()));
  }

  public synchronized List<SignOff> signOffs(String runId) throws SQLException {
    List<SignOff> out = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT item, operator, at, note FROM signoffs WHERE run_id=? ORDER BY at")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SignOff(
                  runId,
                  rs.getString(1),
                  rs.getString(2),
                  Instant.parse(rs.getString(3)),
                  rs.getString(4)));
        }
      }
    }
    return out;
  }

  /** The result JSON a finished run stored, if any. */
  public synchronized Optional<String> resultJson(String runId) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT result_json FROM runs WHERE run_id=?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  public synchronized Optional<RunRecord> run(String runId) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(SELECT_RUN + " WHERE run_id=?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(record(rs)) : Optional.empty();
      }
    }
  }

  public synchronized List<RunRecord> runs() throws SQLException {
    List<RunRecord> out = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(SELECT_RUN + " ORDER BY started_at DESC")) {
      while (rs.next()) {
        out.add(record(rs));
      }
    }
    return out;
  }

  /** The newest run that was interrupted, failed or killed (RUNNING with its process gone). */
  public Optional<RunRecord> latestResumable() throws SQLException {
    return runs().stream()
        .filter(
            r ->
                r.status() == RunStatus.INTERRUPTED
                    || r.status() == RunStatus.FAILED
                    || r.isAbandoned())
        .findFirst();
  }

  private static final String SELECT_RUN =
      "SELECT run_id, started_at, finished_at, status, message, plan_yaml, pid FROM runs";

  private static RunRecord record(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getString(1),
        Instant.parse(rs.getString(2)),
        rs.getString(3) == null ? null : Instant.parse(rs.getString(3)),
        RunStatus.valueOf(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7));
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }
}
