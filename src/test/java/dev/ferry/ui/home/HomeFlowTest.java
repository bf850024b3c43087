package dev.ferry.ui.home;

import static dev.ferry.ui.ConsoleUnderTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.plan.Settings;
import dev.ferry.ui.ConsoleUnderTest;
import dev.ferry.ui.app.ConsoleWindow;
import dev.ferry.ui.app.Step;
import dev.ferry.ui.app.StepState;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The start page: the history of runs from the journal, resuming an interrupted run, opening a
 * finished one read-only, and the demo with its embedded PostgreSQL.
 */
@ExtendWith(ApplicationExtension.class)
class HomeFlowTest {
  @TempDir static Path dir;
  private static TestDatabases.Scratch pg;
  private static String interruptedRun;
  private ConsoleUnderTest console;
  private ConsoleWindow window;

  @Start
  void start(Stage stage) throws Exception {
    if (pg == null) {
      // a run stopped after its first chunk, as a Ctrl-C or Pause would leave it
      pg = TestDatabases.postgres();
      Path db =
          SqliteFixture.create(
              dir.resolve("events.db"),
              "CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT)",
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
                  + " INSERT INTO events SELECT i, 'event ' || i FROM n");
      Settings.Builder s = Settings.defaults().toBuilder();
      s.chunkRows = 10_000;
      s.jobs = 1;
      Ferry ferry =
          Ferry.configure()
              .workspace(dir.resolve("ws"))
              .source(ConnectionSpec.sqlite(db))
              .target(pg.spec())
              .settings(s.build())
              .load();
      AtomicBoolean cancel = new AtomicBoolean();
      MigrationResult r =
          ferry.migrate(
              ferry.plan(),
              e -> {
                if (e instanceof MigrationEvent.TableProgress) {
                  cancel.set(true);
                }
              },
              cancel);
      assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
      interruptedRun = r.runId();
    }
    console = ConsoleUnderTest.show(stage, dir.resolve("ws"));
    window = console.window();
  }

  @AfterEach
  void tearDown() {
    console.close();
  }

  @AfterAll
  static void dropTarget() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private long targetRows() throws Exception {
    try (var c = pg.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM public.events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void resumeAnInterruptedRunThenOpenItReadOnly(FxRobot robot) throws Exception {
    waitUntil(20, () -> window.home().runs().size() == 1);
    assertThat(window.home().runs().get(0).status()).isEqualTo("INTERRUPTED");
    assertThat(targetRows()).isLessThan(100_000);
    robot.clickOn(interruptedRun);
    robot.clickOn("#resumeRun");
    waitUntil(60, () -> window.console().state(Step.MIGRATE).get() == StepState.DONE);
    assertThat(window.console().currentProperty().get()).isEqualTo(Step.MIGRATE);
    assertThat(targetRows()).isEqualTo(100_000);
    assertThat(window.migrate().resultProperty().get().runId()).isEqualTo(interruptedRun);

    robot.clickOn("#home");
    waitUntil(20, () -> window.home().runs().get(0).status().equals("SUCCEEDED"));
    robot.clickOn(interruptedRun);
    robot.clickOn("#openRun");
    waitUntil(20, () -> window.console().currentProperty().get() == Step.VALIDATE);
    assertThat(robot.lookup("#validateStatus").queryAs(Label.class).getText())
        .startsWith("✓ all 1 tables match");
    // read-only: nothing can be started again from the opened run
    assertThat(robot.lookup("#startMigration").tryQuery()).isEmpty();
    assertThat(window.migrate().canStartBinding().get()).isFalse();
    // rebuilt from the run's result and recorded throughput, and saying it is read-only
    var migrate = window.migrate();
    assertThat(migrate.pastBannerProperty().get())
        .startsWith("Read-only: run " + interruptedRun + " opened from History, ended ");
    assertThat(migrate.progressTextProperty().get()).startsWith("100,000 of 100,000 rows (100%)");
    assertThat(migrate.tables())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.rowsDoneProperty().get()).isEqualTo(100_000);
              assertThat(t.rowsTotalProperty().get()).isEqualTo(100_000);
            });
    assertThat(migrate.samples())
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.seconds()).isNotNegative();
              assertThat(p.rowsPerSecond()).isNotNegative();
            });
    assertThat(migrate.samples()).anySatisfy(p -> assertThat(p.rowsPerSecond()).isPositive());
  }

  @Test
  void theDemoPreparesItsFilesAndAnEmbeddedPostgres(FxRobot robot) throws Exception {
    robot.clickOn("#tryDemo");
    // the start page gives way to Connect as soon as the demo is ready: watch the ViewModel
    waitUntil(120, () -> window.home().statusProperty().get().startsWith("Demo ready"));
    waitUntil(10, () -> window.console().currentProperty().get() == Step.CONNECT);
    assertThat(window.connect().sqliteFiles()).hasSize(5);
    assertThat(window.connect().targetUrlProperty().get())
        .startsWith("jdbc:postgresql://127.0.0.1:");
    robot.clickOn("#testTarget");
    waitUntil(30, () -> window.connect().targetStatusProperty().get().startsWith("✓"));
    assertThat(window.connect().targetStatusProperty().get())
        .contains("schema mingus will be created");
    assertThat(robot.lookup("#next").queryButton().isDisabled()).isFalse();
  }
}
