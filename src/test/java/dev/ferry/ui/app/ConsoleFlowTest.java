package dev.ferry.ui.app;

import static dev.ferry.ui.ConsoleUnderTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.demo.DemoData;
import dev.ferry.ui.ConsoleUnderTest;
import dev.ferry.ui.TabHeaders;
import dev.ferry.ui.plan.PlanViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
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
import org.testfx.util.WaitForAsyncUtils;

/**
 * Clicks through the console headless (Monocle) as a DBA would: seed 004's five SQLite files and
 * the real PostgreSQL, asserting what the window shows at each step.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleFlowTest {
  @TempDir static Path dir;
  private ConsoleUnderTest console;
  private ConsoleWindow window;
  private TestDatabases.Scratch pg;

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    console = ConsoleUnderTest.show(stage, dir.resolve("ws"));
    window = console.window();
  }

  @AfterEach
  void tearDown() throws Exception {
    console.close();
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void connectAssessPlanMigrateValidateSeed004(FxRobot robot) throws Exception {
    pg = TestDatabases.postgres();
    List<Path> files = DemoData.generate(dir.resolve("src"), 1);
    robot.clickOn("#newMigration");
    Button next = robot.lookup("#next").queryButton();
    // a page that opens puts the keyboard on its first field
    waitUntil(
        5,
        () ->
            next.getScene().getFocusOwner() instanceof javafx.scene.control.TextInputControl
                || next.getScene().getFocusOwner() instanceof javafx.scene.control.ComboBoxBase<?>);
    assertThat(next.isDisabled()).isTrue();
    assertThat(robot.lookup("#nextReason").queryAs(Label.class).getText())
        .isEqualTo("Source: Add at least one SQLite file.");

    // the file chooser is the desktop's own dialog: the files go in as if chosen there
    robot.interact(() -> window.connect().sqliteFiles().setAll(files));
    robot.clickOn("#targetDatabase").write(pg.name());
    robot.clickOn("#targetUser").write("postgres");
    robot.clickOn("#targetSchema").eraseText(6).write("mingus");
    // a wrong port: the failed Test marks the step failed and holds Next until it is corrected
    robot.clickOn("#targetPort").eraseText(4).write("1");
    robot.clickOn("#testTarget");
    waitUntil(
        20, () -> robot.lookup("#targetStatus").queryAs(Label.class).getText().startsWith("✗"));
    assertThat(next.isDisabled()).isTrue();
    assertThat(window.console().state(Step.CONNECT).get()).isEqualTo(StepState.FAILED);
    assertThat(robot.lookup("#nextReason").queryAs(Label.class).getText())
        .contains("target's test failed");
    robot.clickOn("#targetPort").eraseText(1).write("5432");
    assertThat(window.console().state(Step.CONNECT).get()).isNotEqualTo(StepState.FAILED);
    robot.clickOn("#testTarget");
    waitUntil(
        20, () -> robot.lookup("#targetStatus").queryAs(Label.class).getText().startsWith("✓"));
    // the button, disabled while it tested, has the keyboard again (not the header's Home)
    waitUntil(
        5,
        () ->
            "testTarget"
                .equals(
                    robot.lookup("#testTarget").query().getScene().getFocusOwner() == null
                        ? null
                        : robot.lookup("#testTarget").query().getScene().getFocusOwner().getId()));
    assertThat(robot.lookup("#targetStatus").queryAs(Label.class).getText())
        .contains("user postgres", "encoding UTF8", "schema mingus will be created");
    robot.clickOn("#testSource");
    waitUntil(
        20, () -> robot.lookup("#sourceStatus").queryAs(Label.class).getText().contains("alerts"));
    assertThat(robot.lookup("#sourceStatus").queryAs(Label.class).getText().lines()).hasSize(5);
    assertThat(next.isDisabled()).isFalse();

    robot.clickOn("#next");
    assertThat(window.console().currentProperty().get()).isEqualTo(Step.ASSESS);
    waitUntil(60, () -> window.console().state(Step.ASSESS).get() == StepState.DONE);
    assertThat(window.console().state(Step.CONNECT).get()).isEqualTo(StepState.DONE);
    @SuppressWarnings("unchecked")
    TableView<Finding> findings = robot.lookup("#findings").queryAs(TableView.class);
    assertThat(findings.getItems())
        .filteredOn(f -> f.id().equals("name-collision"))
        .extracting(Finding::object)
        .containsExactlyInAnyOrder(
            "business_intelligence:analytics_events",
            "cache:system_settings",
            "performance_metrics:performance_metrics");
    assertThat(robot.lookup("#assessStatus").queryAs(Label.class).getText()).contains("0 blockers");
    robot.clickOn("Inventory");
    assertThat(robot.lookup("#totals").queryAs(Label.class).getText()).startsWith("5 sources, ");
    robot.clickOn("Foreign-key levels");
    robot.clickOn("Estimate");
    assertThat(robot.lookup("#estimate").queryAs(Label.class).getText()).startsWith("Preparation ");
    // nothing blocks this migration
    assertThat(robot.lookup("#nextReason").queryAs(Label.class).getText()).isEmpty();

    // Plan: the default plan with the prefixed tables, its DDL
    robot.clickOn("#next");
    assertThat(window.console().currentProperty().get()).isEqualTo(Step.PLAN);
    assertThat(window.plan().tables())
        .hasSize(window.session().planProperty().get().tables().size());
    assertThat(window.plan().tables())
        .extracting(t -> t.targetProperty().get())
        .contains("users", "business_intelligence_analytics_events", "cache_system_settings");
    robot.clickOn("DDL preview");
    waitUntil(30, () -> window.plan().ddlProperty().get().contains("CREATE TABLE"));
    assertThat(robot.lookup("#ddl").queryAs(TextArea.class).getText())
        .contains("CREATE TABLE \"mingus\".\"users\"");
    // with a target connected the preview is rehearsed on it (rolled back): each statement's fate
    waitUntil(30, () -> !window.plan().busyProperty().get());
    Label rehearsal = robot.lookup("#rehearsalSummary").queryAs(Label.class);
    assertThat(rehearsal.getText()).startsWith("✓ Rehearsed on the target and rolled back: all ");
    assertThat(rehearsal.getStyleClass()).contains("status-success");
    @SuppressWarnings("unchecked")
    TableView<PlanViewModel.RehearsedStatement> statements =
        robot.lookup("#rehearsal").queryAs(TableView.class);
    assertThat(statements.getItems())
        .isNotEmpty()
        .allMatch(PlanViewModel.RehearsedStatement::accepted);

    // Migrate: start, watch it finish
    robot.clickOn("#next");
    assertThat(window.console().currentProperty().get()).isEqualTo(Step.MIGRATE);
    robot.clickOn("#startMigration");
    waitUntil(120, () -> window.console().state(Step.MIGRATE).get() == StepState.DONE);
    assertThat(robot.lookup("#migrateStatus").queryAs(Label.class).getText())
        .startsWith("✓ Done: ");
    assertThat(window.migrate().progressProperty().get()).isEqualTo(1.0);
    assertThat(window.migrate().tables()).isNotEmpty().allMatch(t -> t.fraction() == 1.0);
    assertThat(window.migrate().log()).anyMatch(l -> l.startsWith("data finished in"));
    // at 1024 wide, with a status line, every button still shows its whole label
    robot.interact(
        () -> {
          stage.setWidth(1024);
          stage.setHeight(700);
        });
    WaitForAsyncUtils.waitForFxEvents();
    for (String id :
        List.of(
            "#startMigration",
            "#pauseMigration",
            "#resumeMigration",
            "#cancelMigration",
            "#discardRun")) {
      javafx.scene.control.Button b = robot.lookup(id).queryButton();
      assertThat(shown(b)).as(id).isEqualTo(b.getText().replace("_", ""));
    }
    // the progress table's headers are whole (the table scrolls sideways instead)
    assertThat(robot.lookup("#progressTables .column-header .label").queryAllAs(Label.class))
        .extracting(ConsoleFlowTest::shown)
        .contains("Rejected", "State", "rows/s");
    // the step list gives its width to the page: numbers with a state sign, the line as tooltip
    javafx.scene.control.ListView<?> nav = robot.lookup("#navigator").query();
    assertThat(nav.getWidth()).isLessThan(100);
    assertThat(
            robot.lookup("#navigator .list-cell").queryAllAs(javafx.scene.control.ListCell.class))
        .extracting(javafx.scene.control.Labeled::getText)
        .contains("4 ✓");
    robot.interact(
        () -> {
          stage.setWidth(1400);
          stage.setHeight(880);
        });
    // the chart follows the theme: dark page, dark chart (not a white box under pale text)
    org.jfree.chart.fx.ChartViewer chart = robot.lookup("#throughputChart").query();
    robot.clickOn("#darkTheme");
    waitUntil(10, () -> brightness(chart.getChart().getBackgroundPaint()) < 0.5);
    // and the page under every pane is dark too (the theme's row colours are translucent)
    javafx.scene.layout.Region root = (javafx.scene.layout.Region) stage.getScene().getRoot();
    assertThat(
            ((javafx.scene.paint.Color) root.getBackground().getFills().get(0).getFill())
                .getBrightness())
        .isLessThan(0.3);
    robot.clickOn("#darkTheme");
    waitUntil(10, () -> brightness(chart.getChart().getBackgroundPaint()) > 0.5);
    // the Timeline tab draws every loaded table, from the journal's record of the run
    robot.clickOn(TabHeaders.of(robot, "Timeline"));
    waitUntil(
        20,
        () ->
            robot
                .lookup("#timelineChart")
                .queryAs(dev.ferry.ui.chart.TimelineView.class)
                .rows()
                .containsAll(window.migrate().tables().stream().map(t -> t.table()).toList()));
    robot.clickOn(TabHeaders.of(robot, "Throughput"));

    // Validate: every table matches; a changed cell is then found and shown side by side
    robot.clickOn("#next");
    assertThat(window.console().currentProperty().get()).isEqualTo(Step.VALIDATE);
    assertThat(robot.lookup("#validateStatus").queryAs(Label.class).getText()).startsWith("✓ all ");
    // its Schema tab: every planned object read back from the target, and the run's ledger
    robot.clickOn(TabHeaders.of(robot, "Schema"));
    Label schema = robot.lookup("#schemaSummary").queryAs(Label.class);
    assertThat(schema.isVisible()).isTrue();
    int planned = window.session().resultProperty().get().ledger().size();
    assertThat(schema.getText()).startsWith("✓ All " + planned + " planned objects present");
    assertThat(schema.getStyleClass()).contains("status-success");
    @SuppressWarnings("unchecked")
    TableView<LedgerEntry> ledger = robot.lookup("#ledger").queryAs(TableView.class);
    assertThat(ledger.getItems()).hasSize(planned).hasSizeGreaterThan(20);
    assertThat(ledger.getItems()).noneMatch(e -> e.state() == ObjectState.FAILED);
    robot.clickOn(TabHeaders.of(robot, "Tables"));
    try (var c = pg.connect();
        var st = c.createStatement()) {
      st.execute("UPDATE mingus.users SET email = 'changed@example.com' WHERE id = 2");
    }
    robot.clickOn("#validateAgain");
    waitUntil(
        60, () -> robot.lookup("#validateStatus").queryAs(Label.class).getText().startsWith("✗"));
    assertThat(window.validate().selectedProperty().get().target()).isEqualTo("users");
    assertThat(window.validate().differences())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.column()).isEqualTo("email");
              assertThat(d.target()).isEqualTo("changed@example.com");
              assertThat(d.key()).isEqualTo("{id=2}");
            });
    // one truth: the run's result is now what this validation found, the run's own superseded
    waitUntil(
        20,
        () ->
            window.session().resultProperty().get().status()
                == dev.ferry.engine.core.RunStatus.VALIDATION_FAILED);
    assertThat(window.session().resultProperty().get().validations())
        .hasSize(2)
        .first()
        .satisfies(e -> assertThat(e.superseded()).isTrue());
    assertThat(robot.lookup("#validateStatus").queryAs(Label.class).getText())
        .contains("replaces the validation by the run at");

    // Checklists: what Ferry proves ticks itself; the DBA signs the backup off
    robot.clickOn("#next");
    waitUntil(
        30,
        () ->
            robot
                .lookup("#checklistStatus")
                .queryAs(Label.class)
                .getText()
                .contains("proved by Ferry"));
    assertThat(window.checklist().items())
        .filteredOn(i -> i.item().id().equals("sequences"))
        .singleElement()
        .satisfies(i -> assertThat(i.state()).isEqualTo("proved"));
    // the checklist reads the newest validation: it does not say the data matches
    assertThat(window.checklist().items())
        .filteredOn(i -> "validation".equals(i.item().proof()))
        .isNotEmpty()
        .allSatisfy(i -> assertThat(i.state()).isNotEqualTo("proved"));
    robot.clickOn("Create a full database backup (and test restoring it)");
    robot.clickOn("#signOff");
    robot.clickOn("#operator").eraseText(40).write("ann");
    robot.clickOn("#note").write("pg_dump -Fc taken 02:00, restore tested");
    robot.clickOn("OK");
    waitUntil(
        20,
        () -> robot.lookup("#checklistStatus").queryAs(Label.class).getText().contains("1 signed"));

    // Report: exported into the run's folder, which opens
    robot.clickOn("#next");
    robot.clickOn("#exportReport");
    waitUntil(
        30,
        () -> robot.lookup("#reportStatus").queryAs(Label.class).getText().startsWith("Written: "));
    Path html = window.report().writtenProperty().get().html();
    assertThat(Files.readString(html))
        .contains("ann at ")
        .contains("pg_dump -Fc taken 02:00, restore tested")
        .contains("Validation")
        .contains("Status <b>VALIDATION_FAILED</b>")
        .contains("— superseded</li>")
        .doesNotContain("<b>all match</b>");
    robot.clickOn("#openReportFolder");
    assertThat(console.opened()).containsExactly(html.getParent());

    for (int i = 0; i < 5; i++) {
      robot.clickOn("#back");
    }

    // back to Connect and a change there sends the DBA through Assess again
    robot.clickOn("#back");
    assertThat(window.console().currentProperty().get()).isEqualTo(Step.CONNECT);
    assertThat(window.console().canGoTo(Step.VALIDATE)).isTrue();
    robot.interact(() -> window.connect().sqliteFiles().remove(files.get(4)));
    robot.clickOn("#next");
    waitUntil(60, () -> window.console().state(Step.ASSESS).get() == StepState.DONE);
    assertThat(robot.lookup("#totals").queryAs(Label.class).getText()).startsWith("4 sources, ");
    assertThat(window.console().canGoTo(Step.MIGRATE)).isFalse();
  }

  private Stage stage;

  /** The text a button shows on screen (its skin's), which is cut to "…" when it has no room. */
  private static String shown(javafx.scene.control.Labeled l) {
    return l.lookupAll(".text").stream()
        .filter(n -> n instanceof javafx.scene.text.Text)
        .map(n -> ((javafx.scene.text.Text) n).getText())
        .findFirst()
        .orElse("");
  }

  private static double brightness(java.awt.Paint p) {
    java.awt.Color c = (java.awt.Color) p;
    return java.awt.Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[2];
  }
}
