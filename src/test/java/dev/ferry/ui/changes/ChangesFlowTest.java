package dev.ferry.ui.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.TestDatabases;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.ui.ConsoleUnderTest;
import dev.ferry.ui.TabHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Clicks through the console's Schema changes area headless, on seed 000's sample (cost columns, an
 * internal BI view, tenant isolation) with an approval asked for, against the real PostgreSQL.
 */
@ExtendWith(ApplicationExtension.class)
class ChangesFlowTest {
  @TempDir static Path dir;
  private ConsoleUnderTest console;
  private TestDatabases.Scratch pg;

  @Start
  void start(Stage stage) {
    console = ConsoleUnderTest.show(stage, dir.resolve("ws"));
  }

  @AfterEach
  void tearDown() throws Exception {
    console.close();
    if (pg != null) {
      pg.close();
    }
  }

  private void waitUntil(Callable<Boolean> condition) throws Exception {
    ConsoleUnderTest.waitUntil(
        60, condition, () -> console.window().changes().project().statusProperty().get());
  }

  private static String status(FxRobot robot) {
    return robot.lookup("#changesStatus").queryAs(Label.class).getText();
  }

  @Test
  @SuppressWarnings("unchecked")
  void openDryRunRiskApproveBackUpMigrateVerifyUndoReport(FxRobot robot) throws Exception {
    pg = TestDatabases.postgres();
    Path project =
        ChangeSamples.withApprovals("seed000-cost-tracking", dir.resolve("seed000"), "DBA");
    robot.clickOn("#homeSchemaChanges");
    // at the smallest window every label of the form is whole
    Stage window = (Stage) robot.lookup("#changesOpen").query().getScene().getWindow();
    double w = window.getWidth();
    double h = window.getHeight();
    robot.interact(
        () -> {
          window.setWidth(1024);
          window.setHeight(700);
        });
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    assertThat(
            robot
                .from(robot.lookup("#changesOpen").query().getParent().getParent())
                .lookup(".label")
                .queryAllAs(Label.class)
                .stream()
                .filter(l -> !l.isWrapText() && l.isVisible() && !l.getText().isEmpty())
                .map(ChangesFlowTest::shown))
        .contains("Migrations folder", "lock_timeout", "statement_timeout")
        .noneMatch(t -> t.endsWith("…") || t.endsWith("..."));
    robot.interact(
        () -> {
          window.setWidth(w);
          window.setHeight(h);
        });
    Button open = robot.lookup("#changesOpen").queryButton();
    assertThat(open.isDisabled()).isTrue();
    robot.clickOn("#changesTarget").write(pg.url());
    robot.clickOn("#changesFolder").write(project.toString());
    assertThat(open.isDisabled()).isFalse();
    robot.clickOn("#changesOpen");
    waitUntil(() -> status(robot).contains("pending"));
    TableView<MigrationRow> migrations =
        robot.lookup("#changesMigrations").queryAs(TableView.class);
    assertThat(migrations.getItems()).hasSize(5).allMatch(m -> m.state().equals("Pending"));
    assertThat(robot.lookup("#changesMigrateReason").queryAs(Label.class).getText())
        .isEqualTo("Needs approval by DBA first.");
    assertThat(robot.lookup("#changesMigrate").queryButton().isDisabled()).isTrue();

    robot.clickOn(TabHeaders.of(robot, "Dry run"));
    robot.clickOn("#changesDryRun");
    waitUntil(() -> status(robot).startsWith("Dry run passed"));
    assertThat(robot.lookup("#changesDryChanges").queryAs(TableView.class).getItems()).isNotEmpty();

    robot.clickOn(TabHeaders.of(robot, "Risk"));
    robot.clickOn("#changesRisk");
    waitUntil(() -> status(robot).contains("highest impact"));
    assertThat(robot.lookup("#changesRisks").queryAs(TableView.class).getItems()).isNotEmpty();
    // one bar per statement: the time under lock, in the order they run
    assertThat(
            robot.lookup("#lockTimeChart").queryAs(dev.ferry.ui.chart.LockTimeChart.class).bars())
        .hasSize(robot.lookup("#changesRisks").queryAs(TableView.class).getItems().size());

    robot.clickOn(TabHeaders.of(robot, "Approvals"));
    robot.clickOn("#changesApprove");
    // the role is chosen explicitly, the waiting one offered
    assertThat(robot.lookup("#approveRole").queryComboBox().getValue()).isEqualTo("DBA");
    // the approver sees the risk they approve (analysed on the Risk tab just before)
    assertThat(robot.lookup("#approveRisk").queryAs(TextArea.class).getText())
        .startsWith("Risk: highest impact ")
        .contains(" statements");
    assertThat(robot.lookup("#approveDialog").lookup(".label").queryAll())
        .extracting(n -> ((javafx.scene.control.Label) n).getText())
        .contains("Approve _as", "_Approver", "_Note");
    robot.clickOn("#operator").eraseText(40).write("ann");
    robot.clickOn("#note").write("risk report read; lock times acceptable");
    robot.clickOn("OK");
    waitUntil(() -> status(robot).equals("Approved as DBA by ann."));
    assertThat(robot.lookup("#changesMigrate").queryButton().isDisabled()).isFalse();

    // no backup yet: a backup is offered first, every button's label whole
    robot.clickOn("#changesMigrate");
    for (String label :
        java.util.List.of("Back up, then migrate", "Migrate without a backup", "Cancel")) {
      assertThat(shown(dialogButton(robot, "#migrateDialog", label))).as(label).isEqualTo(label);
    }
    robot.clickOn(dialogButton(robot, "#migrateDialog", "Cancel"));

    robot.clickOn(TabHeaders.of(robot, "Backups and history"));
    robot.clickOn("#changesBackup");
    waitUntil(() -> status(robot).contains("trial restore matches every table"));
    assertThat(robot.lookup("#changesBackups").queryAs(TableView.class).getItems()).hasSize(1);

    robot.clickOn("#changesMigrate");
    // what runs, where, approved by whom, at what risk — before anything runs; Cancel by default
    String plan = robot.lookup("#migratePlan").queryAs(TextArea.class).getText();
    assertThat(plan)
        .contains("Target: jdbc:postgresql://")
        .contains(pg.name())
        .contains("Runs 5 pending script(s)")
        .contains("V1  base  (V1__base.sql)")
        .contains("DBA: ann at ")
        .contains("Risk: highest impact ")
        .contains("Backup: " + pg.name() + "-");
    Button cancel = dialogButton(robot, "#migrateDialog", "Cancel");
    assertThat(cancel.isDefaultButton()).isTrue();
    robot.clickOn(cancel);
    assertThat(migrations.getItems()).allMatch(m -> m.state().equals("Pending"));
    robot.clickOn("#changesMigrate");
    robot.clickOn(dialogButton(robot, "#migrateDialog", "Migrate"));
    waitUntil(() -> status(robot).equals("5 migrations applied."));
    assertThat(migrations.getItems()).allMatch(m -> m.state().equals("Success"));
    assertThat(robot.lookup("#changesMigrateReason").queryAs(Label.class).getText())
        .isEqualTo("Nothing pending.");

    robot.clickOn(TabHeaders.of(robot, "Verify"));
    robot.clickOn("#changesVerify");
    waitUntil(() -> status(robot).startsWith("Verified: all "));
    assertThat(console.window().changes().verifyTab().checks())
        .anyMatch(c -> c.kind().equals("Internal view") && c.result().equals("PASS"))
        .anyMatch(c -> c.kind().equals("Row-level security") && c.result().equals("PASS"));

    robot.clickOn("#changesUndo");
    // the dialog proposes undoing the newest version only; the DBA goes back to the base
    ChoiceBox<String> to = robot.lookup("#undoTo").queryAs(ChoiceBox.class);
    assertThat(to.getValue()).isEqualTo("4");
    robot.interact(() -> to.setValue("1"));
    robot.clickOn("OK");
    waitUntil(() -> status(robot).startsWith("Undone: V5, V4, V3, V2"));
    assertThat(migrations.getItems()).filteredOn(m -> m.state().equals("Pending")).hasSize(4);

    robot.clickOn("#changesReport");
    waitUntil(() -> status(robot).startsWith("Report written"));
    Path html = console.window().changes().actions().reportFileProperty().get();
    assertThat(console.opened()).containsExactly(html.getParent());
    assertThat(Files.readString(html))
        .contains("approved by DBA (ann)")
        .contains("<td>undo</td><td>V2</td>")
        .contains("<td>backup</td>");

    // Restore… names what it does, Cancel is the default, the database's name must be typed
    robot.clickOn(TabHeaders.of(robot, "Backups and history"));
    robot.interact(
        () ->
            robot.lookup("#changesBackups").queryAs(TableView.class).getSelectionModel().select(0));
    robot.clickOn("#changesRestore");
    waitUntil(() -> robot.lookup("#restorePlan").tryQuery().isPresent());
    assertThat(robot.lookup("#restorePlan").queryAs(javafx.scene.control.TextArea.class).getText())
        .contains("schemas dropped with everything in them")
        .contains("in one transaction");
    javafx.scene.control.Button go = robot.lookup("Restore").queryButton();
    assertThat(go.isDisabled()).isTrue();
    assertThat(go.isDefaultButton()).isFalse();
    assertThat(robot.lookup("Cancel").queryButton().isDefaultButton()).isTrue();
    robot
        .clickOn("#restoreTypedName")
        .write(console.window().changes().backupsTab().databaseName());
    assertThat(go.isDisabled()).isFalse();
    robot.clickOn(go);
    waitUntil(() -> status(robot).startsWith("Restored "));
    assertThat(status(robot)).contains("what was made since was dropped");
  }

  /** The text a button shows now (its label, or "…"-cut when it is too narrow). */
  private static String shown(javafx.scene.control.Labeled b) {
    return b.lookupAll(".text").stream()
        .filter(n -> n instanceof javafx.scene.text.Text)
        .map(n -> ((javafx.scene.text.Text) n).getText())
        .findFirst()
        .orElse("");
  }

  /** A button of the open dialog {@code id} by its text (the console has buttons of that name). */
  private static Button dialogButton(FxRobot robot, String id, String text) {
    return robot.lookup(id).lookup(".button").queryAllAs(Button.class).stream()
        .filter(b -> b.getText().equals(text))
        .findFirst()
        .orElseThrow();
  }
}
