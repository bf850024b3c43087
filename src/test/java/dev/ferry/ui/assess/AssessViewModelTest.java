package dev.ferry.ui.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Assess step without the toolkit: findings, filters, inventory, levels and waivers. */
class AssessViewModelTest {
  @TempDir Path dir;

  @Test
  void findingsFilterAndABlockerMustBeWaivedWithAReason() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT)",
            "INSERT INTO customers VALUES ('c1', 'Ann'), (NULL, 'nobody')",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id TEXT REFERENCES customers(id))",
            "INSERT INTO orders VALUES (1, 'c1'), (2, 'c9')");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      session.sourcesProperty().set(List.of(ConnectionSpec.sqlite(db)));
      session.targetProperty().set(pg.spec());
      AssessViewModel vm = new AssessViewModel(session, new CurrentThreadTaskExecutor());
      assertThat(vm.completeBinding().get()).isFalse();
      assertThat(vm.blockedReasonBinding().get()).isEqualTo("Run the assessment first.");

      vm.run();
      assertThat(vm.statusProperty().get()).contains("1 blocker");
      assertThat(session.planProperty().get()).isNotNull();
      assertThat(vm.inventory())
          .extracting(t -> t.table())
          .containsExactlyInAnyOrder("customers", "orders");
      assertThat(vm.totalsProperty().get()).startsWith("1 source, 2 tables, 4 rows");
      assertThat(vm.levels()).containsExactly("Independent (1): customers", "Level 1 (1): orders");
      Finding blocker =
          vm.findings().stream()
              .filter(f -> f.severity() == Severity.BLOCKER)
              .findFirst()
              .orElseThrow();
      assertThat(blocker.id()).isEqualTo("null-in-key");
      assertThat(vm.findings().get(0)).isEqualTo(blocker); // blockers first
      assertThat(vm.openBlockersBinding().get()).isEqualTo(1);
      assertThat(vm.completeBinding().get()).isFalse();
      assertThat(vm.blockedReasonBinding().get())
          .isEqualTo("1 BLOCKER finding is open: fix or waive.");

      vm.severityFilterProperty().set(Severity.WARNING);
      assertThat(vm.visibleFindings()).isNotEmpty().allMatch(f -> f.severity() == Severity.WARNING);
      vm.severityFilterProperty().set(null);
      vm.textFilterProperty().set("orders(customer_id)");
      assertThat(vm.visibleFindings()).extracting(Finding::id).containsExactly("orphan-rows");
      vm.textFilterProperty().set("");

      vm.waive(blocker, "the NULL-keyed row is a test row we drop later", "dba");
      assertThat(vm.isWaived(blocker)).isTrue();
      assertThat(vm.openBlockersBinding().get()).isZero();
      assertThat(vm.completeBinding().get()).isTrue();
      assertThat(session.planProperty().get().waivers())
          .singleElement()
          .satisfies(w -> assertThat(w.reason()).startsWith("the NULL-keyed row"));

      // other connections forget the assessment and its waivers
      Path other = SqliteFixture.create(dir.resolve("other.db"), "CREATE TABLE t (id int)");
      session
          .sourcesProperty()
          .set(List.of(ConnectionSpec.sqlite(db), ConnectionSpec.sqlite(other)));
      assertThat(vm.findings()).isEmpty();
      assertThat(session.waivers()).isEmpty();
      assertThat(vm.completeBinding().get()).isFalse();
    }
  }

  @Test
  void theEstimatesPartsAddUpToItsTotals() {
    var e =
        new dev.ferry.engine.assess.Estimate(
            "shop:orders", 5000, 90_000, 60_000, 0.34, 0.26, 0.13, 0.09, 0.48);
    String text = AssessViewModel.estimateText(e);
    // 0.3 + 0.3 + 0.1 + 0.1 = 0.8 in all; 0.3 + 0.1 + 0.1 = 0.5 without the source changing
    assertThat(text)
        .startsWith(
            "Preparation 0.3 s + data 0.3 s + constraints 0.1 s + validation 0.1 s = 0.8 s in all;"
                + " the source must not change for the last three, 0.5 s");
  }
}
