package dev.ferry.engine.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped samples built from seeds 000, 002 and 003, each against the real PostgreSQL: info →
 * dry run → risk → migrate → verify → undo → verify again.
 */
class SamplesTest {
  @org.junit.jupiter.api.io.TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "seed000-cost-tracking, 4, 1",
    "seed002-health-metrics, 3, 1",
    "seed003-tenant-isolation, 2, 1"
  })
  void sampleRunsForwardVerifiesAndUndoes(String sample, int pendingAfterBase, String baseVersion)
      throws Exception {
    Path folder = Path.of("resources", "samples", sample);
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), folder, "public");
      changes.migrate(baseVersion);
      assertThat(changes.info())
          .filteredOn(r -> r.state().equals("Pending"))
          .hasSize(pendingAfterBase);

      DryRun dry = changes.dryRun(null);
      assertThat(dry.ok()).as(dry.toString()).isTrue();
      assertThat(dry.changes()).isNotEmpty();
      List<StatementRisk> risks = changes.risk(null);
      assertThat(risks)
          .isNotEmpty()
          .allMatch(r -> r.impact() != null && r.lock() != null)
          // shown without the script's heading comments
          .allMatch(r -> !r.statement().startsWith("--"), "no leading comment");

      assertThat(changes.migrate(null)).isEqualTo(pendingAfterBase);
      assertThat(changes.verify())
          .isNotEmpty()
          .allSatisfy(c -> assertThat(c[1]).as(c[0] + ": " + c[2]).isEqualTo("PASS"));
      List<RlsAudit.TableAudit> audit = changes.rlsAudit("tenant_id", "app.current_tenant_id");
      assertThat(audit)
          .allSatisfy(a -> assertThat(a.ok()).as(a.table() + ": " + a.probe()).isTrue());

      assertThat(changes.undo(baseVersion)).hasSize(pendingAfterBase);
      assertThat(changes.info())
          .filteredOn(r -> r.state().equals("Pending"))
          .hasSize(pendingAfterBase);
      assertThat(changes.validate()).isEmpty();
      // back at the base: checks of the removed objects now fail by name; the others still pass
      List<String[]> again = changes.verify();
      if (sample.equals("seed003-tenant-isolation")) {
        assertThat(again).allSatisfy(c -> assertThat(c[1]).isEqualTo("PASS"));
      } else {
        assertThat(again)
            .anySatisfy(
                c -> assertThat(c[1] + " " + c[2]).startsWith("ERROR").contains("does not exist"));
      }
      List<RlsAudit.TableAudit> after = changes.rlsAudit("tenant_id", "app.current_tenant_id");
      if (sample.equals("seed002-health-metrics")) {
        assertThat(after).isEmpty();
      } else {
        assertThat(after)
            .isNotEmpty()
            .anyMatch(a -> !a.ok() && a.probe().startsWith("row-level security is disabled"));
      }
    }
  }

  @Test
  void internalViewsReadableOnlyByTheInternalRoles() throws Exception {
    Path folder = Path.of("resources", "samples", "seed000-cost-tracking");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), folder, "public");
      changes.migrate(null);
      c.createStatement()
          .execute(
              "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bi_analyst') THEN"
                  + " CREATE ROLE bi_analyst NOLOGIN; END IF; END $$");
      c.createStatement().execute("GRANT bi_internal TO bi_analyst");
      assertThat(changes.internalAccess())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.ok()).as(v.problems().toString()).isTrue();
                assertThat(v.readers()).contains("bi_internal", "bi_analyst");
              });

      // a tenant-facing role given the executive view by mistake is caught by name
      c.createStatement().execute("GRANT SELECT ON executive_cost_summary TO tenant_app");
      assertThat(changes.internalAccess())
          .singleElement()
          .satisfies(
              v ->
                  assertThat(v.problems())
                      .singleElement(InstanceOfAssertFactories.STRING)
                      .startsWith("role tenant_app may read it"));
      c.createStatement().execute("GRANT SELECT ON executive_cost_summary TO PUBLIC");
      assertThat(changes.internalAccess().get(0).problems())
          .anyMatch(p -> p.startsWith("PUBLIC may read it"));
      c.createStatement().execute("REVOKE ALL ON executive_cost_summary FROM PUBLIC, tenant_app");
      c.createStatement().execute("REVOKE bi_internal FROM bi_analyst");
    }
  }

  @Test
  void stagedRollbackKeepsTheNewTablesAndTheirRowsInABackupSchema() throws Exception {
    Path folder = Path.of("resources", "samples", "seed002-health-metrics");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), folder, "public");
      changes.migrate(null);
      c.createStatement()
          .execute("INSERT INTO health_metrics (business_id, score) VALUES (1, 70), (2, 40)");
      List<UndoStep> steps = changes.stagedUndo("1");
      String backup = changes.lastBackupSchema();
      assertThat(backup).startsWith("rollback_backup_");
      assertThat(steps).extracting(UndoStep::version).containsExactly("4", "3", "2");
      assertThat(steps.get(2).notes())
          .anyMatch(n -> n.startsWith("kept in " + backup + " instead: DROP TABLE health_metrics"))
          // the enum the version made moves with its table: the version can be applied again
          .anyMatch(
              n -> n.startsWith("kept in " + backup + " instead: DROP TYPE health_trajectory"));
      try (var rs =
          c.createStatement().executeQuery("SELECT count(*) FROM " + backup + ".health_metrics")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
      try (var rs =
          c.createStatement().executeQuery("SELECT to_regclass('public.health_metrics') IS NULL")) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
      }
      assertThat(changes.info()).filteredOn(r -> r.state().equals("Pending")).hasSize(3);
      assertThat(pg.column("SELECT to_regtype('public.health_trajectory')::text"))
          .containsOnlyNulls();
      // applied again: no "type already exists", and the staged rows are still in the backup
      assertThat(changes.migrate(null)).isEqualTo(3);
      assertThat(pg.column("SELECT count(*) FROM " + backup + ".health_metrics"))
          .containsExactly("2");
    }
  }

  @Test
  void anUndoThatFailsPartWayChangesNothing() throws Exception {
    Path folder = dir.resolve("failing");
    copy(Path.of("resources", "samples", "seed002-health-metrics"), folder);
    // the oldest undo fails on its last statement, after the newer ones have run in the same go
    Path u2;
    try (var files = Files.list(folder)) {
      u2 =
          files
              .filter(f -> f.getFileName().toString().startsWith("U2__"))
              .findFirst()
              .orElseThrow();
    }
    Files.writeString(u2, Files.readString(u2) + "\nSELECT 1/0;\n");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      SchemaChanges changes = new SchemaChanges(pg.spec(), folder, "public");
      changes.migrate(null);
      String before =
          String.join(
              ",",
              pg.column(
                  "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                      + " AND relkind IN ('r', 'i') ORDER BY 1"));
      assertThatThrownBy(() -> changes.stagedUndo("1"))
          .isInstanceOf(UndoFailed.class)
          .hasMessageContaining("division by zero")
          .hasMessageContaining("Nothing changed");
      assertThat(changes.info()).noneMatch(r -> r.state().equals("Pending"));
      assertThat(
              String.join(
                  ",",
                  pg.column(
                      "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                          + " AND relkind IN ('r', 'i') ORDER BY 1")))
          .isEqualTo(before);
      assertThat(
              pg.column("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rollback_backup_%'"))
          .isEmpty();
    }
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
