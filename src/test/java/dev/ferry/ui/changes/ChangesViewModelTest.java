package dev.ferry.ui.changes;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ferry.TestDatabases;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The Schema changes area without the toolkit, on seed 003's sample and the real PostgreSQL: open,
 * dry run, risk, approval gate, backup with trial restore, migrate, verify, undo, report.
 */
class ChangesViewModelTest {
  @TempDir Path dir;

  /** seed 003's sample, copied, with an approval asked for. */
  private Path project() throws Exception {
    return ChangeSamples.withApprovals("seed003-tenant-isolation", dir.resolve("project"), "DBA");
  }

  @Test
  void theWholeChangeFromOpenToReport() throws Exception {
    Path project = project();
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      ChangesViewModel vm =
          new ChangesViewModel(new CurrentThreadTaskExecutor(), dir.resolve("ws"));
      assertThat(vm.project().openBlockedReasonBinding().get())
          .startsWith("Enter the target PostgreSQL");
      vm.project().targetUrlProperty().set(pg.url());
      assertThat(vm.project().openBlockedReasonBinding().get()).startsWith("Choose the folder");
      vm.project().folderProperty().set(project.toString());
      assertThat(vm.project().openBlockedReasonBinding().get()).isEmpty();
      assertThat(vm.actions().migrateBlockedReasonBinding().get())
          .isEqualTo("Open a project first.");

      vm.project().open();
      assertThat(vm.project().errorProperty().get()).isNull();
      assertThat(vm.migrationsTab().migrations())
          .hasSize(3)
          .allMatch(m -> m.state().equals("Pending"));
      assertThat(vm.project().statusProperty().get())
          .contains("3 pending")
          .contains("approvals asked: DBA");
      assertThat(vm.actions().migrateBlockedReasonBinding().get())
          .isEqualTo("Needs approval by DBA first.");

      vm.dryRunTab().dryRun();
      assertThat(vm.dryRunTab().dryScripts()).hasSize(3).allMatch(s -> s.error() == null);
      assertThat(vm.dryRunTab().dryChanges()).anyMatch(c -> c.kind().equals("policy"));
      assertThat(vm.project().statusProperty().get())
          .startsWith("Dry run passed")
          .contains("Session: lock_timeout 2s (Ferry's default for a dry run");

      vm.riskTab().analyseRisk();
      assertThat(vm.riskTab().risks()).isNotEmpty();
      assertThat(vm.project().statusProperty().get())
          .contains("pending statements; highest impact");

      vm.approvalsTab().approve("DBA", "ann", "reviewed the risk report");
      assertThat(vm.approvalsTab().approvals()).singleElement().matches(a -> a.approved());
      assertThat(vm.actions().migrateBlockedReasonBinding().get()).isEmpty();

      vm.backupsTab().backup(true);
      assertThat(vm.project().errorProperty().get()).isNull();
      assertThat(vm.backupsTab().backups()).hasSize(1);
      assertThat(vm.project().statusProperty().get())
          .contains("the trial restore matches every table");

      vm.actions().migrate();
      assertThat(vm.project().statusProperty().get()).isEqualTo("3 migrations applied.");
      assertThat(vm.migrationsTab().migrations()).allMatch(m -> m.state().equals("Success"));
      assertThat(vm.actions().migrateBlockedReasonBinding().get()).isEqualTo("Nothing pending.");

      vm.verifyTab().verify();
      assertThat(vm.verifyTab().checks())
          .anyMatch(c -> c.kind().equals("Row-level security") && c.result().equals("PASS"))
          .allMatch(c -> c.result().equals("PASS"));

      assertThat(vm.actions().undoTargets()).containsExactly("1", "2");
      vm.actions().undo("1", false);
      assertThat(vm.project().statusProperty().get()).isEqualTo("Undone: V3, V2.");
      assertThat(vm.migrationsTab().migrations())
          .filteredOn(m -> m.state().equals("Pending"))
          .hasSize(2);
      vm.verifyTab().verify();
      assertThat(vm.verifyTab().checks())
          .anyMatch(c -> c.kind().equals("Row-level security") && c.result().equals("FAIL"));

      assertThat(vm.backupsTab().history())
          .extracting(e -> e.kind())
          .containsSubsequence("undo", "undo", "migrate", "backup", "approve");

      // the undo changed the database after the backup: Migrate offers a new one first
      assertThat(vm.actions().backupAdvised()).isTrue();
      vm.approvalsTab()
          .approve("DBA", "ann", null); // the scripts are pending again: a new approval
      vm.actions().migrate(true);
      assertThat(vm.project().statusProperty().get())
          .startsWith("Backed up to " + pg.name() + "-")
          .endsWith("; 2 migrations applied.");
      assertThat(vm.backupsTab().backups()).hasSize(2);
      assertThat(vm.actions().backupAdvised()).isTrue(); // the migrate came after that backup
      vm.migrationsTab().validate();
      assertThat(vm.project().statusProperty().get())
          .isEqualTo("Valid: the applied scripts match the folder.");

      AtomicReference<Path> shown = new AtomicReference<>();
      vm.actions().writeReport(shown::set);
      assertThat(shown.get()).exists();
      assertThat(Files.readString(shown.get()))
          .contains("Ferry schema-change report")
          .contains("<td>migrate</td>")
          .contains("approved by DBA (ann)");
    }
  }

  @Test
  void aTargetThatIsNotPostgresIsRefusedWithTheReason() throws Exception {
    ChangesViewModel vm = new ChangesViewModel(new CurrentThreadTaskExecutor(), dir.resolve("ws"));
    vm.project().targetUrlProperty().set("jdbc:mariadb://127.0.0.1:3306/test?user=root");
    vm.project().folderProperty().set(project().toString());
    vm.project().open();
    assertThat(vm.project().errorProperty().get()).contains("run on a PostgreSQL target");
    assertThat(vm.project().controlProperty().get()).isNull();
  }

  @Test
  void aFailureShowsItsOneLineReasonAndLogsTheStackTrace() throws Exception {
    Logger tasks = (Logger) LoggerFactory.getLogger(BackgroundTask.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    tasks.addAppender(logged);
    try {
      ChangesViewModel vm =
          new ChangesViewModel(new CurrentThreadTaskExecutor(), dir.resolve("ws"));
      // nothing listens on port 1: opening fails in the background, while reading Flyway's history
      vm.project().targetUrlProperty().set("jdbc:postgresql://127.0.0.1:1/app?user=dba");
      vm.project().folderProperty().set(project().toString());
      vm.project().open();
      String error = vm.project().errorProperty().get();
      // Flyway's own message runs over several lines, but no line of a stack trace reaches the DBA
      assertThat(error).contains("Connection to 127.0.0.1:1 refused").doesNotContain("\tat ");
      assertThat(vm.project().statusProperty().get())
          .isEqualTo("Failed: " + error)
          .doesNotContain("\tat ");
      assertThat(logged.list)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getFormattedMessage()).contains(error);
                assertThat(e.getThrowableProxy()).isNotNull();
                assertThat(e.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
              });
    } finally {
      tasks.detachAppender(logged);
    }
  }
}
