package dev.ferry.ui.online;

import static dev.ferry.ui.ConsoleUnderTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import dev.ferry.engine.demo.EmbeddedPostgres;
import dev.ferry.engine.online.OnlineRun;
import dev.ferry.ui.ConsoleUnderTest;
import dev.ferry.ui.chart.LagChart;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The console's Online page, clicked through: pre-checks, start, the tables becoming ready and the
 * lag chart filling while the source takes writes, the cutover confirmed by typing "stopped"
 * (Cancel the default), and the target holding every row.
 */
@ExtendWith(ApplicationExtension.class)
class OnlineFlowTest {
  @TempDir static Path dir;
  private ConsoleUnderTest console;

  @Start
  void start(Stage stage) {
    console = ConsoleUnderTest.show(stage, dir.resolve("ws"));
  }

  @AfterEach
  void tearDown() {
    console.close();
  }

  private static String status(FxRobot robot) {
    return robot.lookup("#onlineStatus").queryAs(Label.class).getText();
  }

  @Test
  void preCheckStartWatchAndCutOver(FxRobot robot) throws Exception {
    try (EmbeddedPostgres source =
            EmbeddedPostgres.start(dir.resolve("pg"), Map.of("wal_level", "logical"));
        TestDatabases.Scratch pg = TestDatabases.postgres()) {
      try (Connection c = source.connection("postgres").open();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE accounts (id bigserial PRIMARY KEY, owner text)");
        st.execute("INSERT INTO accounts (owner) SELECT 'o' || g FROM generate_series(1, 3000) g");
      }
      OnlineViewModel vm = console.window().online();
      try {
        robot.clickOn("#homeOnline");
        robot.clickOn("#onlineSource").write(source.jdbcUrl("postgres"));
        robot.clickOn("#onlineSourcePassword").write(source.password().reveal());
        robot.clickOn("#onlineTarget").write(pg.url());
        robot.clickOn("#onlineCheck");
        waitUntil(30, () -> status(robot).startsWith("Pre-checks passed"), () -> status(robot));
        assertThat(vm.findings()).anyMatch(f -> f.id().equals("online.ddl"));

        robot.clickOn("#onlineStart");
        waitUntil(30, () -> status(robot).startsWith("Started") || vm.runProperty().get() != null);
        assertThat(robot.lookup("#onlineStart").queryButton().isDisabled()).isTrue();
        // a write while it copies and streams
        try (Connection c = source.connection("postgres").open();
            Statement st = c.createStatement()) {
          st.execute("INSERT INTO accounts (owner) VALUES ('during')");
          st.execute("UPDATE accounts SET owner = 'changed' WHERE id = 7");
        }
        waitUntil(90, () -> "streaming".equals(vm.stateProperty().get()), () -> status(robot));
        waitUntil(20, () -> robot.lookup("#lagChart").queryAs(LagChart.class).points() >= 2);
        assertThat(vm.tables())
            .singleElement()
            .satisfies(t -> assertThat(t.state()).isEqualTo("ready"));

        robot.clickOn("#onlineCutover");
        // keys and indexes are built first (writes still flowing); then the DBA is asked
        waitUntil(
            60, () -> robot.lookup("#cutoverDialog").tryQuery().isPresent(), () -> status(robot));
        Button cancel =
            robot.lookup("#cutoverDialog").lookup(".button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals("Cancel"))
                .findFirst()
                .orElseThrow();
        assertThat(cancel.isDefaultButton()).isTrue();
        // a fallback window needs wal_level = logical on the target: the shared one has replica,
        // so it is refused before writes stop, and the page says why
        robot.clickOn("#cutoverFallback");
        robot.clickOn("#cutoverTyped").write("cutover");
        robot.clickOn("Cut over");
        waitUntil(
            30,
            () -> status(robot).contains("wal_level = logical on the target"),
            () -> status(robot));
        // the reason stays: the readings every 2 s do not replace it
        org.testfx.util.WaitForAsyncUtils.sleep(4500, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(status(robot)).contains("wal_level = logical on the target");
        assertThat(robot.lookup("#onlineFallback").queryButton().isDisabled()).isTrue();
        try (Connection c = source.connection("postgres").open();
            Statement st = c.createStatement()) {
          st.execute("INSERT INTO accounts (owner) VALUES ('still writable')");
        }
        robot.clickOn("#onlineCutover");
        waitUntil(
            60, () -> robot.lookup("#cutoverDialog").tryQuery().isPresent(), () -> status(robot));
        // Ferry stops writes by default: the word to type is "cutover"; "stopped" is not enough
        robot.clickOn("#cutoverTyped").write("stopped");
        assertThat(robot.lookup("Cut over").queryButton().isDisabled()).isTrue();
        robot.interact(
            () ->
                robot
                    .lookup("#cutoverTyped")
                    .queryAs(javafx.scene.control.TextField.class)
                    .clear());
        robot.clickOn("#cutoverTyped").write("cutover");
        robot.clickOn("Cut over");
        waitUntil(60, () -> status(robot).startsWith("Cut over at LSN"), () -> status(robot));
        assertThat(vm.runProperty().get().state()).isEqualTo(OnlineRun.State.DONE);
        assertThat(vm.cutoverProperty().get().tables()).allMatch(t -> t.matches());
        assertThat(pg.column("SELECT count(*) FROM accounts")).containsExactly("3002");
        assertThat(pg.column("SELECT owner FROM accounts WHERE id = 7")).containsExactly("changed");
        assertThat(robot.lookup("#onlineAbort").queryButton().isDisabled()).isTrue();
        robot.clickOn("#onlineReport");
        waitUntil(30, () -> status(robot).startsWith("Report written"), () -> status(robot));
        assertThat(
                java.nio.file.Files.readString(
                    dir.resolve("ws/online/" + vm.runProperty().get().id() + "-report")
                        .resolve("online-report.html")))
            .contains("Cutover checklist");
        // the old primary refuses writes to the table now
        try (Connection c = source.connection("postgres").open();
            Statement st = c.createStatement()) {
          assertThatThrownBy(() -> st.execute("INSERT INTO accounts (owner) VALUES ('late')"))
              .hasMessageContaining("stopped");
        }
      } finally {
        // a failed test leaves no subscription (the scratch database could not be dropped)
        var run = vm.runProperty().get();
        if (run != null
            && run.state() != OnlineRun.State.DONE
            && run.state() != OnlineRun.State.ABORTED) {
          new dev.ferry.engine.online.OnlineMigration(
                  source.connection("postgres"), pg.spec(), "public", null, dir.resolve("ws"))
              .abort(run);
        }
      }
    }
  }
}
