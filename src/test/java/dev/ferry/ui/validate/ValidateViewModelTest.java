package dev.ferry.ui.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import dev.ferry.ui.common.Outcome;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Validate step without the toolkit: the schema section and the ledger of a real run, orphans
 * the source holds too as notes, and Validate again under --strict.
 */
class ValidateViewModelTest {
  @TempDir Path dir;

  /** A run whose view the target refuses (the blocker waived) and whose child has an orphan. */
  static MigrationResult runWithAFailedViewAndAnOrphan(MigrationSession session, Path dir)
      throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
            "INSERT INTO parent VALUES (1, 'ann')",
            "INSERT INTO child VALUES (1, 1), (2, 42)",
            "CREATE VIEW a_names AS SELECT id FROM parent WHERE name GLOB 'a*'");
    session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
    MigrationPlan plan =
        session
            .ferry()
            .plan()
            .withWaivers(
                List.of(
                    new Waiver("schema-rehearsal", "view a_names", "rewritten by hand", "dba")));
    session.planProperty().set(plan);
    return session.ferry().migrate(plan, MigrationListener.NONE, new AtomicBoolean());
  }

  @Test
  void theSchemaTabListsFailedObjectsAndTheLedgerAndOrphansInTheSourceAreNotes() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.targetProperty().set(pg.spec());
      ValidateViewModel vm = new ValidateViewModel(session, new CurrentThreadTaskExecutor());
      assertThat(vm.schemaSummaryProperty().get()).isEqualTo(ValidateViewModel.NO_RUN);

      MigrationResult r = runWithAFailedViewAndAnOrphan(session, dir);
      assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OBJECTS_FAILED);
      session.resultProperty().set(r);
      vm.reportProperty().set(r.validation());

      // the rows match: the orphan the source holds too is a note, not a difference
      assertThat(vm.outcomeProperty().get()).isEqualTo(Outcome.SUCCESS);
      assertThat(vm.statusProperty().get())
          .startsWith("✓ all 2 tables match")
          .doesNotContain("differ");
      TableValidation child =
          vm.tables().stream().filter(t -> t.target().equals("child")).findFirst().orElseThrow();
      assertThat(child.problems()).isEmpty();
      assertThat(child.notes())
          .singleElement()
          .satisfies(n -> assertThat(n).contains("orphans in the source too"));
      assertThat(ValidateViewModel.orphans(child)).isEqualTo("1 (in the source too)");

      // the schema tab: the refused view with PostgreSQL's reason, the whole ledger
      assertThat(vm.schemaOutcomeProperty().get()).isEqualTo(Outcome.FAILURE);
      assertThat(vm.schemaProblems())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p)
                      .startsWith("view a_names")
                      .contains(": FAILED — ")
                      .contains("GLOB"));
      assertThat(vm.schemaSummaryProperty().get())
          .isEqualTo(
              "✗ 1 of "
                  + r.ledger().size()
                  + " planned objects are not in the target as planned: 1 failed when created, 0"
                  + " missing when read back.");
      assertThat(vm.ledger()).hasSameSizeAs(r.ledger()).hasSizeGreaterThan(3);
      assertThat(vm.ledger())
          .extracting(LedgerEntry::state)
          .containsOnly(ObjectState.CREATED, ObjectState.TRANSLATED, ObjectState.FAILED);

      // strictly, the same orphan fails the table, and still nothing is said to differ
      assertThat(vm.strictProperty().get()).isFalse();
      vm.strictProperty().set(true);
      vm.validateAgain();
      assertThat(vm.outcomeProperty().get()).isEqualTo(Outcome.FAILURE);
      assertThat(vm.statusProperty().get())
          .startsWith("✗ 1 of 2 tables match; 1 table keeps orphan rows the source holds too")
          .doesNotContain("differ");
      assertThat(vm.selectedProperty().get().target()).isEqualTo("child");
      assertThat(vm.selectedProperty().get().status())
          .isEqualTo(TableValidation.PRE_EXISTING_ORPHANS);
      // the plan itself is not changed by the checkbox
      assertThat(session.planProperty().get().settings().strictOrphans()).isFalse();
    }
  }

  @Test
  void aCleanRunHasAllItsPlannedObjectsPresent() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("clean.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE)",
            "INSERT INTO items VALUES (1, 'pen')");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.targetProperty().set(pg.spec());
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      ValidateViewModel vm = new ValidateViewModel(session, new CurrentThreadTaskExecutor());
      MigrationPlan plan = session.ferry().plan();
      MigrationResult r =
          session.ferry().migrate(plan, MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      session.resultProperty().set(r);
      assertThat(vm.schemaProblems()).isEmpty();
      assertThat(vm.schemaOutcomeProperty().get()).isEqualTo(Outcome.SUCCESS);
      assertThat(vm.schemaSummaryProperty().get())
          .startsWith("✓ All " + r.ledger().size() + " planned objects present in the target");
    }
  }
}
