package dev.ferry.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.TestDatabases;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.TargetRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loaded table's vacuum only makes what follows faster: when it fails the run goes on with a
 * warning, the failed step in its timeline, and the table's statistics gathered without it.
 */
class VacuumTest {
  private static final MigrationPlan PLAN =
      new MigrationPlan(
          MigrationPlan.CURRENT_VERSION,
          List.of(),
          new TargetRef(null, "public"),
          Settings.defaults(),
          List.of(),
          List.of());

  @Test
  void aFailedVacuumIsAWarningAndTheTableIsStillAnalyzed() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE t (id int PRIMARY KEY, note text)");
        st.execute("INSERT INTO t SELECT i, 'n' || i FROM generate_series(1, 5000) i");
      }
      List<String> warnings = new ArrayList<>();
      List<MigrationEvent.Span> spans = new ArrayList<>();
      DdlRunner ddl =
          new DdlRunner(
              e -> {
                if (e instanceof MigrationEvent.Span s) {
                  spans.add(s);
                }
              },
              warnings::add,
              entry -> {});
      // the vacuum stopped by a statement timeout the role sets
      ConstraintsPhase.vacuumOrAnalyze(
          c,
          PLAN,
          ddl,
          "t",
          () -> {
            throw new SQLException("canceling statement due to statement timeout", "57014");
          });
      assertThat(warnings).singleElement().asString().startsWith("t: VACUUM failed");
      assertThat(spans)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.kind()).isEqualTo(Analyze.VACUUM);
                assertThat(s.ok()).isFalse();
              });
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT reltuples FROM pg_class WHERE relname = 't'")) {
        rs.next();
        assertThat(rs.getDouble(1)).as("analyzed all the same").isEqualTo(5000);
      }

      // the vacuum itself: the pages become all-visible
      warnings.clear();
      ConstraintsPhase.vacuumOrAnalyze(c, PLAN, ddl, "t");
      assertThat(warnings).isEmpty();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT relallvisible, relpages FROM pg_class WHERE relname = 't'")) {
        rs.next();
        assertThat(rs.getInt(1)).isPositive().isEqualTo(rs.getInt(2));
      }
    }
  }
}
