package dev.ferry.engine.schema;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Sequence;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.SourceTables;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Moves every identity column's sequence past the highest value loaded (and past the source's own
 * counter, e.g. SQLite's AUTOINCREMENT), so the application's next insert gets a fresh key.
 */
public final class IdentityReset {
  /** Identities reset, and those that could not be (each also a warning). */
  public record Result(int reset, int failed) {}

  private final SourceTables tables;
  private final MigrationListener listener;
  private final Consumer<String> warn;
  private final DdlRunner ddl;

  public IdentityReset(
      SourceTables tables, MigrationListener listener, Consumer<String> warn, DdlRunner ddl) {
    this.tables = tables;
    this.listener = listener;
    this.warn = warn;
    this.ddl = ddl;
  }

  public Result run(Connection admin) {
    MigrationPlan plan = tables.plan();
    int reset = 0;
    int failed = 0;
    for (TablePlan tp : plan.targetTables()) {
      for (ColumnPlan cp : tp.columns()) {
        if (!cp.identity()) {
          continue;
        }
        // the highest counter of every source table loading into this one (SQLite AUTOINCREMENT)
        long counter =
            plan.loadingInto(tp.target()).stream()
                .flatMap(
                    m ->
                        tables.catalogs().get(m.source()).sequences().stream()
                            .filter(s -> s.name().equals(m.name())))
                .mapToLong(Sequence::lastValue)
                .max()
                .orElse(0);
        String table = Identifiers.qualified(plan.target().schema(), tp.target());
        // "the next value is after v" (is_called), never v + 1: a key at bigint's maximum is kept,
        // and the identity then says it has no value left, as the source would
        String highest = "GREATEST(coalesce(max(" + Identifiers.quote(cp.target()) + "), 0), ?)";
        String sql =
            "SELECT CASE WHEN "
                + highest
                + " < 1 THEN setval(pg_get_serial_sequence(?, ?), 1, false)"
                + " ELSE setval(pg_get_serial_sequence(?, ?), "
                + highest
                + ", true) END FROM "
                + table;
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
          ps.setLong(1, counter);
          ps.setString(2, table);
          ps.setString(3, cp.target());
          ps.setString(4, table);
          ps.setString(5, cp.target());
          ps.setLong(6, counter);
          ps.executeQuery().close();
          listener.onEvent(
              new MigrationEvent.StepDone(
                  Phase.CONSTRAINTS,
                  "identity " + tp.target() + "." + cp.target() + " reset past the highest value"));
          reset++;
        } catch (SQLException e) {
          ddl.failed(
              "identity " + tp.target() + "." + cp.target(),
              tp.target(),
              "not reset past the highest value: " + FerryException.describe(e));
          warn.accept(
              "identity "
                  + tp.target()
                  + "."
                  + cp.target()
                  + " was not reset: "
                  + FerryException.describe(e));
          failed++;
        }
      }
    }
    return new Result(reset, failed);
  }
}
