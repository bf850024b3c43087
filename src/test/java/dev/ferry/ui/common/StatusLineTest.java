package dev.ferry.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A long error never pushes the page away: three lines drawn, the whole text in Details. */
@ExtendWith(ApplicationExtension.class)
class StatusLineTest {
  private final SimpleStringProperty text = new SimpleStringProperty("Done.");
  private StatusLine line;

  @Start
  void start(Stage stage) {
    line = new StatusLine("status", text);
    stage.setScene(new Scene(new VBox(line), 600, 500));
    stage.show();
  }

  @Test
  void shortTextsStayOnOneLineLongOnesOpenInDetails(FxRobot robot) {
    assertThat(line.details().isVisible()).isFalse();
    String error =
        "Failed: ERROR: operator does not exist: boolean = integer\n  Hint: No operator matches"
            + " the given name and argument types. You might need to add explicit type casts.\n"
            + "  Where: CREATE VIEW \"mingus\".\"active_alerts\" AS SELECT … ".repeat(8);
    robot.interact(() -> text.set(error));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(line.label().getText()).isEqualTo(error);
    // at most three lines of the label's font are drawn
    assertThat(line.label().getHeight())
        .isLessThanOrEqualTo(line.label().getFont().getSize() * 4.5);
    assertThat(line.details().isVisible()).isTrue();
    assertThat(line.details().isExpanded()).isFalse();
    robot.clickOn("Details");
    assertThat(line.details().isExpanded()).isTrue();
    assertThat(robot.lookup("#statusDetails").queryTextInputControl().getText()).isEqualTo(error);
    robot.interact(() -> text.set("Done."));
    assertThat(line.details().isVisible()).isFalse();
  }
}
