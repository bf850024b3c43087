package dev.ferry.ui.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.ui.assess.AssessViewModel;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import dev.ferry.ui.common.Outcome;
import dev.ferry.ui.common.ThreadTaskExecutor;
import dev.ferry.ui.plan.PlanViewModel.ColumnRow;
import dev.ferry.ui.plan.PlanViewModel.RehearsedStatement;
import dev.ferry.ui.plan.PlanViewModel.TableRow;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Plan step without the toolkit: editing, validity, DDL preview, save and load. */
class PlanViewModelTest {
  @TempDir Path dir;

  @Test
  void editTheDefaultPlanSeeTheDdlAndRoundTripTheYaml() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, score REAL)",
            "INSERT INTO customers VALUES (1, 'Ann', 1.5)",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id))");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      var executor = new CurrentThreadTaskExecutor();
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      PlanViewModel vm = new PlanViewModel(session, executor);
      assertThat(vm.problemBinding().get()).startsWith("Run the assessment first");
      new AssessViewModel(session, executor).run();
      vm.showSessionPlan();
      assertThat(vm.tables())
          .extracting(TableRow::source)
          .containsExactly("shop:customers", "shop:orders");
      assertThat(vm.tables().get(0).rows()).isEqualTo(1);
      assertThat(vm.validBinding().get()).isTrue();

      TableRow customers = vm.tables().get(0);
      TableRow orders = vm.tables().get(1);
      ColumnRow score = customers.columns().get(2);
      assertThat(score.typeProperty().get()).isEqualTo("double precision");
      assertThat(score.rule()).isEqualTo("sqlite.float");
      score.typeProperty().set("numeric(6,2)");
      score.transformProperty().set(Transform.DECIMAL);
      assertThat(score.rule()).isEqualTo("edited (rule sqlite.float)");
      customers.targetProperty().set("clients");
      vm.ifExistsProperty().set(IfExists.TRUNCATE);

      orders.includeProperty().set(false);
      customers.includeProperty().set(false);
      assertThat(vm.validBinding().get()).isFalse();
      assertThat(vm.problemBinding().get()).isEqualTo("Include at least one table.");
      customers.includeProperty().set(true);
      orders.includeProperty().set(true);
      orders.targetProperty().set("clients");
      assertThat(vm.problemBinding().get())
          .isEqualTo(
              "Tables shop:customers and shop:orders both load into 'clients' but their columns"
                  + " differ: give one another target name.");
      orders.targetProperty().set("orders");
      score.typeProperty().set(" ");
      assertThat(vm.problemBinding().get())
          .isEqualTo("Column shop:customers.score has no target type.");
      score.typeProperty().set("numeric(6,2)");
      assertThat(vm.validBinding().get()).isTrue();

      vm.refreshDdl();
      assertThat(vm.ddlProperty().get())
          .contains("CREATE TABLE \"public\".\"clients\"")
          .contains("\"score\" numeric(6,2)")
          .contains("REFERENCES \"public\".\"clients\"");

      Path file = dir.resolve("plan.yaml");
      vm.save(file);
      assertThat(vm.statusProperty().get()).startsWith("Saved " + file);
      MigrationPlan saved = PlanFile.read(file);
      assertThat(saved.settings().ifExists()).isEqualTo(IfExists.TRUNCATE);
      assertThat(saved.tables().get(0).target()).isEqualTo("clients");
      assertThat(saved.tables().get(0).columns().get(2).note())
          .startsWith("type set in the console");
      assertThat(Files.readString(file)).doesNotContain("password=", "password:");

      customers.targetProperty().set("something_else");
      vm.load(file);
      assertThat(vm.statusProperty().get()).startsWith("Loaded ");
      assertThat(vm.tables().get(0).targetProperty().get()).isEqualTo("clients");

      Path other = SqliteFixture.create(dir.resolve("other.db"), "CREATE TABLE t (id int)");
      Path foreign = dir.resolve("foreign.yaml");
      var otherSession = new MigrationSession(dir.resolve("ws2"));
      otherSession.sourcesProperty().set(List.of(ConnectionSpec.sqlite(other)));
      otherSession.targetProperty().set(pg.spec());
      PlanFile.write(otherSession.ferry().plan(), foreign);
      vm.load(foreign);
      assertThat(vm.statusProperty().get())
          .isEqualTo("✗ foreign.yaml is a plan for sources [other], not for the connected [shop].");

      vm.apply();
      assertThat(session.planProperty().get().tables().get(0).target()).isEqualTo("clients");
    }
  }

  @Test
  void theDdlPreviewShowsWhatTheTargetRefusesAndWhy() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("v.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO t VALUES (1, 'a')",
            "CREATE VIEW starts_with_a AS SELECT id FROM t WHERE name GLOB 'a*'");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();
      // the rehearsal runs on a worker thread of the executor, never on the caller's (UI) thread
      PlanViewModel vm = new PlanViewModel(session, new ThreadTaskExecutor());
      vm.showSessionPlan();
      assertThat(vm.rehearsalSummaryProperty().get()).isEqualTo(PlanViewModel.NOT_REHEARSED);
      assertThat(vm.canRehearseBinding().get()).isFalse();

      session.targetProperty().set(pg.spec());
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();
      vm.showSessionPlan();
      assertThat(vm.canRehearseBinding().get()).isTrue();
      vm.rehearse();
      awaitIdle(vm);

      assertThat(vm.rehearsalOutcomeProperty().get()).isEqualTo(Outcome.FAILURE);
      assertThat(vm.refusedProperty().get()).isEqualTo(1);
      assertThat(vm.rehearsal())
          .filteredOn(r -> r.object().startsWith("table t"))
          .singleElement()
          .satisfies(r -> assertThat(r.outcome()).isEqualTo("accepted"));
      RehearsedStatement view =
          vm.rehearsal().stream()
              .filter(r -> r.object().startsWith("view starts_with_a"))
              .findFirst()
              .orElseThrow();
      assertThat(view.accepted()).isFalse();
      assertThat(view.outcome()).isEqualTo("REFUSED");
      assertThat(view.error()).contains("syntax error at or near \"GLOB\"");
      assertThat(vm.rehearsalSummaryProperty().get())
          .startsWith("✗ Rehearsed on the target and rolled back: 1 of ")
          .contains("REFUSED");
      assertThat(vm.ddlProperty().get())
          .contains("-- view starts_with_a")
          .contains("-- REFUSED: syntax error at or near \"GLOB\"")
          .contains("-- accepted\nCREATE TABLE \"public\".\"t\"");
      // nothing was written
      assertThat(pg.column("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
          .containsExactly("0");

      // an edit makes the rehearsal stale: it no longer speaks for the plan
      vm.tables().get(0).targetProperty().set("things");
      assertThat(vm.rehearsal()).isEmpty();
      assertThat(vm.rehearsalSummaryProperty().get()).isEqualTo(PlanViewModel.STALE);
      assertThat(vm.rehearsalOutcomeProperty().get()).isEqualTo(Outcome.NONE);
    }
  }

  @Test
  void aMistypedColumnTypeIsRefusedAsItIsTypedWithTheClosestNames() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("e.db"), "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT)");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      new AssessViewModel(session, new CurrentThreadTaskExecutor()).run();
      PlanViewModel vm = new PlanViewModel(session, new CurrentThreadTaskExecutor());
      vm.showSessionPlan();
      assertThat(vm.validBinding().get()).isTrue();
      var at =
          vm.tables().get(0).columns().stream()
              .filter(c -> c.name().equals("at"))
              .findFirst()
              .orElseThrow();

      at.typeProperty().set("timestampz");
      assertThat(vm.validBinding().get()).isFalse();
      assertThat(vm.problemBinding().get())
          .contains("events.at")
          .contains("type \"timestampz\" does not exist on the target")
          .contains("did you mean")
          .contains("timestamptz");

      at.typeProperty().set("varchar(");
      assertThat(vm.problemBinding().get()).contains("is not a type name PostgreSQL can read");

      // what PostgreSQL reads, with modifiers and arrays, passes
      for (String fine : List.of("timestamptz", "numeric(12,2)", "varchar(40)", "text[]")) {
        at.typeProperty().set(fine);
        assertThat(vm.validBinding().get()).as(fine).isTrue();
      }
      // a value is bound, never spliced into SQL
      at.typeProperty().set("int; DROP TABLE x");
      assertThat(vm.validBinding().get()).isFalse();
    }
  }

  private static void awaitIdle(PlanViewModel vm) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (vm.busyProperty().get() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(vm.busyProperty().get()).as("the rehearsal finished").isFalse();
  }
}
