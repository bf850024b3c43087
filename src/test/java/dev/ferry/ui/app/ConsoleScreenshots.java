package dev.ferry.ui.app;

import static dev.ferry.ui.ConsoleUnderTest.waitUntil;

import dev.ferry.TestDatabases;
import dev.ferry.engine.demo.DemoData;
import dev.ferry.ui.ConsoleUnderTest;
import dev.ferry.ui.TabHeaders;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders each step of the console with real data (seed 004's files at scale 40, the real
 * PostgreSQL) and saves PNGs to docs/screenshots/. Run by scripts/screenshots.sh under Xvfb; not
 * part of the normal test run.
 */
@Tag("screenshots")
@ExtendWith(ApplicationExtension.class)
class ConsoleScreenshots {
  @TempDir static Path dir;
  // scripts/screenshots.sh renders each theme and size: -Dshots.theme=dark -Dshots.size=1024x700
  private static final boolean DARK = "dark".equals(System.getProperty("shots.theme", "light"));
  private static final String SIZE = System.getProperty("shots.size", "1440x900");
  private static final Path OUT =
      !DARK && SIZE.equals("1440x900")
          ? Path.of("docs", "screenshots")
          : Path.of("docs", "screenshots", (DARK ? "dark-" : "light-") + SIZE);
  private ConsoleUnderTest console;
  private ConsoleWindow window;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    console = ConsoleUnderTest.on(stage, dir.resolve("ws"));
    window = console.window();
    String[] wh = SIZE.split("x");
    stage.setWidth(Double.parseDouble(wh[0]));
    stage.setHeight(Double.parseDouble(wh[1]));
    stage.show();
  }

  @AfterEach
  void tearDown() {
    console.close();
  }

  private void shot(FxRobot robot, String name) throws Exception {
    shot(robot, name, stage.getScene());
  }

  private void shot(FxRobot robot, String name, javafx.scene.Scene scene) throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(400);
    WritableImage[] holder = new WritableImage[1];
    robot.interact(() -> holder[0] = scene.snapshot(null));
    WritableImage img = holder[0];
    PixelReader px = img.getPixelReader();
    int w = (int) img.getWidth();
    int h = (int) img.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, px.getArgb(x, y));
      }
    }
    Files.createDirectories(OUT);
    ImageIO.write(out, "png", OUT.resolve(name + ".png").toFile());
  }

  @Test
  void renderEveryStep(FxRobot robot) throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      List<Path> files = DemoData.generate(dir.resolve("src"), 40);
      if (DARK != robot.lookup("#darkTheme").queryAs(ToggleButton.class).isSelected()) {
        robot.clickOn("#darkTheme");
      }
      shot(robot, "0-home");
      robot.clickOn("#newMigration");
      robot.interact(() -> window.connect().sqliteFiles().setAll(files));
      robot.clickOn("#targetDatabase").write(pg.name());
      robot.clickOn("#targetUser").write("postgres");
      robot.clickOn("#targetSchema").eraseText(6).write("mingus");
      robot.clickOn("#testSource");
      robot.clickOn("#testTarget");
      waitUntil(30, () -> window.connect().targetStatusProperty().get().startsWith("✓"));
      shot(robot, "1-connect");
      robot.clickOn("#next");
      waitUntil(120, () -> window.console().state(Step.ASSESS).get() == StepState.DONE);
      shot(robot, "2-assess");
      robot.clickOn("#next");
      robot.clickOn("#planTables");
      robot.type(KeyCode.DOWN);
      shot(robot, "3-plan");
      robot.clickOn(TabHeaders.of(robot, "DDL preview"));
      waitUntil(
          60, () -> window.plan().rehearsalSummaryProperty().get().contains("Rehearsed on the"));
      shot(robot, "3-plan-rehearsal");
      robot.clickOn("#next");
      robot.clickOn("#startMigration");
      waitUntil(60, () -> window.migrate().progressProperty().get() > 0.5);
      shot(robot, "4-migrate-running");
      waitUntil(300, () -> window.console().state(Step.MIGRATE).get() == StepState.DONE);
      shot(robot, "5-migrate-done");
      robot.clickOn("#next");
      shot(robot, "6-validate");
      robot.clickOn(TabHeaders.of(robot, "Schema"));
      shot(robot, "6-validate-schema");
      robot.clickOn("#next");
      waitUntil(60, () -> window.checklist().statusProperty().get().contains("proved by Ferry"));
      shot(robot, "7-checklists");
      robot.clickOn("#next");
      robot.clickOn("#exportReport");
      waitUntil(60, () -> window.report().writtenProperty().get() != null);
      shot(robot, "8-report");
      robot.clickOn("#home");
      waitUntil(20, () -> !window.home().runs().isEmpty());
      shot(robot, "9-history");
    }
    // the schema-changes area on seed 002's brownfield extension
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      robot.clickOn("#schemaChanges");
      openSample(robot, pg, "resources/samples/seed002-health-metrics", "1");
      robot.clickOn("#changesMigrate");
      robot.clickOn("Migrate without a backup"); // offered: no backup yet
      waitUntil(30, () -> window.changes().project().statusProperty().get().contains("applied."));
      openSample(robot, pg, "resources/samples/seed002-health-metrics", null);
      robot.clickOn(TabHeaders.of(robot, "Risk"));
      robot.clickOn("#changesRisk");
      waitUntil(
          30, () -> window.changes().project().statusProperty().get().contains("highest impact"));
      shot(robot, "10-changes-risk");
    }
    // and seed 000's: SQL checks, the row-level-security probe, the internal BI view
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      openSample(robot, pg, "resources/samples/seed000-cost-tracking", null);
      robot.clickOn("#changesMigrate");
      // the confirmation: what runs, where, approved by whom, at what risk
      shot(robot, "12-changes-migrate-confirm", robot.lookup("#migrateDialog").query().getScene());
      robot.clickOn("Migrate without a backup"); // offered: no backup yet
      waitUntil(30, () -> window.changes().project().statusProperty().get().endsWith("applied."));
      robot.clickOn(TabHeaders.of(robot, "Verify"));
      robot.clickOn("#changesVerify");
      waitUntil(60, () -> window.changes().project().statusProperty().get().startsWith("Verified"));
      shot(robot, "11-changes-verify");
    }
    // the Online page: a logical-replication source of its own, streaming into the shared server
    try (dev.ferry.engine.demo.EmbeddedPostgres source =
            dev.ferry.engine.demo.EmbeddedPostgres.start(
                dir.resolve("online-pg"), java.util.Map.of("wal_level", "logical"));
        TestDatabases.Scratch pg = TestDatabases.postgres()) {
      try (java.sql.Connection c = source.connection("postgres").open();
          java.sql.Statement st = c.createStatement()) {
        st.execute("CREATE TABLE accounts (id bigserial PRIMARY KEY, owner text)");
        st.execute(
            "CREATE TABLE payments (id bigserial PRIMARY KEY, account bigint REFERENCES accounts, amount numeric)");
        st.execute("INSERT INTO accounts (owner) SELECT 'o' || g FROM generate_series(1, 20000) g");
        st.execute(
            "INSERT INTO payments (account, amount) SELECT 1 + g % 20000, g FROM generate_series(1, 100000) g");
      }
      robot.clickOn("#home");
      robot.clickOn("#homeOnline");
      robot.interact(
          () -> {
            window.online().sourceUrlProperty().set(source.jdbcUrl("postgres"));
            window.online().sourcePasswordProperty().set(source.password().reveal());
            window.online().targetUrlProperty().set(pg.url());
          });
      robot.clickOn("#onlineCheck");
      waitUntil(30, () -> window.online().statusProperty().get().startsWith("Pre-checks"));
      robot.clickOn("#onlineStart");
      waitUntil(90, () -> "streaming".equals(window.online().stateProperty().get()));
      Thread.sleep(6000); // a few lag readings
      shot(robot, "13-online-streaming");
      robot.interact(() -> window.online().abort());
      waitUntil(30, () -> window.online().statusProperty().get().startsWith("Aborted"));
    }
  }

  private void openSample(FxRobot robot, TestDatabases.Scratch pg, String folder, String to)
      throws Exception {
    robot.interact(
        () -> {
          window.changes().project().targetUrlProperty().set(pg.url());
          window
              .changes()
              .project()
              .folderProperty()
              .set(Path.of(folder).toAbsolutePath().toString());
          window.changes().project().toVersionProperty().set(to);
        });
    robot.clickOn("#changesOpen");
    waitUntil(30, () -> window.changes().project().statusProperty().get().contains("pending"));
  }
}
