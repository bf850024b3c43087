package dev.ferry.engine.schema;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the target's DDL: the one place a statement of the schema script meets the target. */
public final class DdlRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DdlRunner.class);

  private final MigrationListener listener;
  private final Consumer<String> warn;

  public DdlRunner(MigrationListener listener, Consumer<String> warn) {
    this.listener = listener;
    this.warn = warn;
  }

  /**
   * Runs a DDL statement; an optional one (or any in the constraints phase) that fails becomes a
   * warning instead of an error. Returns whether it was created.
   */
  public boolean execute(Connection c, Ddl d, Phase phase) throws SQLException {
    LOG.debug("{}: {}", d.description(), d.sql());
    try (Statement st = c.createStatement()) {
      for (String sql : d.statements()) {
        try {
          st.execute(sql);
        } catch (SQLException e) {
          if (isAlreadyThere(e)) {
            continue; // a resumed run meets what it created before it stopped
          }
          throw e;
        }
      }
      listener.onEvent(new MigrationEvent.StepDone(phase, d.description()));
      return true;
    } catch (SQLException e) {
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

  private static boolean isAlreadyThere(SQLException e) {
    String s = e.getSQLState();
    return "42P07".equals(s)
        || "42710".equals(s)
        || "42P16".equals(s) && e.getMessage().contains("multiple primary keys");
  }
}
