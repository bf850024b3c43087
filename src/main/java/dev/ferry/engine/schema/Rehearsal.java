package dev.ferry.engine.schema;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a plan's whole target DDL — schema, types, tables, keys, indexes, checks, foreign keys,
 * triggers, views — in one transaction on the target that is always rolled back, each statement
 * behind its own savepoint, and says what PostgreSQL made of each. Tables that already exist are
 * left alone, as the run leaves them.
 */
public final class Rehearsal {
  /** One statement's outcome: {@code error} is null when PostgreSQL accepted it. */
  public record Outcome(Ddl ddl, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private Rehearsal() {}

  public static List<Outcome> run(Connection target, MigrationPlan plan, SchemaScript script)
      throws SQLException {
    List<Outcome> out = new ArrayList<>();
    boolean autoCommit = target.getAutoCommit();
    target.setAutoCommit(false);
    try (Statement st = target.createStatement()) {
      // it only creates new objects; never wait long behind the application's locks
      st.execute("SET LOCAL lock_timeout = '5s'");
      // as the run's sessions see it: the target schema first (unqualified types resolve there)
      st.execute(
          "SET LOCAL search_path = " + Identifiers.quote(plan.target().schema()) + ", public");
      Set<String> existing = new HashSet<>(TargetPolicy.existingTables(target, plan));
      List<Ddl> ddl = new ArrayList<>(script.prelude());
      for (List<Ddl> group :
          List.of(
              script.tables(),
              script.afterTables(),
              script.keys(),
              script.indexes(),
              script.checks(),
              script.foreignKeys(),
              script.triggers())) {
        ddl.addAll(group.stream().filter(d -> !existing.contains(d.table())).toList());
      }
      ddl.addAll(script.views());
      ddl.addAll(
          script.finishing().stream()
              .filter(d -> d.table() == null || !existing.contains(d.table()))
              .toList());
      for (Ddl d : ddl) {
        out.add(rehearse(target, st, d));
      }
    } finally {
      target.rollback();
      target.setAutoCommit(autoCommit);
    }
    return out;
  }

  private static Outcome rehearse(Connection target, Statement st, Ddl d) throws SQLException {
    Savepoint before = target.setSavepoint();
    try {
      for (String sql : d.statements()) {
        st.execute(DdlRunner.oneStatement(target, sql));
      }
      target.releaseSavepoint(before);
      return new Outcome(d, null);
    } catch (SQLException e) {
      target.rollback(before);
      // e.g. a type the target has already: the run keeps it too
      return new Outcome(d, DdlRunner.isAlreadyThere(e) ? null : FerryException.describe(e));
    }
  }
}
