package dev.ferry.engine.schema;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Parser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the target's DDL: the one place a statement of the schema script meets the target. */
public final class DdlRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DdlRunner.class);

  private final MigrationListener listener;
  private final Consumer<String> warn;
  private final Consumer<LedgerEntry> ledger;

  /** {@code ledger} receives what became of each statement's object. */
  public DdlRunner(
      MigrationListener listener, Consumer<String> warn, Consumer<LedgerEntry> ledger) {
    this.listener = listener;
    this.warn = warn;
    this.ledger = ledger;
  }

  /**
   * Runs a DDL statement; an optional one (or any in the constraints phase) that fails becomes a
   * warning instead of an error. Returns whether it was created.
   */
  public boolean execute(Connection c, Ddl d, Phase phase) throws SQLException {
    String kind = d.kind() == null ? "OTHER" : d.kind().name();
    return spanned(phase, d.table(), kind, d.description(), () -> run(c, d, phase));
  }

  /** A warning of the run (the log, the journal, the console). */
  public void warning(String message) {
    warn.accept(message);
  }

  /** Work on a target table that is not a statement of the schema script. */
  @FunctionalInterface
  public interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} on {@code table} as a step of the run's timeline (started, then a span of
   * {@code kind}, failed or not); nothing goes to the ledger.
   */
  public void timed(Phase phase, String table, String kind, String what, Work work)
      throws SQLException {
    spanned(
        phase,
        table,
        kind,
        what,
        () -> {
          work.run();
          return true;
        });
  }

  private interface Step {
    boolean run() throws SQLException;
  }

  /**
   * Runs {@code step} between its start event and its timeline span, which says whether it went
   * through ({@code step}'s answer; false when it threw).
   */
  private boolean spanned(Phase phase, String table, String kind, String what, Step step)
      throws SQLException {
    Instant started = Instant.now();
    listener.onEvent(new MigrationEvent.WorkStarted(phase, table, kind, what));
    boolean ok = false;
    try {
      ok = step.run();
      return ok;
    } finally {
      listener.onEvent(
          new MigrationEvent.Span(phase, table, kind, what, started, Instant.now(), ok));
    }
  }

  private boolean run(Connection c, Ddl d, Phase phase) throws SQLException {
    LOG.debug("{}: {}", d.description(), d.sql());
    try (Statement st = c.createStatement()) {
      for (String sql : d.statements()) {
        try {
          executeRetryingDeadlocks(c, st, oneStatement(c, sql), d);
        } catch (SQLException e) {
          if (isAlreadyThere(e) || !violatedByData(sql, e) && constraintMadeBefore(c, d)) {
            continue; // a resumed run meets what it created before it stopped
          }
          if (violatedByData(sql, e)) {
            // added NOT VALID, and the source's own rows violate it: it stays NOT VALID, as the
            // source has them (validation tells pre-existing orphans from introduced ones)
            String why = FerryException.describe(e);
            warn.accept(d.description() + " was created NOT VALID: the data violates it: " + why);
            ledger.accept(
                new LedgerEntry(
                    d.description(), d.table(), ObjectState.CREATED, "NOT VALID: " + why));
            listener.onEvent(new MigrationEvent.StepDone(phase, d.description()));
            return true;
          }
          throw e;
        }
      }
      listener.onEvent(new MigrationEvent.StepDone(phase, d.description()));
      ledger.accept(new LedgerEntry(d.description(), d.table(), ObjectState.CREATED, null));
      return true;
    } catch (SQLException e) {
      ledger.accept(
          new LedgerEntry(
              d.description(), d.table(), ObjectState.FAILED, FerryException.describe(e)));
      if (d.optional() || phase == Phase.CONSTRAINTS) {
        warn.accept(d.description() + " was not created: " + FerryException.describe(e));
        return false;
      }
      throw new FerryException(
          "Creating "
              + d.description()
              + " failed: "
              + FerryException.describe(e)
              + "\nSQL: "
              + d.sql(),
          e);
    }
  }

  /** How often a statement chosen as a deadlock's victim is tried again. */
  static final int DEADLOCK_RETRIES = 5;

  /**
   * Runs one statement; as its own transaction, one that PostgreSQL chose as a deadlock's victim
   * (SQLSTATE 40P01: two foreign keys added at once may lock the same two tables in opposite order)
   * rolled back entirely and is tried again, after the other went ahead.
   */
  private static void executeRetryingDeadlocks(Connection c, Statement st, String sql, Ddl d)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        st.execute(sql);
        return;
      } catch (SQLException e) {
        if (!"40P01".equals(e.getSQLState()) || attempt > DEADLOCK_RETRIES || !c.getAutoCommit()) {
          throw e;
        }
        LOG.debug(
            "{}: deadlock, trying again ({} of {})", d.description(), attempt, DEADLOCK_RETRIES);
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * The statement, once the driver's own parser says it is one: pgjdbc runs "a; b" as two
   * statements even when prepared, and has no setting that forbids it, so text from the source (a
   * view's body) could otherwise run a second statement on the target. Parts that are only comments
   * do nothing and are not counted.
   */
  static String oneStatement(Connection c, String sql) throws SQLException {
    boolean standardStrings =
        !c.isWrapperFor(BaseConnection.class)
            || c.unwrap(BaseConnection.class).getStandardConformingStrings();
    List<String> parts =
        Parser.parseJdbcSql(sql, standardStrings, false, true, false, false).stream()
            .map(q -> q.nativeSql)
            .filter(q -> !q.replaceAll("(?s)/\\*.*?\\*/|--[^\n]*", "").isBlank())
            .toList();
    if (parts.size() > 1) {
      throw new SQLException(
          parts.size()
              + " statements in one, refused (only one may run): "
              + String.join("; ", parts.stream().map(String::strip).toList()),
          "42601");
    }
    return sql;
  }

  /** A VALIDATE CONSTRAINT that found rows breaking a foreign key or check (SQLSTATE 23…). */
  private static boolean violatedByData(String sql, SQLException e) {
    return e.getSQLState() != null
        && e.getSQLState().startsWith("23")
        && sql.matches("(?s)ALTER TABLE .* VALIDATE CONSTRAINT .*");
  }

  /** Records that an object the DDL would create is already there and kept. */
  public void kept(Ddl d) {
    ledger.accept(new LedgerEntry(d.description(), d.table(), ObjectState.KEPT, "existing, kept"));
  }

  /** Records what became of a source object no statement makes on its own. */
  public void accounted(SchemaScript.Accounted a) {
    ledger.accept(new LedgerEntry(a.object(), a.table(), a.state(), a.detail()));
  }

  /** Records a source object Ferry does not make, and why: listed, never silently dropped. */
  public void notCarried(String object, String why) {
    warn.accept("not carried: " + object + ": " + why);
    ledger.accept(new LedgerEntry(object, null, ObjectState.NOT_CARRIED, why));
  }

  /** Records an object that could not be made right, with why (e.g. an identity not reset). */
  public void failed(String object, String table, String why) {
    ledger.accept(new LedgerEntry(object, table, ObjectState.FAILED, why));
  }

  /**
   * Whether the key or constraint this DDL makes is already on its table: a run killed after
   * attaching it and resumed meets it (PostgreSQL then refuses to attach the index again, with an
   * error that names no duplicate object).
   */
  private static boolean constraintMadeBefore(Connection c, Ddl d) {
    if (d.name() == null
        || d.table() == null
        || d.kind() == null
        || !EnumSet.of(Ddl.Kind.PRIMARY_KEY, Ddl.Kind.UNIQUE, Ddl.Kind.CHECK, Ddl.Kind.FOREIGN_KEY)
            .contains(d.kind())) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(quote_ident(?)) AND conname = ?")) {
      ps.setString(1, d.table());
      ps.setString(2, d.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return false; // cannot tell: the original error stands
    }
  }

  /** Whether the error says the object exists already (a resumed run meets what it made). */
  public static boolean isAlreadyThere(SQLException e) {
    String s = e.getSQLState();
    return "42P07".equals(s)
        || "42710".equals(s)
        || "42P16".equals(s) && e.getMessage().contains("multiple primary keys");
  }
}
