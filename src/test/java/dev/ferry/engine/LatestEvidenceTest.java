package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.ValidationEvidence;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.report.ReportWriter;
import dev.ferry.report.RunReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One truth for a run: a later validation replaces the run's own as its evidence (result, status,
 * checklist, report), the earlier one kept and marked superseded; failed DDL is marked as such.
 */
class LatestEvidenceTest {
  @TempDir Path dir;

  @Test
  void aLaterValidationIsTheRunsEvidenceEverywhere() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("s.db"),
            "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT)",
            "CREATE TABLE b (id INTEGER PRIMARY KEY, w TEXT)",
            "INSERT INTO a VALUES (1, 'x'), (2, 'y')",
            "INSERT INTO b VALUES (1, 'z')");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry =
          Ferry.configure()
              .source(ConnectionSpec.sqlite(db))
              .target(pg.spec())
              .workspace(dir.resolve("ws"))
              .load();
      MigrationPlan plan = ferry.plan();
      MigrationResult run = ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean());
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.validations())
          .singleElement()
          .satisfies(e -> assertThat(e.by()).isEqualTo(ValidationEvidence.BY_RUN));

      // a validation of only some of the run's tables is not the run's evidence
      MigrationPlan onlyA =
          new MigrationPlan(
              plan.version(),
              plan.sources(),
              plan.target(),
              plan.settings(),
              plan.tables().stream().filter(t -> t.target().equals("a")).toList(),
              plan.waivers());
      try (Connection c = pg.connect()) {
        c.createStatement().execute("UPDATE public.a SET v = 'changed' WHERE id = 2");
      }
      assertThat(ferry.validate(onlyA, MigrationListener.NONE, new AtomicBoolean()).ok()).isFalse();
      assertThat(ferry.result(run.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);

      // the whole run validated again: its result now says what was found
      assertThat(ferry.validate(plan, MigrationListener.NONE, new AtomicBoolean()).ok()).isFalse();
      MigrationResult now = ferry.result(run.runId()).orElseThrow();
      assertThat(now.status()).isEqualTo(RunStatus.VALIDATION_FAILED);
      assertThat(now.validation().ok()).isFalse();
      assertThat(now.validations()).hasSize(2);
      assertThat(now.validations().get(0).superseded()).isTrue();
      assertThat(now.validations().get(0).ok()).isTrue();
      assertThat(now.validations().get(1).superseded()).isFalse();
      assertThat(now.validations().get(1).by()).isEqualTo(ValidationEvidence.BY_VALIDATE);
      assertThat(ferry.evidence(now, plan).get("validation").proved()).isFalse();
      String html =
          Files.readString(
              ReportWriter.write(
                      RunReports.forRun(dir.resolve("ws"), run.runId(), null, pg.spec()),
                      dir.resolve("report"))
                  .html());
      assertThat(html)
          .contains("Status <b>VALIDATION_FAILED</b>")
          .contains("— superseded</li>")
          .contains("— current</b>");

      // fixed, validated again: the run is whole again, both earlier validations superseded
      try (Connection c = pg.connect()) {
        c.createStatement().execute("UPDATE public.a SET v = 'y' WHERE id = 2");
      }
      ferry.validate(plan, MigrationListener.NONE, new AtomicBoolean());
      MigrationResult fixed = ferry.result(run.runId()).orElseThrow();
      assertThat(fixed.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(fixed.validations()).hasSize(3);
      assertThat(fixed.validations().stream().filter(ValidationEvidence::superseded)).hasSize(2);
    }
  }

  @Test
  void ddlTheTargetRefusedIsMarkedFailedInTheResult() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("v.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO items VALUES (1, 'pen')",
            "CREATE VIEW p_items AS SELECT id FROM items WHERE name GLOB 'p*'");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry =
          Ferry.configure()
              .source(ConnectionSpec.sqlite(db))
              .target(pg.spec())
              .workspace(dir.resolve("ws2"))
              .load();
      var plan =
          ferry
              .plan()
              .withWaivers(List.of(new Waiver("schema-rehearsal", "view p_items", "later", "dba")));
      MigrationResult r = ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.OBJECTS_FAILED);
      assertThat(r.ddl())
          .filteredOn(sql -> sql.contains("p_items"))
          .singleElement()
          .asString()
          .startsWith("-- FAILED: ")
          .contains("GLOB");
      assertThat(r.ddl()).filteredOn(sql -> sql.startsWith("-- FAILED")).hasSize(1);
    }
  }
}
